/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code $[env:…]} or {@code $[secret:…]} reference the interpolation plugin could not fill stops the start,
 * naming where it is and never what any secret holds.
 */
class ExternalValuesTest {

    private static final Map<String, String> ENV = Map.of("HUTONG_JDBC_PASSWORD", "pw-from-env");

    @TempDir
    Path dir;

    private Path secrets() throws IOException {
        return ExternalValues.secretsDirectory(Map.of(ExternalValues.SECRETS_DIR, dir.resolve("data/secrets").toString()));
    }

    private static Map<String, Map<String, Object>> config(String key, Object value) {
        return Map.of("io.hutong.store", Map.of(key, value));
    }

    private static String refusal(Map<String, Map<String, Object>> configs, Path secrets) {
        return assertThrows(IllegalStateException.class, () -> ExternalValues.requireFillable(configs, ENV::get, secrets)).getMessage();
    }

    @Test
    void theSecretsDirectoryIsCreatedForItsOwnerOnly() throws IOException {
        Path s = secrets();
        assertTrue(Files.isDirectory(s));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s)));
        assertNull(ExternalValues.secretsDirectory(Map.of()), "no directory when the profile names none");
    }

    @Test
    void aSetVariableAnExistingSecretAndDefaultsPass() throws IOException {
        Path s = secrets();
        Files.writeString(s.resolve("db-password"), "s3cret\n");
        ExternalValues.requireFillable(Map.of("io.hutong.store", Map.of(
                "jdbc.password", "$[env:HUTONG_JDBC_PASSWORD]",
                "jdbc.user", "$[env:HUTONG_JDBC_USER;default=]",
                "jdbc.url", "jdbc:postgresql://db/$[secret:db-password]",
                "pool.max", "$[secret:pool;type=Integer;default=8]",
                "list", List.of("$[secret:db-password]"))), ENV::get, s);
    }

    @Test
    void anUnsetVariableIsNamedWithItsPidAndKey() throws IOException {
        String m = refusal(config("jdbc.user", "$[env:HUTONG_NO_SUCH_VARIABLE]"), secrets());
        assertTrue(m.contains("io.hutong.store jdbc.user: environment variable HUTONG_NO_SUCH_VARIABLE is not set"), m);
    }

    @Test
    void aMissingSecretFileIsNamed() throws IOException {
        String m = refusal(config("jdbc.password", "$[secret:db-password]"), secrets());
        assertTrue(m.contains("io.hutong.store jdbc.password: no secret file"), m);
    }

    @Test
    void aSecretOutsideTheDirectoryIsRefusedAndNotRead() throws IOException {
        Path s = secrets();
        Files.writeString(dir.resolve("data/admin-token"), "the-admin-token-value");
        Files.createSymbolicLink(s.resolve("link"), dir.resolve("data/admin-token"));
        for (String name : List.of("../admin-token", dir.resolve("data/admin-token").toString(), "link", "")) {
            String m = refusal(config("jdbc.password", "$[secret:" + name + "]"), s);
            assertTrue(m.contains("outside " + s), name + ": " + m);
            assertFalse(m.contains("the-admin-token-value"), m);
        }
    }

    @Test
    void aSecretReferenceWithoutASecretsDirectoryIsRefused() throws IOException {
        String m = refusal(config("jdbc.password", "$[secret:db-password]"), null);
        assertTrue(m.contains("no secrets directory"), m);
    }

    @Test
    void theNodeDoesNotStartWithAReferenceItCannotFill() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("features"));
        Files.writeString(home.resolve("features/core.json"), """
                {"id": "t:core:1",
                 "framework-properties": {"%s": "${hutong.data}/secrets"},
                 "configurations": {"io.hutong.store": {"jdbc.password": "$[env:HUTONG_NO_SUCH_VARIABLE]"}}}"""
                .formatted(ExternalValues.SECRETS_DIR));
        NodeSettings s = NodeSettings.from(home, Map.of("profile", "core", "port", Integer.toString(NodeSettingsTest.closedPort()),
                "admin-port", Integer.toString(NodeSettingsTest.closedPort())));
        try (NodeRuntime node = new NodeRuntime(s)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> node.start(Duration.ofSeconds(120)));
            assertTrue(e.getMessage().contains("HUTONG_NO_SUCH_VARIABLE is not set"), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertTrue(Files.isDirectory(s.data().resolve("secrets")), "the secrets directory is made before the check");
        assertFalse(Files.exists(s.data().resolve("felix-cache")), "no framework was started");
    }
}
