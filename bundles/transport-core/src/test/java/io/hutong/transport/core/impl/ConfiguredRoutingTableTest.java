/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.hutong.api.node.NodeIdentity;
import io.hutong.api.transport.Route;

class ConfiguredRoutingTableTest {

    private final Map<String, Dictionary<String, Object>> stored = new HashMap<>();
    private final ConfiguredRoutingTable table = new ConfiguredRoutingTable(configAdmin(), identity("alice"));

    @Test
    void aRouteFileBecomesARouteWithDefaultsAndTlsSettings() {
        Route r = toRoute(Map.of("node.id", " bob ", "address", "10.0.0.2:7304", "tls.enabled", "true",
                "tls.pinned_sha256", "ab".repeat(32)));
        assertEquals("bob", r.nodeId());
        assertEquals("http", r.protocol(), "HTTP unless said otherwise");
        assertEquals("encapsulation", r.mode(), "encapsulation unless said otherwise (T8)");
        assertEquals(Map.of("enabled", "true", "pinned_sha256", "ab".repeat(32)), r.tls());
        assertEquals(Map.of(), toRoute(Map.of("node.id", "bob", "address", "h:1")).tls(), "no tls.* setting: plaintext");
        assertEquals(Map.of("trust_store", ""), toRoute(Map.of("node.id", "bob", "address", "h:1", "tls.trust_store", "")).tls(),
                "a tls setting present but empty still counts, as in the admin API's tls object");
    }

