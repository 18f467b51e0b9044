/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.http.impl.AdminCredentials.Scheme;

/** The admin plane's credential and cross-origin decisions, and its token file. */
class AdminCredentialsTest {

    @Test
    void withoutAnyCredentialNothingIsAccepted() {
        AdminCredentials none = new AdminCredentials(null, "admin", "");
        assertFalse(none.configured());
        assertTrue(none.authenticate("Bearer ").isEmpty());
        assertTrue(none.authenticate("Basic YWRtaW46").isEmpty()); // admin: with the empty password
    }

    @Test
    void aBasicPasswordContainingAColonIsComparedWhole() {
        AdminCredentials c = new AdminCredentials(null, "admin", "a:b");
        assertEquals("admin", c.authenticate("Basic " + b64("admin:a:b")).orElseThrow().principal());
        assertTrue(c.authenticate("Basic " + b64("admin:a")).isEmpty());
        assertTrue(c.authenticate("Basic " + b64("admin:a:b:")).isEmpty());
    }

    @Test
    void readsAreNeverCheckedForOriginButChangesAre() {
        String own = "http://127.0.0.1:8080";
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BASIC, own, null, "same-origin", own).isEmpty());
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BASIC, "HTTP://127.0.0.1:8080", null, null, own).isEmpty());
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BASIC, null, null, "none", own).isPresent(),
                "a typed URL is still no evidence of origin for a change");
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BASIC, own, null, "same-site", own).isPresent(),
                "a sibling subdomain is another origin");
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BASIC, "http://127.0.0.1:8080.evil.example", null, null, own).isPresent());
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BASIC, "http://user@evil.example", null, null, own).isPresent());
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BEARER, null, null, null, own).isEmpty());
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BASIC, null, "http://127.0.0.1:8080/system/console/bundles", null, own).isEmpty());
        assertTrue(AdminCredentials.crossSiteRefusal(Scheme.BASIC, "http://[::1", null, null, own).isPresent(), "malformed");
    }

    @Test
    void theTokenFileIsCreatedOwnerOnlyAndKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/admin-token");
        String t = AdminCredentials.loadOrCreateToken(file);
        assertTrue(t.length() >= 40, t);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(t, AdminCredentials.loadOrCreateToken(file), "the same token at the next start");
        AdminCredentials c = new AdminCredentials(t, null, null);
        assertEquals(AdminCredentials.TOKEN_PRINCIPAL, c.authenticate("Bearer " + t).orElseThrow().principal());
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
