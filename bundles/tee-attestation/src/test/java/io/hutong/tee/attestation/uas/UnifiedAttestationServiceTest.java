/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import io.hutong.tee.attestation.impl.Crypto;
import io.hutong.tee.attestation.impl.Pem;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UasAttestationResult;
import io.hutong.tee.attestation.model.UasReport;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;

class UnifiedAttestationServiceTest {

    private static final Instant NOW = Instant.parse("2025-07-01T00:00:00Z");
    private static final String QUOTE = Base64.getEncoder().encodeToString(new byte[432]);

    private final InMemoryAccessKeys keys = new InMemoryAccessKeys();
    private final Map.Entry<String, String> credential = keys.issue();

    // a platform verifier that accepts reports whose json_report says "good" and records when it was asked
    private Instant askedAt;
    private final TeeVerifier fake = (report, at) -> {
        askedAt = at;
        return report.jsonReport().contains("good")
                ? TeeVerification.verified("UpToDate", List.of(), Map.of(TeeAttributes.HASH_OR_PEM_PUBKEY, boundHash()))
                : TeeVerification.failed(Failure.REPORT_SIGNATURE_INVALID, "quote signature does not verify");
    };
    private String boundHash = "";

    private String boundHash() {
        return boundHash;
    }

    private UnifiedAttestationService uas(UasSigningKey key) {
        return new UnifiedAttestationService(keys,
                p -> p.equals(TeePlatforms.SGX_DCAP) ? Optional.of(fake) : Optional.empty(), key,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String report(String platform, String jsonReport) {
        return AttestationJson.write(new UnifiedAttestationReport("1.0", "Passport", platform, jsonReport, null));
    }

    private UasVerifyRequest request(String nonce, String report) {
        return new UasVerifyRequest("biz-1", credential.getKey(), credential.getValue(), nonce, report);
    }

    static KeyPair rsa3072() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        return g.generateKeyPair();
    }

    static KeyPair sm2() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.PROVIDER);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    @Test
    void aVerifiedReportComesBackUasSignedWithTheCallersNonce() throws Exception {
        for (KeyPair pair : List.of(rsa3072(), sm2())) {
            UasSigningKey key = new UasSigningKey(pair);
            UasVerifyResponse res = uas(key).verify(request("0A0B0C", report(TeePlatforms.SGX_DCAP,
                    "{\"b64_quote\":\"" + QUOTE + "\",\"good\":1}")));

            assertEquals(200, res.httpStatus());
            assertEquals("0", res.resultCode(), res.resultMsg());
            assertEquals(NOW, askedAt, "the verifier is asked at the service clock's time");
            UnifiedAttestationReport uar = AttestationJson.read(res.attestationResult(), UnifiedAttestationReport.class);
            assertEquals(TeePlatforms.UAS, uar.teePlatform());
            assertEquals("Uas", uar.reportType());
            UasReport signed = AttestationJson.read(uar.jsonReport(), UasReport.class);
            assertTrue(UasSigningKey.verify(key.publicKey(), signed.jsonResult().getBytes(StandardCharsets.UTF_8),
                    signed.b64Signature()));
            UasAttestationResult result = AttestationJson.read(signed.jsonResult(), UasAttestationResult.class);
            assertEquals(0L, result.resultCode());
            assertEquals("0A0B0C", result.hexNonce());
            assertEquals(TeePlatforms.SGX_DCAP, result.teePlatform());
            assertEquals(QUOTE, result.b64Quote());

            // the challenger's side: signature with the UAS key, then the nonce it sent
            TeeVerification challenger = new UasReportVerifier(key.publicKey()).verify(uar.toTeeReport(), NOW);
            assertTrue(challenger.verified(), challenger.message());
            assertEquals("0A0B0C", challenger.attributes().get(TeeAttributes.NONCE));
            assertEquals(TeePlatforms.SGX_DCAP, challenger.attributes().get(TeeAttributes.TEE_PLATFORM));
        }
    }

    @Test
    void aChallengerRejectsAUasReportSignedByAnotherKeyOrAlteredAfterSigning() throws Exception {
        UasSigningKey key = new UasSigningKey(rsa3072());
        UasVerifyResponse res = uas(key).verify(request("01", report(TeePlatforms.SGX_DCAP, "{\"good\":1}")));
        UnifiedAttestationReport uar = AttestationJson.read(res.attestationResult(), UnifiedAttestationReport.class);

        TeeVerification otherKey = new UasReportVerifier(new UasSigningKey(rsa3072()).publicKey()).verify(uar.toTeeReport(), NOW);
        assertEquals(Failure.REPORT_SIGNATURE_INVALID, otherKey.failure());

        UasReport signed = AttestationJson.read(uar.jsonReport(), UasReport.class);
        UasReport replayed = new UasReport(signed.jsonResult().replace("\"01\"", "\"02\""), signed.b64Signature());
        UnifiedAttestationReport altered = new UnifiedAttestationReport("1.0", "Uas", "Uas", AttestationJson.write(replayed), null);
        assertEquals(Failure.REPORT_SIGNATURE_INVALID,
                new UasReportVerifier(key.publicKey()).verify(altered.toTeeReport(), NOW).failure());
    }

