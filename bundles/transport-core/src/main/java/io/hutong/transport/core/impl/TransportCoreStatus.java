/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.Transport;

/** Reports the state of the Hutong transport core bundle to the node's status endpoint and console. */
@Component(service = HealthCheck.class,
        property = {HealthCheck.NAME + "=" + Layers.TRANSPORT + "/core", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.TRANSPORT})
public class TransportCoreStatus implements LayerCheck {

    private final Bundle bundle;
    private final SessionQueues queues;
    private final Transport transport;
    private final RoutingTable routing;

    @Activate
    public TransportCoreStatus(BundleContext context, @Reference SessionQueues queues, @Reference Transport transport,
                               @Reference RoutingTable routing) {
        this.bundle = context.getBundle();
        this.queues = queues;
        this.transport = transport;
        this.routing = routing;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bundle", bundle.getSymbolicName());
        details.put("version", bundle.getVersion().toString());
        if (queues instanceof BoundedSessionQueues b) {
            details.putAll(b.stats());
        }
        details.put("local_node_id", routing.localNodeId());
        details.put("routes", routing.routes().size());
        Map<String, String> invalid = routing instanceof ConfiguredRoutingTable t ? t.invalidRoutes() : Map.of();
        if (!invalid.isEmpty()) {
            details.put("invalid_routes", invalid);
        }
        if (transport instanceof NodeTransport t) {
            details.put("outboxes", t.stats());
            details.put("dead_letters", t.deadLetterStats());
            int dead = t.deadLetterCount();
            if (dead > 0) {
                // not DOWN: the queues serve; but messages a container pushed did not arrive, and that needs an operator
                return Health.degraded(dead + " undelivered message(s) in the dead-letter list (hutong deadletters list)",
                        details);
            }
        }
        if (!invalid.isEmpty()) {
            // the other routes work; the operator meant to reach a peer through this one and cannot
            return Health.degraded(invalid.size() + " route configuration(s) make no route: " + String.join(", ", invalid.keySet())
                    + " (see invalid_routes)", details);
        }
        return Health.up("session queues serving", details);
    }
}
