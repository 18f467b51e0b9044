/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.node.NodeIdentity;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;

/**
 * The routing table kept in ConfigAdmin: one typed factory configuration of PID {@value #FACTORY_PID}
 * per peer (file {@code etc/io.hutong.transport.route~<node>.cfg}, see {@link RouteConfiguration}), so
 * operators edit routes in files, in the console or through the admin API, at runtime.
 *
 * <p>Each configuration becomes a {@link RouteConfiguration} component that reports to this table. A
 * route written through {@link #put} is in effect at once, before its configuration comes back as a
 * component; configurations that make no route are listed by {@link #invalidRoutes()}.
 */
@Component(service = {RoutingTable.class, ConfiguredRoutingTable.class})
public class ConfiguredRoutingTable implements RoutingTable {

    /** Factory PID of a route configuration. */
    public static final String FACTORY_PID = "io.hutong.transport.route";

    private final ConfigurationAdmin configs;
    private final String localNodeId;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /**
     * node id → where its route came from: the {@link RouteConfiguration} component, or the PID a
     * {@link #put} wrote and no component has confirmed yet. A component that goes takes only its own
     * routes, so a route deleted and written again is not lost when the old component leaves late.
     */
    private final Map<String, Object> sources = new ConcurrentHashMap<>();
    /** PID → the component of that configuration */
    private final Map<String, RouteConfiguration> configured = new ConcurrentHashMap<>();

    @Activate
    public ConfiguredRoutingTable(@Reference ConfigurationAdmin configs, @Reference NodeIdentity identity) {
        this.configs = configs;
        this.localNodeId = identity.nodeId();
    }

    /**
     * Takes the route a configuration makes (or its problem), replacing what the same configuration made
     * before; called by {@link RouteConfiguration} when it is activated or modified.
     */
    synchronized void configured(RouteConfiguration c) {
        configured.put(c.pid(), c);
        // what this configuration made before (or a put wrote into it), unless it still makes it: that is
        // replaced below, without a moment in which the node has no route
        String keep = c.route().map(Route::nodeId).orElse(null);
        forget(source -> source == c || c.pid().equals(source), keep);
        c.route().ifPresent(r -> {
            routes.put(r.nodeId(), r);
            sources.put(r.nodeId(), c);
        });
    }

    /** Drops what a configuration made; called by {@link RouteConfiguration} when it is deactivated. */
    synchronized void unconfigured(RouteConfiguration c) {
        configured.remove(c.pid(), c);
        forget(source -> source == c, null);
    }

    private void forget(java.util.function.Predicate<Object> madeBy, String except) {
        sources.entrySet().removeIf(e -> {
            if (madeBy.test(e.getValue()) && !e.getKey().equals(except)) {
                routes.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** @return PID → what is wrong, for every route configuration that makes no route, ordered by PID */
    public Map<String, String> invalidRoutes() {
        Map<String, String> out = new TreeMap<>();
        configured.forEach((pid, c) -> c.problem().ifPresent(p -> out.put(pid, p)));
        return out;
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
        String pid;
        try {
            Configuration c = configs.getFactoryConfiguration(FACTORY_PID, configName(route.nodeId()), "?");
            c.update(props);
            pid = c.getPid();
        } catch (IOException e) {
            throw new IllegalStateException("could not store the route to " + route.nodeId() + ": " + e.getMessage(), e);
        }
        // in effect at once; the component made from the configuration confirms it
        synchronized (this) {
            routes.put(route.nodeId(), route);
            sources.put(route.nodeId(), pid);
        }
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
        synchronized (this) {
            sources.remove(nodeId);
            return routes.remove(nodeId) != null || removed;
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
}
