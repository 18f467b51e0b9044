/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.node.NodeIdentity;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;

/**
 * The routing table kept in ConfigAdmin: one factory configuration of PID
 * {@value #FACTORY_PID} per peer (file {@code etc/io.hutong.transport.route~<node>.cfg}), so
 * operators edit routes in files, in the console or through the admin API, at runtime.
 *
 * <p>Properties of a route configuration: {@code node.id}, {@code address} ({@code host:port}),
 * {@code protocol} ({@code grpc|http}), {@code mode} ({@code encapsulation|passthrough}) and
 * {@code tls.*} (copied into {@link Route#tls()} without the prefix).
 */
@Component(service = {RoutingTable.class, ConfigurationListener.class})
public class ConfiguredRoutingTable implements RoutingTable, ConfigurationListener {

    /** Factory PID of a route configuration. */
    public static final String FACTORY_PID = "io.hutong.transport.route";

    private static final Logger LOG = Logger.getLogger(ConfiguredRoutingTable.class.getName());

    private final ConfigurationAdmin configs;
    private final String localNodeId;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    @Activate
    public ConfiguredRoutingTable(@Reference ConfigurationAdmin configs, @Reference NodeIdentity identity) {
        this.configs = configs;
        this.localNodeId = identity.nodeId();
        reload();
    }

    @Override
    public String localNodeId() {
        return localNodeId;
    }

    @Override
    public Optional<Route> route(String nodeId) {
        return nodeId == null ? Optional.empty() : Optional.ofNullable(routes.get(nodeId));
    }

    @Override
    public List<Route> routes() {
        List<Route> all = new ArrayList<>(routes.values());
        all.sort(Comparator.comparing(Route::nodeId));
        return all;
    }

    @Override
    public void put(Route route) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("node.id", route.nodeId());
        props.put("address", route.address());
        props.put("protocol", route.protocol());
        props.put("mode", route.mode());
        route.tls().forEach((k, v) -> props.put("tls." + k, v));
        try {
            Configuration c = configs.getFactoryConfiguration(FACTORY_PID, configName(route.nodeId()), "?");
            c.update(props);
        } catch (IOException e) {
            throw new IllegalStateException("could not store the route to " + route.nodeId() + ": " + e.getMessage(), e);
        }
        // in effect at once; the configuration event that follows confirms it
        routes.put(route.nodeId(), route);
    }

    @Override
    public boolean remove(String nodeId) {
        boolean removed = false;
        try {
            for (Configuration c : routeConfigurations()) {
                if (nodeId.equals(String.valueOf(c.getProperties().get("node.id")))) {
                    c.delete();
                    removed = true;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not delete the route to " + nodeId + ": " + e.getMessage(), e);
        }
        return routes.remove(nodeId) != null || removed;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (FACTORY_PID.equals(event.getFactoryPid())) {
            reload();
        }
    }

    /** Configuration names may only hold what file names can; node ids are opaque, so keep the safe part. */
    private static String configName(String nodeId) {
        return nodeId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private List<Configuration> routeConfigurations() throws IOException {
        try {
            Configuration[] found = configs.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void reload() {
        Map<String, Route> fresh = new HashMap<>();
        try {
            for (Configuration c : routeConfigurations()) {
                Dictionary<String, Object> p = c.getProperties();
                if (p == null) {
                    continue;
                }
                try {
                    Route r = toRoute(p);
                    fresh.put(r.nodeId(), r);
                } catch (RuntimeException e) {
                    LOG.warning("ignoring route configuration " + c.getPid() + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not read the route configurations", e);
            return;
        }
        routes.keySet().retainAll(fresh.keySet());
        routes.putAll(fresh);
    }

    static Route toRoute(Dictionary<String, Object> p) {
        Object node = p.get("node.id");
        Object address = p.get("address");
        if (node == null || String.valueOf(node).isBlank()) {
            throw new IllegalArgumentException("node.id is missing");
        }
        if (address == null || String.valueOf(address).isBlank()) {
            throw new IllegalArgumentException("address is missing");
        }
        Map<String, String> tls = new HashMap<>();
        for (Enumeration<String> keys = p.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (k.startsWith("tls.")) {
                tls.put(k.substring(4), String.valueOf(p.get(k)));
            }
        }
        return new Route(String.valueOf(node).strip(), String.valueOf(address).strip(), str(p.get("protocol")),
                str(p.get("mode")), tls);
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o).strip();
    }
}
