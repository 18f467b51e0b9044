/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import io.hutong.api.http.Planes;

/** Which HTTP runtimes the request meter counts: both Jetty listeners, and a WAR's east-west plane on the bridge. */
class RequestMeteringTest {

    private static final Map<String, Object> BRIDGED = Map.of("osgi.http.endpoint", "/", "service.bundleid", 42L);
    private static final Map<String, Object> JETTY_ADMIN = Map.of(Planes.PROPERTY, Planes.ADMIN, "service.bundleid", 7L);
    private static final Map<String, Object> JETTY_EAST_WEST = Map.of(Planes.PROPERTY, Planes.EAST_WEST, "service.bundleid", 7L);

    private static boolean matches(String filter, Map<String, Object> runtime) throws InvalidSyntaxException {
        return FrameworkUtil.createFilter(filter).match(new Hashtable<>(runtime));
    }

    @Test
    void aWarNodesEastWestRequestsAreCountedOnTheBridgeAndItsAdminOnesOnJetty() throws Exception {
        assertTrue(matches(RequestMetering.target(Planes.EAST_WEST, "east_west", 42), BRIDGED));
        assertTrue(matches(RequestMetering.target(Planes.EAST_WEST, "east_west", 42), JETTY_EAST_WEST));
        assertFalse(matches(RequestMetering.target(Planes.ADMIN, "east_west", 42), BRIDGED));
        assertTrue(matches(RequestMetering.target(Planes.ADMIN, "east_west", 42), JETTY_ADMIN));
    }

    @Test
    void withoutABridgedPlaneOnlyTheListenersNamingTheirPlaneAreCounted() throws Exception {
        for (String bridged : new String[] {null, "", Planes.ADMIN, "east_west)(x=*"}) {
            assertFalse(matches(RequestMetering.target(Planes.EAST_WEST, bridged, 42), BRIDGED), String.valueOf(bridged));
            assertFalse(matches(RequestMetering.target(Planes.ADMIN, bridged, 42), BRIDGED), String.valueOf(bridged));
        }
        assertFalse(matches(RequestMetering.target(Planes.EAST_WEST, "east_west", -1), BRIDGED), "no bridge installed");
    }
}
