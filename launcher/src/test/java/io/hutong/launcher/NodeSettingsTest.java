/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags of {@code hutong start}, read without starting anything. */
class NodeSettingsTest {

    @TempDir
    Path home;

    @Test
    void defaultsAndFlags() throws IOException {
        NodeSettings d = NodeSettings.from(home, Map.of());
        assertEquals(7304, d.eastWestPort());
        assertEquals(8080, d.adminPort());
        assertEquals(0, d.grpcPort());
        assertEquals("node", d.profile());
        assertFalse(d.noShell());
        NodeSettings s = NodeSettings.from(home, Map.of("port", "7400", "admin-port", "8100", "no-shell", "true", "node-id", "alice"));
        assertEquals(7400, s.eastWestPort());
        assertEquals(8100, s.adminPort());
        assertTrue(s.noShell());
        assertEquals("alice", s.nodeId());
        assertTrue(NodeSettings.from(home, Map.of("no-shell", "true")).noShell());
    }

    @Test
    void theShellCanBeTurnedOffInTheProperties() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/hutong.properties"), "shell=false\n");
        assertTrue(NodeSettings.from(home, Map.of()).noShell());
    }

    @Test
    void badFlagsAreNamed() {
        // a missing value, a stray word, a switch given a value: picocli refuses them first (MainTest)
        assertEquals("unknown flag --colour", assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.from(home, Map.of("colour", "blue"))).getMessage());
        assertEquals("--port must be a port number 1-65535, got 'not-a-port'", assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.from(home, Map.of("port", "not-a-port"))).getMessage());
        assertEquals("--admin-port must be a port number 1-65535, got '70000'", assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.from(home, Map.of("admin-port", "70000"))).getMessage());
    }

    /** @return a loopback port nothing listens on */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
