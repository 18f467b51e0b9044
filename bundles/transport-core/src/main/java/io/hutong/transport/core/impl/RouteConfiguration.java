/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import io.hutong.api.transport.Route;
import io.hutong.api.transport.tls.RouteTls;

/**
 * One route of the routing table as a typed factory configuration (PID {@value ConfiguredRoutingTable#FACTORY_PID},
 * file {@code etc/io.hutong.transport.route~<name>.cfg}): one component per configuration, collected by
 * {@link ConfiguredRoutingTable}.
 *
 * <p>A configuration that does not make a route (no node id, no address, an unknown protocol, mode or
 * TLS key) still activates: it carries the problem instead of a route, so the table reports it in the
 * transport health and the log, naming the configuration's PID, rather than dropping it in silence.
 */
@Component(service = {}, configurationPid = ConfiguredRoutingTable.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RouteConfiguration.Config.class, factory = true)
public final class RouteConfiguration {

    private static final Logger LOG = Logger.getLogger(RouteConfiguration.class.getName());

    /** The {@code tls.*} keys of a route configuration: {@code tls.} and a {@link RouteTls#KEYS} key. */
    static final String TLS_PREFIX = "tls.";

    /**
     * A route to one peer node (spec 40 §1 "Routing"). The {@code tls.*} settings have no default on
     * purpose: a default would become a component property, and any {@code tls.*} key present switches TLS on.
     */
    @ObjectClassDefinition(name = "Hutong route",
            description = "How this node reaches one peer node east-west (one configuration per peer).")
    public @interface Config {

        /** @return the target node or institution id */
        @AttributeDefinition(name = "Node id",
                description = "Target node id (x-ptp-target-node-id) or institution id: 1 to 64 letters, digits, '.', '_' or '-'.")
        String node_id();

        /** @return {@code host:port} of the peer's transport endpoint */
        @AttributeDefinition(name = "Address", description = "host:port of the peer's east-west (HTTP) or gRPC port.")
        String address();

        /** @return {@code http} or {@code grpc} */
        @AttributeDefinition(name = "Protocol", options = {@Option(label = "HTTP", value = Route.HTTP),
                @Option(label = "gRPC", value = Route.GRPC)})
        String protocol() default Route.HTTP;

        /** @return {@code encapsulation}, {@code passthrough} or {@code encapsulation-json} (HTTP only) */
        @AttributeDefinition(name = "Mode", options = {@Option(label = "encapsulation", value = Route.ENCAPSULATION),
                @Option(label = "passthrough", value = Route.PASSTHROUGH),
                @Option(label = "encapsulation-json (HTTP, FATE OSX)", value = Route.ENCAPSULATION_JSON)})
        String mode() default Route.ENCAPSULATION;

        /** @return {@code tls.enabled} */
        @AttributeDefinition(name = "TLS enabled", required = false,
                description = "true or false; any other tls setting switches TLS on unless this says false.")
        String tls_enabled();

        /** @return {@code tls.pinned_sha256} */
        @AttributeDefinition(name = "TLS pinned certificate", required = false,
                description = "SHA-256 of the peer's leaf certificate (64 hex digits, colons allowed).")
        String tls_pinned__sha256();

        /** @return {@code tls.trust_store} */
        @AttributeDefinition(name = "TLS trust store", required = false, description = "PKCS12 or JKS file, relative to etc/.")
        String tls_trust__store();

        /** @return {@code tls.trust_store_password} */
        @AttributeDefinition(name = "TLS trust store password", required = false, type = AttributeType.PASSWORD)
        String tls_trust__store__password();

        /** @return {@code tls.trust_store_type} */
        @AttributeDefinition(name = "TLS trust store type", required = false, description = "PKCS12 or JKS (default from the file name).")
        String tls_trust__store__type();

        /** @return {@code tls.key_store} */
        @AttributeDefinition(name = "TLS key store", required = false, description = "This node's client certificate for mutual TLS.")
        String tls_key__store();

        /** @return {@code tls.key_store_password} */
        @AttributeDefinition(name = "TLS key store password", required = false, type = AttributeType.PASSWORD)
        String tls_key__store__password();

