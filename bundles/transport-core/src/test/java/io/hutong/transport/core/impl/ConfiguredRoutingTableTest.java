/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hutong.api.transport.Route;

class ConfiguredRoutingTableTest {

    @Test
    void aRouteFileBecomesARouteWithDefaultsAndTlsSettings() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("node.id", " bob ");
        p.put("address", "10.0.0.2:7304");
        p.put("tls.enabled", "true");
        p.put("tls.pinned_sha256", "ab12");
        Route r = ConfiguredRoutingTable.toRoute(p);
        assertEquals("bob", r.nodeId());
        assertEquals("http", r.protocol(), "HTTP unless said otherwise");
        assertEquals("encapsulation", r.mode(), "encapsulation unless said otherwise (T8)");
        assertEquals(Map.of("enabled", "true", "pinned_sha256", "ab12"), r.tls());
    }

    @Test
    void anIncompleteOrWrongRouteIsRefusedNamingTheField() {
        Hashtable<String, Object> noAddress = new Hashtable<>(Map.of("node.id", "bob"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfiguredRoutingTable.toRoute(noAddress))
                .getMessage().contains("address"));
        Hashtable<String, Object> badProtocol = new Hashtable<>(Map.of("node.id", "bob", "address", "h:1", "protocol", "ftp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfiguredRoutingTable.toRoute(badProtocol))
                .getMessage().contains("ftp"));
        Hashtable<String, Object> badMode = new Hashtable<>(Map.of("node.id", "bob", "address", "h:1", "mode", "tunnel"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfiguredRoutingTable.toRoute(badMode))
                .getMessage().contains("tunnel"));
    }
}
