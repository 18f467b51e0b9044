/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import io.hutong.api.http.Planes;

/**
 * Puts a {@link PlaneRequestMeter} in front of each HTTP plane (Servlet Whiteboard preprocessor, the
 * highest ranking, ahead of the edge limits of {@code io.hutong.http}), so every request of either
 * listener is counted, whatever servlet or resource answers it.
 */
@Component(immediate = true, service = {})
public class RequestMetering {

    private final List<ServiceRegistration<Preprocessor>> registrations;

    @Activate
    public RequestMetering(BundleContext context, @Reference NodeMetrics metrics) {
        long bridge = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "org.apache.felix.http.bridge".equals(b.getSymbolicName()))
                .mapToLong(org.osgi.framework.Bundle::getBundleId).findFirst().orElse(-1);
        String bridged = context.getProperty("hutong.http.bridge.plane");
        registrations = List.of(register(context, metrics, Planes.EAST_WEST, target(Planes.EAST_WEST, bridged, bridge)),
                register(context, metrics, Planes.ADMIN, target(Planes.ADMIN, bridged, bridge)));
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    /**
     * @return the Servlet Whiteboard target of {@code plane}'s runtimes: those naming it with {@value Planes#PROPERTY},
     *         and, when the framework property {@code hutong.http.bridge.plane} bridges the east-west plane (a node in
     *         {@code hutong.war}), the Felix HTTP bridge's runtime, which names no plane and is known by its bundle;
     *         the rule of {@code io.hutong.http} (decision WAR7), whose edge limits this meter precedes
     */
    static String target(String plane, String bridgedPlane, long bridgeBundle) {
        String named = "(" + Planes.PROPERTY + "=" + plane + ")";
        boolean bridged = Planes.EAST_WEST.equals(plane) && bridgedPlane != null
                && Planes.EAST_WEST.equals(bridgedPlane.strip()) && bridgeBundle >= 0;
        return bridged ? "(|" + named + "(&(!(" + Planes.PROPERTY + "=*))(" + Constants.SERVICE_BUNDLEID + "="
                + bridgeBundle + ")))" : named;
    }

    private static ServiceRegistration<Preprocessor> register(BundleContext context, NodeMetrics metrics, String plane,
                                                              String target) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, target);
        p.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        p.put(Constants.SERVICE_DESCRIPTION, "Hutong request meter, plane " + plane);
        return context.registerService(Preprocessor.class, new PlaneRequestMeter(metrics.registry(), plane), p);
    }
}
