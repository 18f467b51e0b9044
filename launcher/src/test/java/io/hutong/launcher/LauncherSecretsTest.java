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
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console and TLS store passwords reach the configurations as {@code $[secret:…]}: the launcher writes them
 * into the secrets directory at each start, owner-only, and refuses what the interpolation plugin would alter.
 */
class LauncherSecretsTest {

    @TempDir
    Path dir;

    private Path secrets() throws IOException {
        return ExternalValues.secretsDirectory(Map.of(ExternalValues.SECRETS_DIR, dir.resolve("data/secrets").toString()));
    }

    private static NodeTls tls(String keyPassword, String trustStore, String trustPassword) {
        return new NodeTls(7443, 0, "/etc/keys.p12", keyPassword, "PKCS12", trustStore, trustPassword, "PKCS12", "none");
    }

    @Test
    void theConsoleAndStorePasswordsAreWrittenForTheOwnerOnlyAndMakeTheProfilesReferencesFillable() throws IOException {
        Path s = secrets();
        LauncherSecrets.write(s, new ConsoleCredentials("admin", "c0nsole-pw"), tls("key-pw", "/etc/trust.p12", "trust-pw"));
        Map<String, String> expected = Map.of("console-password", "c0nsole-pw", "tls-key-store-password", "key-pw",
                "tls-trust-store-password", "trust-pw");
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), Files.readString(s.resolve(e.getKey())), e.getKey());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.resolve(e.getKey()))));
        }
        // the references the features give (core, console, transport) pass the launcher's check
        ExternalValues.requireFillable(Map.of(
                "org.apache.felix.webconsole.internal.servlet.OsgiManager", Map.of("password", "$[secret:console-password]"),
                "io.hutong.transport.grpc", Map.of("tls.key_store_password", "$[secret:tls-key-store-password]",
                        "tls.trust_store_password", "$[secret:tls-trust-store-password]")), name -> null, s);
    }

    @Test
    void withoutATrustStoreTheKeyStorePasswordOpensTheKeyStoreAsOneAndWithoutTlsBothAreEmpty() throws IOException {
        Path s = secrets();
        LauncherSecrets.write(s, new ConsoleCredentials("admin", "pw"), tls("key-pw", "", ""));
        assertEquals("key-pw", Files.readString(s.resolve("tls-trust-store-password")));
        LauncherSecrets.write(s, new ConsoleCredentials("admin", "pw"), NodeTls.NONE);
        assertEquals("", Files.readString(s.resolve("tls-key-store-password")), "no stale password of an earlier start");
        assertEquals("", Files.readString(s.resolve("tls-trust-store-password")));
    }

    @Test
    void aChangedPasswordReplacesTheFileAtTheNextStartLeavingNoTemporaryFile() throws IOException {
        Path s = secrets();
        LauncherSecrets.write(s, new ConsoleCredentials("admin", "pw"), tls("old-pw", "", ""));
        LauncherSecrets.write(s, new ConsoleCredentials("admin", "pw"), tls("new-pw", "", ""));
        assertEquals("new-pw", Files.readString(s.resolve("tls-key-store-password")));
        try (var files = Files.list(s)) {
            assertEquals(List.of("console-password", "tls-key-store-password", "tls-trust-store-password"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aPasswordTheInterpolationPluginWouldTrimIsRefusedWithoutShowingIt() throws IOException {
        Path s = secrets();
        String message = assertThrows(IllegalArgumentException.class,
                () -> LauncherSecrets.write(s, new ConsoleCredentials("admin", "edited-pw "), NodeTls.NONE)).getMessage();
        assertTrue(message.contains("console-password"), message);
        assertFalse(message.contains("edited-pw"), message);
        assertFalse(Files.exists(s.resolve("console-password")), "nothing written");
    }

    @Test
    void aStorePasswordWithSurroundingWhiteSpaceStopsTheStartBeforeBoot() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (OutputStream out = Files.newOutputStream(etc.resolve("keys.p12"))) {
            ks.store(out, " padded".toCharArray());
        }
        Map<String, String> v = new HashMap<>(Map.of("tls-port", "7443", "grpc-tls-port", "0", "tls-client-auth", "none",
                "tls-key-store", "keys.p12", "tls-key-store-type", "", "tls-key-store-password", " padded",
                "tls-trust-store", "", "tls-trust-store-type", "", "tls-trust-store-password", ""));
        String message = assertThrows(IllegalArgumentException.class, () -> NodeTls.from(v, etc)).getMessage();
        assertTrue(message.contains("--tls-key-store") && message.contains("white space"), message);
        assertFalse(message.contains("padded"), message);
    }
}
