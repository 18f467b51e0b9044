/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.launcher.NodeSettings;

/** How a web application's node is configured through the application server. */
class WebAppSettingsTest {

    @TempDir
    Path tmp;

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void systemPropertiesWinOverTheEnvironmentWhichWinsOverEtc() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/hutong.properties"), "port.east_west=7000\nport.admin=7001\nnode.id=from-etc\nhost=10.0.0.1\n");
        NodeSettings s = WebAppSettings.read(home, props("hutong.port", "7100"),
                Map.of("HUTONG_PORT", "7200", "HUTONG_ADMIN_PORT", "7201", "HUTONG_NODE_ID", "alice"));
        assertEquals(7100, s.eastWestPort(), "a system property beats the environment");
        assertEquals(7201, s.adminPort(), "the environment beats etc/hutong.properties");
        assertEquals("alice", s.nodeId());
        assertEquals("10.0.0.1", s.host(), "etc/hutong.properties beats the default");
        assertEquals("127.0.0.1", s.adminHost(), "the admin plane stays on loopback unless told otherwise");
        assertTrue(s.noShell(), "nothing in a server reads a terminal");
        assertEquals("war", s.profile(), "a server runs the profile whose east-west plane is the server's port");
    }

    @Test
    void aBadPortIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebAppSettings.read(tmp, props("hutong.admin-port", "eighty"), Map.of()));
        assertEquals("--admin-port must be a port number 1-65535, got 'eighty'", e.getMessage());
    }

    @Test
    void theHomeComesFromTheSystemPropertyTheEnvironmentOrTheWorkingDirectory() {
        assertEquals(tmp.resolve("a"), WebAppSettings.home(props("hutong.home", tmp.resolve("a").toString()),
                Map.of("HUTONG_HOME", tmp.resolve("b").toString())));
        assertEquals(tmp.resolve("b"), WebAppSettings.home(props(), Map.of("HUTONG_HOME", tmp.resolve("b").toString())));
        assertEquals(tmp.resolve("hutong"), WebAppSettings.home(props("user.dir", tmp.toString()), Map.of()));
    }

    @Test
    void preparingAHomeLinksWhatTheWarShipsAndKeepsTheOperatorsOwn() throws Exception {
        Path war1 = tmp.resolve("war1");
        Path war2 = tmp.resolve("war2");
        for (Path w : new Path[] {war1, war2}) {
            Files.createDirectories(w.resolve("features"));
            Files.createDirectories(w.resolve("system"));
        }
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.hutong.store.cfg"), "pool.max=4\n");
        WebAppSettings.prepare(home, war1);
        assertEquals(war1.resolve("features"), Files.readSymbolicLink(home.resolve("features")));
        assertTrue(Files.isDirectory(home.resolve("deploy")));
        assertEquals("pool.max=4\n", Files.readString(home.resolve("etc/io.hutong.store.cfg")), "a mounted etc/ is left as it is");

        WebAppSettings.prepare(home, war2);
        assertEquals(war2.resolve("system"), Files.readSymbolicLink(home.resolve("system")), "a redeployed WAR brings its bundles");

        Files.delete(home.resolve("system"));
        Files.createDirectories(home.resolve("system"));
        WebAppSettings.prepare(home, war1);
        assertFalse(Files.isSymbolicLink(home.resolve("system")), "an installation's own system/ is kept");
    }
}
