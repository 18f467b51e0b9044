/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Which HTTP runtime the Hutong whiteboard services (edge limits, error pages, REST whiteboards) go to: Jetty listeners
 * by their plane property, the Felix HTTP bridge's runtime of a web application by its bundle, and never the admin
 * plane on the application server's port.
 */
class PlaneTargetsTest {

    private static final long BRIDGE = 42L;

    /** The properties the bridge's HttpServiceRuntime carries: its endpoint and the framework's own. */
    private static final Map<String, Object> BRIDGED = Map.of("osgi.http.endpoint", "/", "service.bundleid", BRIDGE,
            "service.id", 101L);
    private static final Map<String, Object> JETTY_EAST_WEST = Map.of(Planes.PROPERTY, Planes.EAST_WEST,
            "service.bundleid", 7L, "service.id", 55L);
    private static final Map<String, Object> JETTY_ADMIN = Map.of(Planes.PROPERTY, Planes.ADMIN, "service.bundleid", 7L,
            "service.id", 56L);

    private static boolean matches(String filter, Map<String, Object> runtime) throws InvalidSyntaxException {
        return FrameworkUtil.createFilter(filter).match(new Hashtable<>(runtime));
    }

    @Test
    void aBridgedEastWestPlaneGetsTheEastWestServicesAndNothingOfTheAdminPlane() throws Exception {
        PlaneTargets t = new PlaneTargets(Planes.EAST_WEST, BRIDGE);
        assertTrue(matches(t.httpTarget(Planes.EAST_WEST), BRIDGED));
        assertTrue(matches(t.httpTarget(Planes.EAST_WEST), JETTY_EAST_WEST), "a Jetty east-west listener still counts");
        assertFalse(matches(t.httpTarget(Planes.EAST_WEST), JETTY_ADMIN));
        assertFalse(matches(t.httpTarget(Planes.ADMIN), BRIDGED), "the admin guard never goes to the server's port");
        assertTrue(matches(t.httpTarget(Planes.ADMIN), JETTY_ADMIN));
        assertTrue(matches(t.anyPlane(), BRIDGED));
        assertTrue(matches(t.anyPlane(), JETTY_ADMIN));
        assertEquals(Planes.EAST_WEST, t.planeOf(new FakeReference(BRIDGED)));
        assertEquals(Planes.ADMIN, t.planeOf(new FakeReference(JETTY_ADMIN)));
    }

    @Test
    void anotherRuntimeOfTheBridgeBundleThatNamesItsPlaneKeepsIt() throws Exception {
        PlaneTargets t = new PlaneTargets(Planes.EAST_WEST, BRIDGE);
        Map<String, Object> named = Map.of(Planes.PROPERTY, Planes.ADMIN, "service.bundleid", BRIDGE);
        assertFalse(matches(t.httpTarget(Planes.EAST_WEST), named));
        assertEquals(Planes.ADMIN, t.planeOf(new FakeReference(named)));
    }

    @Test
    void withoutTheFrameworkPropertyTheBridgeServesNoPlane() throws Exception {
        PlaneTargets t = new PlaneTargets(null, BRIDGE);
        assertEquals("(" + Planes.PROPERTY + "=" + Planes.EAST_WEST + ")", t.httpTarget(Planes.EAST_WEST));
        assertFalse(matches(t.httpTarget(Planes.EAST_WEST), BRIDGED));
        assertFalse(matches(t.anyPlane(), BRIDGED));
        assertNull(t.planeOf(new FakeReference(BRIDGED)));
        assertTrue(matches(t.httpTarget(Planes.EAST_WEST), JETTY_EAST_WEST));
    }

    @Test
    void theAdminPlaneOrAnyOtherValueIsNeverBridged() throws Exception {
        for (String hostile : new String[] {Planes.ADMIN, "east_west)(x=*", "*", "", "EAST_WEST"}) {
            PlaneTargets t = new PlaneTargets(hostile, BRIDGE);
            assertFalse(matches(t.httpTarget(Planes.ADMIN), BRIDGED), hostile);
            assertFalse(matches(t.httpTarget(Planes.EAST_WEST), BRIDGED), hostile);
            assertFalse(matches(t.anyPlane(), BRIDGED), hostile);
            assertNull(t.planeOf(new FakeReference(BRIDGED)), hostile);
        }
    }

    @Test
    void noBridgeBundleInstalledBridgesNothing() throws Exception {
        PlaneTargets t = new PlaneTargets(Planes.EAST_WEST, -1);
        assertEquals("(" + Planes.PROPERTY + "=*)", t.anyPlane());
        assertNull(t.planeOf(new FakeReference(Map.of("service.bundleid", -1L))));
    }

    /** A service reference that has properties and nothing else. */
    private record FakeReference(Map<String, Object> props) implements org.osgi.framework.ServiceReference<Object> {
        @Override
        public Object getProperty(String key) {
            return props.get(key);
        }

        @Override
        public String[] getPropertyKeys() {
            return props.keySet().toArray(String[]::new);
        }

        @Override
        public org.osgi.framework.Bundle getBundle() {
            return null;
        }

        @Override
        public org.osgi.framework.Bundle[] getUsingBundles() {
            return null;
        }

        @Override
        public boolean isAssignableTo(org.osgi.framework.Bundle bundle, String className) {
            return false;
        }

        @Override
        public int compareTo(Object reference) {
            return 0;
        }

        @Override
        public java.util.Dictionary<String, Object> getProperties() {
            return new Hashtable<>(props);
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }
    }
}
