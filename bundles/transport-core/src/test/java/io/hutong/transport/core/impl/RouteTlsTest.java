/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hutong.api.transport.tls.RouteTls;

class RouteTlsTest {

    @Test
    void aRouteWithoutTlsSettingsIsPlaintext() {
        assertFalse(RouteTls.parse(Map.of()).enabled());
        assertFalse(RouteTls.parse(null).enabled());
        assertFalse(RouteTls.parse(Map.of("enabled", "false", "pinned_sha256", "ab".repeat(32))).enabled());
    }

    @Test
    void anyTlsSettingMeansTlsUnlessDisabled() {
        RouteTls t = RouteTls.parse(Map.of("trust_store", "peers.p12"));
        assertTrue(t.enabled(), "a route given a trust store must never be silently plaintext");
        assertEquals("PKCS12", t.trustStoreType());
        assertEquals("JKS", RouteTls.parse(Map.of("key_store", "me.JKS")).keyStoreType());
        assertTrue(t.verifyHostname());
    }

    @Test
    void aPinIsNormalisedToLowerCaseHexWithoutColons() {
        String pin = "ABCD" + "0123456789abcdef".repeat(3) + "0123456789ab";
        String withColons = pin.replaceAll("(..)(?!$)", "$1:");
        assertEquals(pin.toLowerCase(), RouteTls.parse(Map.of("pinned_sha256", withColons)).pinnedSha256());
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouteTls.parse(Map.of("trust_stor", "x.p12")))
                .getMessage().contains("unknown tls key trust_stor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouteTls.parse(Map.of("pinned_sha256", "ab12")))
                .getMessage().contains("pinned_sha256 must be the SHA-256"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouteTls.parse(Map.of("pinned_sha256", "zz".repeat(32))))
                .getMessage().contains("64 hex digits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouteTls.parse(Map.of("enabled", "yes")))
                .getMessage().contains("enabled must be true or false"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouteTls.parse(Map.of("key_store", "a", "key_store_type", "PEM")))
                .getMessage().contains("key_store_type must be PKCS12 or JKS"));
    }

    @Test
    void passwordsAreNotInTheTextForm() {
        RouteTls t = RouteTls.parse(Map.of("key_store", "me.p12", "key_store_password", "s3cret"));
        assertFalse(t.toString().contains("s3cret"));
    }

    @Test
    void onlyTls12AndNewerAreSpoken() {
        assertEquals(java.util.List.of("TLSv1.3", "TLSv1.2"), RouteTls.PROTOCOLS);
    }
}