    @Test
    void anIncompleteOrWrongRouteIsRefusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> toRoute(Map.of("node.id", "bob")))
                .getMessage().contains("address"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> toRoute(Map.of("address", "h:1")))
                .getMessage().contains("node.id"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> toRoute(Map.of("node.id", "bob", "address", "h:1", "protocol", "ftp"))).getMessage().contains("ftp"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> toRoute(Map.of("node.id", "bob", "address", "h:1", "mode", "tunnel"))).getMessage().contains("tunnel"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> toRoute(Map.of("node.id", "<img src=x>", "address", "h:1"))).getMessage().contains("node id"));
    }

    @Test
    void anUnknownOrMalformedTlsSettingIsRefusedNamingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> toRoute(Map.of("node.id", "bob", "address", "h:1", "tls.key_stroe", "a.p12"))).getMessage()
                .contains("tls.key_stroe"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> toRoute(Map.of("node.id", "bob", "address", "h:1", "tls.pinned_sha256", "abc"))).getMessage()
                .contains("pinned_sha256"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> toRoute(Map.of("node.id", "bob", "address", "h:1", "tls.enabled", "yes"))).getMessage()
                .contains("tls.enabled"));
    }

    @Test
    void anInvalidConfigurationIsReportedWithItsPidAndMakesNoRoute() {
        RouteConfiguration bad = configure("io.hutong.transport.route~bob", Map.of("node.id", "bob", "protocol", "ftp"));

        assertEquals(List.of(), table.routes());
        assertTrue(bad.problem().orElseThrow().contains("address"), bad.problem().toString());
        assertEquals(Map.of("io.hutong.transport.route~bob", "address is missing"), table.invalidRoutes());

        bad.modified(config(Map.of("node.id", "bob", "address", "h:1")), Map.of("service.pid", "io.hutong.transport.route~bob",
                "node.id", "bob", "address", "h:1"));
        assertEquals(Map.of(), table.invalidRoutes(), "a corrected configuration is no longer reported");
        assertEquals("h:1", table.route("bob").orElseThrow().address());

        bad.deactivate();
        assertEquals(Optional.empty(), table.route("bob"), "a deleted configuration takes its route with it");
    }

    @Test
    void aConfigurationEditedToAnotherNodeMovesItsRoute() {
        RouteConfiguration c = configure("io.hutong.transport.route~x", Map.of("node.id", "bob", "address", "h:1"));
        c.modified(config(Map.of("node.id", "carol", "address", "h:2")), Map.of("service.pid", "io.hutong.transport.route~x",
                "node.id", "carol", "address", "h:2"));

        assertEquals(List.of("carol"), table.routes().stream().map(Route::nodeId).toList());
    }

    @Test
    void aRouteWrittenAgainAfterADeleteSurvivesTheOldComponentLeavingLate() {
        table.put(new Route("bob", "h:1", "grpc", null, Map.of()));
        RouteConfiguration first = configure("io.hutong.transport.route~bob", Map.of("node.id", "bob", "address", "h:1",
                "protocol", "grpc"));
        assertTrue(table.remove("bob"));
        table.put(new Route("bob", "h:9", "http", null, Map.of()));
        assertEquals("h:9", table.route("bob").orElseThrow().address(), "in effect when put returns");

        first.deactivate();   // SCR deactivates the deleted configuration's component after the new put
        assertEquals("h:9", table.route("bob").orElseThrow().address());
        configure("io.hutong.transport.route~bob", Map.of("node.id", "bob", "address", "h:9"));
        assertEquals("h:9", table.route("bob").orElseThrow().address());
        assertEquals(1, table.routes().size());
    }

    @Test
    void putStoresTheRouteAsTheTypedConfigurationReadsIt() {
        table.put(new Route("bob", "10.0.0.2:7305", "grpc", "passthrough", Map.of("pinned_sha256", "cd".repeat(32))));
        Dictionary<String, Object> written = stored.get("io.hutong.transport.route~bob");

        Map<String, Object> props = new HashMap<>();
        written.keys().asIterator().forEachRemaining(k -> props.put(k, written.get(k)));
        assertEquals(table.route("bob").orElseThrow(), toRoute(props));
    }

    @Test
    void theComponentGivesNoTlsDefaultSoARouteWithoutTlsSettingsStaysPlaintext() throws Exception {
        // bnd writes an attribute's default into the component description as a property; a tls.* property
        // there would be present in every route's configuration and switch TLS on
        try (var in = getClass().getClassLoader()
                .getResourceAsStream("OSGI-INF/io.hutong.transport.core.impl.RouteConfiguration.xml")) {
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(xml.contains("configuration-pid=\"io.hutong.transport.route\""), xml);
            assertTrue(xml.contains("configuration-policy=\"require\""), xml);
            assertTrue(!xml.contains("\"tls."), xml);
        }
    }

    private RouteConfiguration configure(String pid, Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(props);
        all.put("service.pid", pid);
        return new RouteConfiguration(table, config(props), all);
    }

    private static Route toRoute(Map<String, Object> props) {
        return RouteConfiguration.toRoute(config(props), props.keySet());
    }

    /** The typed view DS gives a component: method {@code tls_pinned__sha256} reads property {@code tls.pinned_sha256}. */
    static RouteConfiguration.Config config(Map<String, Object> props) {
        return (RouteConfiguration.Config) Proxy.newProxyInstance(RouteConfiguration.Config.class.getClassLoader(),
                new Class<?>[] {RouteConfiguration.Config.class}, (proxy, m, args) -> {
                    String key = m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
                    Object v = props.get(key);
                    return v != null ? String.valueOf(v) : m.getDefaultValue();
                });
    }

    /** ConfigurationAdmin over {@link #stored}: factory configurations created, listed, updated and deleted there. */
    private ConfigurationAdmin configAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("getFactoryConfiguration")) {
                        return configuration(args[0] + "~" + args[1]);
                    }
                    if (m.getName().equals("listConfigurations")) {
                        Configuration[] all = stored.keySet().stream().map(this::configuration).toArray(Configuration[]::new);
                        return all.length == 0 ? null : all;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /** @return the configuration {@code pid} of {@link #stored}; a call the table should not make fails the test */
    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getPid" -> pid;
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                        stored.put(pid, d);
                        yield null;
                    }
                    case "getProperties" -> stored.get(pid);
                    case "delete" -> stored.remove(pid);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static NodeIdentity identity(String id) {
        return (NodeIdentity) Proxy.newProxyInstance(NodeIdentity.class.getClassLoader(), new Class<?>[] {NodeIdentity.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("nodeId")) {
                        return id;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