        /** @return {@code tls.key_store_type} */
        @AttributeDefinition(name = "TLS key store type", required = false, description = "PKCS12 or JKS (default from the file name).")
        String tls_key__store__type();

        /** @return {@code tls.verify_hostname} */
        @AttributeDefinition(name = "TLS verify host name", required = false, description = "true (default) or false.")
        String tls_verify__hostname();
    }

    private final ConfiguredRoutingTable table;
    private volatile String pid;
    private volatile Route route;
    private volatile String problem;

    /**
     * @param table      the routing table this route belongs to
     * @param config     the typed configuration
     * @param properties the same configuration as properties: which {@code tls.*} keys are present, and the PID
     */
    @Activate
    public RouteConfiguration(@Reference ConfiguredRoutingTable table, Config config, Map<String, Object> properties) {
        this.table = table;
        apply(config, properties);
        table.configured(this);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        apply(config, properties);
        table.configured(this);
    }

    @Deactivate
    void deactivate() {
        table.unconfigured(this);
    }

    private void apply(Config config, Map<String, Object> properties) {
        String p = String.valueOf(properties.getOrDefault("service.pid", ConfiguredRoutingTable.FACTORY_PID));
        try {
            Route r = toRoute(config, properties.keySet());
            this.problem = null;
            this.route = r;
        } catch (RuntimeException e) {
            this.route = null;
            this.problem = e.getMessage();
            LOG.severe("route configuration " + p + " is invalid and makes no route: " + e.getMessage());
        }
        this.pid = p;
    }

    /** @return the configuration's PID ({@code io.hutong.transport.route~<name>}) */
    public String pid() {
        return pid;
    }

    /** @return the route, empty when the configuration is invalid */
    public Optional<Route> route() {
        return Optional.ofNullable(route);
    }

    /** @return what is wrong with the configuration, empty when it makes a route */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * @param config  the typed configuration
     * @param present the property keys the configuration holds (a {@code tls.*} key counts when present,
     *                even empty, as the admin API's {@code tls} object does)
     * @return the route
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    static Route toRoute(Config config, Set<String> present) {
        String node = config.node_id() == null ? "" : config.node_id().strip();
        String address = config.address() == null ? "" : config.address().strip();
        if (node.isEmpty()) {
            throw new IllegalArgumentException("node.id is missing");
        }
        if (address.isEmpty()) {
            throw new IllegalArgumentException("address is missing");
        }
        Set<String> unknown = new TreeSet<>();
        for (String k : present) {
            if (k.startsWith(TLS_PREFIX) && !RouteTls.KEYS.contains(k.substring(TLS_PREFIX.length()))) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown TLS setting " + String.join(", ", unknown) + "; the settings are tls."
                    + String.join(", tls.", new TreeSet<>(RouteTls.KEYS)));
        }
        Map<String, String> tls = new LinkedHashMap<>();
        Map<String, String> typed = Map.of(
                RouteTls.ENABLED, nz(config.tls_enabled()),
                RouteTls.PINNED_SHA256, nz(config.tls_pinned__sha256()),
                RouteTls.TRUST_STORE, nz(config.tls_trust__store()),
                RouteTls.TRUST_STORE_PASSWORD, nz(config.tls_trust__store__password()),
                RouteTls.TRUST_STORE_TYPE, nz(config.tls_trust__store__type()),
                RouteTls.KEY_STORE, nz(config.tls_key__store()),
                RouteTls.KEY_STORE_PASSWORD, nz(config.tls_key__store__password()),
                RouteTls.KEY_STORE_TYPE, nz(config.tls_key__store__type()),
                RouteTls.VERIFY_HOSTNAME, nz(config.tls_verify__hostname()));
        typed.forEach((k, v) -> {
            if (present.contains(TLS_PREFIX + k)) {
                tls.put(k, v);
            }
        });
        Route route = new Route(node, address, strip(config.protocol()), strip(config.mode()), tls);
        // the same reading of the tls settings the peer links make, so a bad pin or store type shows here
        RouteTls.parse(route.tls());
        return route;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
