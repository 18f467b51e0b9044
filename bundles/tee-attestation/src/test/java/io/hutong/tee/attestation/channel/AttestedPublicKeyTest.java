/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.impl.Pem;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UnifiedAttestationAttributes;
import io.hutong.tee.attestation.model.UnifiedAttestationAuthReport;
import io.hutong.tee.attestation.model.UnifiedAttestationPolicy;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;

class AttestedPublicKeyTest {

    private static final Instant AT = Instant.parse("2025-07-01T00:00:00Z");

    private static String pem(KeyPair k) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(k.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    // a verifier reporting that the TEE bound the hash given in json_report
    private static final TeeVerifier BINDING = (report, at) -> report.jsonReport().startsWith("forged")
            ? TeeVerification.failed(Failure.REPORT_SIGNATURE_INVALID, "quote signature does not verify")
            : TeeVerification.verified("UpToDate", List.of(), Map.of(TeeAttributes.TEE_PLATFORM, TeePlatforms.SGX_DCAP,
                    TeeAttributes.SIGNER, "815F42F1", TeeAttributes.HASH_OR_PEM_PUBKEY, report.jsonReport()));

    private static UnifiedAttestationAuthReport auth(String bound, String pem) {
        return new UnifiedAttestationAuthReport(new UnifiedAttestationReport("1.0", "Passport", TeePlatforms.SGX_DCAP,
                bound, null), pem);
    }

    private static UnifiedAttestationPolicy signer(String s) {
        return new UnifiedAttestationPolicy("", List.of(new UnifiedAttestationAttributes(Map.of(TeeAttributes.SIGNER, s))), List.of());
    }

    @Test
    void theKeyOfAReportThatBindsItAndSatisfiesThePolicyIsAccepted() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair tee = g.generateKeyPair();
        String pem = pem(tee);
        UnifiedAttestationAuthReport auth = auth(Pem.sha256Hex(pem), pem);
        // it also survives its JSON form, where the standard's envelope text says attestation_report
        String json = AttestationJson.write(auth).replace("\"report\"", "\"attestation_report\"");

        assertEquals(tee.getPublic(), AttestedPublicKey.accept(AttestationJson.read(json, UnifiedAttestationAuthReport.class),
                signer("815f42f1"), p -> Optional.of(BINDING), AT));
    }

    @Test
    void aKeyTheReportDoesNotBindOrAPolicyMissOrAForgedReportIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = pem(g.generateKeyPair());
        String other = pem(g.generateKeyPair());

        GeneralSecurityException swapped = assertThrows(GeneralSecurityException.class, () -> AttestedPublicKey.accept(
                auth(Pem.sha256Hex(pem), other), signer("815F42F1"), p -> Optional.of(BINDING), AT));
        assertTrue(swapped.getMessage().startsWith("pem_public_key"), swapped.getMessage());

        GeneralSecurityException policy = assertThrows(GeneralSecurityException.class, () -> AttestedPublicKey.accept(
                auth(Pem.sha256Hex(pem), pem), signer("01"), p -> Optional.of(BINDING), AT));
        assertTrue(policy.getMessage().startsWith("policy: hex_signer"), policy.getMessage());

        assertThrows(GeneralSecurityException.class, () -> AttestedPublicKey.accept(auth("forged", pem), signer(""),
                p -> Optional.of(BINDING), AT));
        GeneralSecurityException none = assertThrows(GeneralSecurityException.class, () -> AttestedPublicKey.accept(
                auth(Pem.sha256Hex(pem), pem), signer(""), p -> Optional.empty(), AT));
        assertTrue(none.getMessage().startsWith("unsupported: "), none.getMessage());
    }
}