    @Test
    void aWrongSecretOrUnknownOrRevokedKeyIsRefusedWithoutVerifying() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(rsa3072()));
        String good = report(TeePlatforms.SGX_DCAP, "{\"good\":1}");
        for (UasVerifyRequest r : List.of(new UasVerifyRequest(null, credential.getKey(), "wrong", "01", good),
                new UasVerifyRequest(null, "AKunknown", credential.getValue(), "01", good))) {
            UasVerifyResponse res = service.verify(r);
            assertEquals(200, res.httpStatus());
            assertEquals(UasVerifyResponse.ACCESS_DENIED, res.resultCode());
            assertTrue(res.attestationResult().isEmpty());
        }
        assertEquals(null, askedAt);
        keys.revoke(credential.getKey());
        assertEquals(UasVerifyResponse.ACCESS_DENIED, service.verify(request("01", good)).resultCode());
    }

    @Test
    void malformedRequestsAnswer400NamingTheField() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(rsa3072()));
        UasVerifyResponse noNonce = service.verify(request("", report(TeePlatforms.SGX_DCAP, "{}")));
        assertEquals(400, noNonce.httpStatus());
        assertTrue(noNonce.resultMsg().startsWith("nonce"), noNonce.resultMsg());
        UasVerifyResponse notJson = service.verify(request("01", "{not json"));
        assertEquals(400, notJson.httpStatus());
        assertTrue(notJson.resultMsg().startsWith("report"), notJson.resultMsg());
    }

    @Test
    void aFailedOrUnsupportedVerificationIsABusinessFailureWithTheReason() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(rsa3072()));
        UasVerifyResponse bad = service.verify(request("01", report(TeePlatforms.SGX_DCAP, "{\"bad\":1}")));
        assertEquals(200, bad.httpStatus());
        assertEquals(UasVerifyResponse.VERIFICATION_FAILED, bad.resultCode());
        assertTrue(bad.resultMsg().contains("REPORT_SIGNATURE_INVALID"), bad.resultMsg());
        assertTrue(bad.attestationResult().isEmpty());

        UasVerifyResponse unknown = service.verify(request("01", report(TeePlatforms.CSV, "{}")));
        assertEquals(UasVerifyResponse.VERIFICATION_FAILED, unknown.resultCode());
        assertTrue(unknown.resultMsg().startsWith("unsupported: "), unknown.resultMsg());
    }

    @Test
    void responseJsonUsesTheStandardsFieldNames() throws Exception {
        UasVerifyResponse res = uas(new UasSigningKey(rsa3072())).verify(request("01", report(TeePlatforms.CSV, "{}")));
        String json = AttestationJson.write(res);
        assertTrue(json.startsWith("{\"result_code\":\"405\",\"result_msg\":"), json);
        assertFalse(json.contains("httpStatus"), json);
        assertEquals("k", AttestationJson.read("{\"access_key\":\"k\"}", UasVerifyRequest.class).accessKey());
    }

    @Test
    void aUasKeyShorterThan3072BitsIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        assertThrows(IllegalArgumentException.class, () -> new UasSigningKey(g.generateKeyPair()));
    }

    @Test
    void aNodeGetsACertificateForAKeyItsReportBinds() throws Exception {
        KeyPair caKey = rsa3072();
        X509Certificate ca = TeeNodeRegistration.selfSigned("Hutong UAS", caKey, NOW, Duration.ofDays(3650));
        TeeNodeRegistration registration = new TeeNodeRegistration(ca, caKey,
                p -> Optional.of(fake), Duration.ofDays(365));
        KeyPair node = sm2();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(node.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String good = report(TeePlatforms.SGX_DCAP, "{\"good\":1}");

        boundHash = Pem.sha256Hex(pem);
        X509Certificate cert = registration.register("node-a", pem, good, NOW);
        cert.verify(ca.getPublicKey());
        cert.checkValidity(java.util.Date.from(NOW.plus(Duration.ofDays(1))));
        assertEquals("CN=node-a", cert.getSubjectX500Principal().getName());
        assertEquals(node.getPublic(), cert.getPublicKey());

        boundHash = "00".repeat(32);
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> registration.register("node-a", pem, good, NOW));
        assertTrue(e.getMessage().startsWith("hex_hash_or_pem_pubkey"), e.getMessage());
        assertThrows(GeneralSecurityException.class,
                () -> registration.register("node-a", pem, report(TeePlatforms.SGX_DCAP, "{\"bad\":1}"), NOW));
    }
}
