/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntimeConstants;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;
import io.hutong.api.http.Planes;

/** Reports which planes have a running REST whiteboard and where they listen. */
@Component(service = HealthCheck.class,
        property = {HealthCheck.NAME + "=" + Layers.CORE + "/http-planes", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.CORE})
public class PlaneStatus implements LayerCheck {

    private final Map<ServiceReference<?>, String> runtimes = new ConcurrentHashMap<>();

    @Reference(service = JakartarsServiceRuntime.class, target = "(" + Planes.PROPERTY + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRuntime(ServiceReference<JakartarsServiceRuntime> ref) {
        runtimes.put(ref, String.valueOf(ref.getProperty(Planes.PROPERTY)));
    }

    void removeRuntime(ServiceReference<JakartarsServiceRuntime> ref) {
        runtimes.remove(ref);
    }

    @Override
    public Health health() {
        Map<String, Object> planes = new TreeMap<>();
        runtimes.forEach((ref, plane) -> planes.put(plane,
                ref.getProperty(JakartarsServiceRuntimeConstants.JAKARTA_RS_SERVICE_ENDPOINT)));
        boolean both = planes.containsKey(Planes.EAST_WEST) && planes.containsKey(Planes.ADMIN);
        return new Health(both ? Health.State.UP : Health.State.DEGRADED,
                both ? "east-west and admin planes serving" : "planes serving: " + planes.keySet(), planes);
    }
}
