/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.http;

import java.util.Arrays;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Which HTTP runtime serves which plane, as Servlet Whiteboard targets: a runtime names its plane with the service
 * property {@value Planes#PROPERTY}, as each Felix HTTP Jetty listener does through its
 * {@code org.apache.felix.http.runtime.init.hutong.plane} setting; the runtime of the Felix HTTP bridge (a node in
 * a web application, {@code hutong.war}) carries no property but its endpoint, so the framework property
 * {@value #BRIDGE_PLANE} names its plane, and it is selected by its bundle (decision WAR7).
 *
 * <p>In the API because every bundle that registers per plane needs the same rule: {@code io.hutong.http}'s edge
 * limits, error pages and REST whiteboards, and {@code io.hutong.metrics}' request meter.
 *
 * <p>Only the east-west plane may be bridged: the bridge serves on the application server's own port, where peers
 * are, and an operator endpoint is never reachable there. Any other value bridges nothing, with a warning.
 */
public final class PlaneTargets {

    /** Framework property: the plane the Felix HTTP bridge's runtime serves ({@value Planes#EAST_WEST} or unset). */
    public static final String BRIDGE_PLANE = "hutong.http.bridge.plane";

    /** Symbolic name of the Felix HTTP bridge. */
    public static final String BRIDGE_BUNDLE = "org.apache.felix.http.bridge";

    private static final Logger LOG = Logger.getLogger(PlaneTargets.class.getName());

    private final String bridgePlane;
    private final long bridgeBundle;

    /**
     * @param bridgePlane  the plane of the bridge's runtime, null for none
     * @param bridgeBundle the bridge's bundle id, negative when it is not installed
     */
    public PlaneTargets(String bridgePlane, long bridgeBundle) {
        if (bridgePlane != null && !bridgePlane.isBlank() && !Planes.EAST_WEST.equals(bridgePlane.strip())) {
            LOG.warning(BRIDGE_PLANE + "=" + bridgePlane + " ignored: only the " + Planes.EAST_WEST
                    + " plane may be served by the application server's port");
        }
        this.bridgePlane = bridgePlane != null && Planes.EAST_WEST.equals(bridgePlane.strip()) && bridgeBundle >= 0
                ? Planes.EAST_WEST : null;
        this.bridgeBundle = bridgeBundle;
    }

    /** @return the targets of this framework: its {@value #BRIDGE_PLANE} and the bridge bundle installed in it */
    public static PlaneTargets of(BundleContext context) {
        long bridge = Arrays.stream(context.getBundles()).filter(b -> BRIDGE_BUNDLE.equals(b.getSymbolicName()))
                .mapToLong(Bundle::getBundleId).findFirst().orElse(-1);
        return new PlaneTargets(context.getProperty(BRIDGE_PLANE), bridge);
    }

    /** @return a Servlet Whiteboard target ({@code osgi.http.whiteboard.target}) selecting the runtimes of {@code plane} */
    public String httpTarget(String plane) {
        String named = "(" + Planes.PROPERTY + "=" + plane + ")";
        return plane.equals(bridgePlane) ? "(|" + named + bridged() + ")" : named;
    }

    /** @return a filter on {@code HttpServiceRuntime} services selecting every runtime that serves a plane */
    public String anyPlane() {
        String named = "(" + Planes.PROPERTY + "=*)";
        return bridgePlane == null ? named : "(|" + named + bridged() + ")";
    }

    /** @return the plane {@code runtime} serves, null for none */
    public String planeOf(ServiceReference<?> runtime) {
        Object named = runtime.getProperty(Planes.PROPERTY);
        if (named != null) {
            return String.valueOf(named);
        }
        Object bundle = runtime.getProperty(Constants.SERVICE_BUNDLEID);
        return bridgePlane != null && bundle instanceof Long id && id == bridgeBundle ? bridgePlane : null;
    }

    private String bridged() {
        return "(&(!(" + Planes.PROPERTY + "=*))(" + Constants.SERVICE_BUNDLEID + "=" + bridgeBundle + "))";
    }
}
