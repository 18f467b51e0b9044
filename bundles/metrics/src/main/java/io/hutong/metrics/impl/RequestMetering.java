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

import io.hutong.api.http.PlaneTargets;
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
        PlaneTargets planes = PlaneTargets.of(context);
        registrations = List.of(register(context, metrics, Planes.EAST_WEST, planes.httpTarget(Planes.EAST_WEST)),
                register(context, metrics, Planes.ADMIN, planes.httpTarget(Planes.ADMIN)));
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    /** @return the Servlet Whiteboard target of {@code plane}'s runtimes, as {@code io.hutong.http} targets them (WAR7) */
    static String target(String plane, String bridgedPlane, long bridgeBundle) {
        return new PlaneTargets(bridgedPlane, bridgeBundle).httpTarget(plane);
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
