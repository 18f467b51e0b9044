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
    /** An SGX quote of a release enclave: zero attributes (debug bit clear), MRENCLAVE 0xAA…, MRSIGNER 0xBB…. */
    static final String QUOTE = Base64.getEncoder().encodeToString(sgxQuote((byte) 0xAA, false));
    private static KeyPair rsa4096;

    private final InMemoryAccessKeys keys = new InMemoryAccessKeys();
    private final Map.Entry<String, String> credential = keys.issue();

    private String boundHash = "";
    private String verifiedQuote = QUOTE;
    private String verifiedDebugDisabled = "true";

    // a platform verifier that accepts reports whose json_report says "good" and records when it was asked
    private Instant askedAt;
    private final TeeVerifier fake = (report, at) -> {
        askedAt = at;
        return report.jsonReport().contains("good")
                ? TeeVerification.verified("UpToDate", List.of(), Map.of(TeeAttributes.HASH_OR_PEM_PUBKEY, boundHash(),
                        TeeAttributes.DEBUG_DISABLED, this.verifiedDebugDisabled), this.verifiedQuote)
                : TeeVerification.failed(Failure.REPORT_SIGNATURE_INVALID, "quote signature does not verify");
    };

    /**
     * @return a 432-byte SGX quote (48-byte header, 384-byte report body) with the given MRENCLAVE byte and debug flag
     */
    static byte[] sgxQuote(byte mrEnclave, boolean debug) {
        byte[] q = new byte[432];
        q[48 + 48] = (byte) (debug ? 0x02 : 0x00);
        java.util.Arrays.fill(q, 48 + 64, 48 + 96, mrEnclave);
        java.util.Arrays.fill(q, 48 + 128, 48 + 160, (byte) 0xBB);
        q[48 + 256] = 7; // ISVPRODID
        q[48 + 258] = 3; // ISVSVN
        return q;
    }

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

    /** @return an RSA-4096 key pair, made once per test run (it takes seconds) */
    static synchronized KeyPair rsa4096() throws Exception {
        if (rsa4096 == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(4096);
            rsa4096 = g.generateKeyPair();
        }
        return rsa4096;
    }

    static KeyPair sm2() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.PROVIDER);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    @Test
    void aVerifiedReportComesBackUasSignedWithTheCallersNonce() throws Exception {
        for (KeyPair pair : List.of(rsa4096(), sm2())) {
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
            assertEquals("AA".repeat(32), challenger.attributes().get(TeeAttributes.TA_MEASUREMENT));
            assertEquals("BB".repeat(32), challenger.attributes().get(TeeAttributes.SIGNER));
            assertEquals("7", challenger.attributes().get(TeeAttributes.PROD_ID));
            assertEquals("3", challenger.attributes().get(TeeAttributes.MIN_ISVSVN));
            assertEquals("true", challenger.attributes().get(TeeAttributes.DEBUG_DISABLED));
        }
    }

    @Test
    void aChallengerRejectsAUasReportSignedByAnotherKeyOrAlteredAfterSigning() throws Exception {
        UasSigningKey key = new UasSigningKey(rsa4096());
        UasVerifyResponse res = uas(key).verify(request("01", report(TeePlatforms.SGX_DCAP, "{\"good\":1}")));
        UnifiedAttestationReport uar = AttestationJson.read(res.attestationResult(), UnifiedAttestationReport.class);

        TeeVerification otherKey = new UasReportVerifier(new UasSigningKey(sm2()).publicKey()).verify(uar.toTeeReport(), NOW);
        assertEquals(Failure.REPORT_SIGNATURE_INVALID, otherKey.failure());

        UasReport signed = AttestationJson.read(uar.jsonReport(), UasReport.class);
        UasReport replayed = new UasReport(signed.jsonResult().replace("\"01\"", "\"02\""), signed.b64Signature());
        UnifiedAttestationReport altered = new UnifiedAttestationReport("1.0", "Uas", "Uas", AttestationJson.write(replayed), null);
        assertEquals(Failure.REPORT_SIGNATURE_INVALID,
                new UasReportVerifier(key.publicKey()).verify(altered.toTeeReport(), NOW).failure());
    }

    @Test
    void aWrongSecretOrUnknownOrRevokedKeyIsRefusedWithoutVerifying() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(rsa4096()));
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
        UnifiedAttestationService service = uas(new UasSigningKey(rsa4096()));
        UasVerifyResponse noNonce = service.verify(request("", report(TeePlatforms.SGX_DCAP, "{}")));
        assertEquals(400, noNonce.httpStatus());
        assertTrue(noNonce.resultMsg().startsWith("nonce"), noNonce.resultMsg());
        UasVerifyResponse notJson = service.verify(request("01", "{not json"));
        assertEquals(400, notJson.httpStatus());
        assertTrue(notJson.resultMsg().startsWith("report"), notJson.resultMsg());
    }

    @Test
    void aFailedOrUnsupportedVerificationIsABusinessFailureWithTheReason() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(rsa4096()));
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
        UasVerifyResponse res = uas(new UasSigningKey(rsa4096())).verify(request("01", report(TeePlatforms.CSV, "{}")));
        String json = AttestationJson.write(res);
        assertTrue(json.startsWith("{\"result_code\":\"405\",\"result_msg\":"), json);
        assertFalse(json.contains("httpStatus"), json);
        assertEquals("k", AttestationJson.read("{\"access_key\":\"k\"}", UasVerifyRequest.class).accessKey());
    }

    @Test
    void aUasKeyShorterThan4096BitsIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        KeyPair rsa3072 = g.generateKeyPair();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UasSigningKey(rsa3072));
        assertTrue(e.getMessage().contains("3072 bits, at least 4096"), e.getMessage());
        assertTrue(UasSigningKey.undersized(rsa3072.getPublic()));
        assertFalse(UasSigningKey.undersized(rsa4096().getPublic()));
        assertFalse(UasSigningKey.undersized(sm2().getPublic()));
        assertEquals(4096, new UasSigningKey(rsa4096()).publicKey() instanceof java.security.interfaces.RSAPublicKey r
                ? r.getModulus().bitLength() : -1);
    }

    @Test
    void aNodeGetsACertificateForAKeyItsReportBinds() throws Exception {
        KeyPair caKey = rsa4096();
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

    // --- issue 10, UAS: the nonce and every request field are checked -------------------------------------

    @Test
    void aNonceThatIsNotHexOrLongerThan64BytesIsRefusedBeforeAnythingIsSigned() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(sm2()));
        String good = report(TeePlatforms.SGX_DCAP, "{\"good\":1}");
        for (String nonce : List.of("not hex", "0G", "ABC", "0x01", "AB CD", "ÄÖ", "AB\n", "00".repeat(65),
                "A".repeat(1 << 20))) {
            UasVerifyResponse res = service.verify(request(nonce, good));
            assertEquals(400, res.httpStatus(), nonce.length() > 40 ? nonce.length() + " chars" : nonce);
            assertEquals(UasVerifyResponse.INVALID_INPUT, res.resultCode());
            assertTrue(res.resultMsg().startsWith("nonce: "), res.resultMsg());
            assertTrue(res.resultMsg().length() < 200, "the refusal does not echo the nonce: " + res.resultMsg().length());
            assertTrue(res.attestationResult().isEmpty());
        }
        assertEquals(null, askedAt, "no refused request reached the verifier");
        for (String nonce : List.of("01", "c0ffee", "00".repeat(64))) {
            assertEquals("0", service.verify(request(nonce, good)).resultCode(), nonce);
        }
    }

    @Test
    void everyRequestFieldIsCheckedForLengthAndAlphabet() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(sm2()));
        String good = report(TeePlatforms.SGX_DCAP, "{\"good\":1}");
        String k = credential.getKey();
        String s = credential.getValue();
        Map<String, UasVerifyRequest> bad = new java.util.LinkedHashMap<>();
        bad.put("biz_id", new UasVerifyRequest("b".repeat(129), k, s, "01", good));
        bad.put("biz_id ", new UasVerifyRequest("biz 1", k, s, "01", good));
        bad.put("access_key", new UasVerifyRequest(null, "K".repeat(65), s, "01", good));
        bad.put("access_key ", new UasVerifyRequest(null, "AK\u0000", s, "01", good));
        bad.put("access_key  ", new UasVerifyRequest(null, null, s, "01", good));
        bad.put("access_secret", new UasVerifyRequest(null, k, "s".repeat(257), "01", good));
        bad.put("report", new UasVerifyRequest(null, k, s, "01", " ".repeat(3)));
        bad.put("report ", new UasVerifyRequest(null, k, s, "01", "{" + " ".repeat(RequestFields.MAX_REPORT_CHARS) + "}"));
        bad.forEach((field, r) -> {
            UasVerifyResponse res = service.verify(r);
            assertEquals(400, res.httpStatus(), field);
            assertTrue(res.resultMsg().startsWith(field.strip() + ": "), field + " -> " + res.resultMsg());
        });
    }

    @Test
    void aRequestBodyIsReadStrictly() {
        String fields = "\"access_key\":\"AK1\",\"nonce\":\"01\",\"report\":\"{}\"";
        assertEquals("01", AttestationJson.readRequest("{" + fields + "}", UasVerifyRequest.class).nonce());
        Map<String, String> bad = Map.of(
                "{" + fields + ",\"app_key\":\"x\"}", "unknown field \"app_key\"",
                "{\"access_key\":\"AK1\",\"nonce\":12,\"report\":\"{}\"}", "nonce: expected a string",
                "{\"access_key\":true,\"nonce\":\"01\",\"report\":\"{}\"}", "access_key: expected a string",
                "{\"access_key\":\"AK1\",\"nonce\":\"01\",\"report\":{}}", "report: expected a string",
                "{" + fields + "} {}", "content after the JSON value",
                "{" + fields + "} trailing", "not valid JSON: Unrecognized token 'trailing'",
                "{" + fields + ",\"nonce\":\"02\"}", "not valid JSON: Duplicate field 'nonce'",
                "[1]", "expected a JSON object");
        bad.forEach((json, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AttestationJson.readRequest(json, UasVerifyRequest.class), json);
            assertTrue(e.getMessage().startsWith(message), json + " -> " + e.getMessage());
        });
    }

    // --- the report's version and type are checked as the reference does ------------------------------------

    @Test
    void aReportOfAnUnknownVersionOrTypeIsRefusedAndAUasReportIsNotResigned() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(sm2()));
        Map<String, UnifiedAttestationReport> bad = Map.of(
                "str_report_version", new UnifiedAttestationReport("2.0", "Passport", TeePlatforms.SGX_DCAP, "{\"good\":1}", null),
                "str_report_version ", new UnifiedAttestationReport(null, "Passport", TeePlatforms.SGX_DCAP, "{\"good\":1}", null),
                "str_report_type", new UnifiedAttestationReport("1.0", "passport", TeePlatforms.SGX_DCAP, "{\"good\":1}", null),
                "str_report_type ", new UnifiedAttestationReport("1.0", null, TeePlatforms.SGX_DCAP, "{\"good\":1}", null));
        bad.forEach((field, uar) -> {
            UasVerifyResponse res = service.verify(request("01", AttestationJson.write(uar)));
            assertEquals(400, res.httpStatus(), field);
            assertTrue(res.resultMsg().startsWith("report: " + field.strip() + ": expected"), res.resultMsg());
        });
        assertEquals(null, askedAt);
        UasVerifyResponse uas = service.verify(request("01", AttestationJson.write(
                new UnifiedAttestationReport("1.0", "Uas", TeePlatforms.SGX_DCAP, "{\"good\":1}", null))));
        assertEquals(UasVerifyResponse.VERIFICATION_FAILED, uas.resultCode());
        assertTrue(uas.resultMsg().contains("not re-signed"), uas.resultMsg());
        assertEquals("0", service.verify(request("01", AttestationJson.write(
                new UnifiedAttestationReport("1.0", "BackgroundCheck", TeePlatforms.SGX_DCAP, "{\"good\":1}", null))))
                .resultCode());
    }

    // --- the enclave identity is bound into every result --------------------------------------------------

    @Test
    void theSignedQuoteIsTheOneTheVerifierCheckedNotOneSmuggledBesideIt() throws Exception {
        UasSigningKey key = new UasSigningKey(sm2());
        String smuggled = Base64.getEncoder().encodeToString(sgxQuote((byte) 0xEE, false));
        // e.g. an IAS passport (the verifier reads json_response_body) with another enclave's quote added
        UasVerifyResponse res = uas(key).verify(request("01", report(TeePlatforms.SGX_DCAP,
                "{\"good\":1,\"b64_quote\":\"" + smuggled + "\"}")));
        assertEquals("0", res.resultCode(), res.resultMsg());
        UnifiedAttestationReport uar = AttestationJson.read(res.attestationResult(), UnifiedAttestationReport.class);
        UasAttestationResult result = AttestationJson.read(AttestationJson.read(uar.jsonReport(), UasReport.class).jsonResult(),
                UasAttestationResult.class);
        assertEquals(QUOTE, result.b64Quote());
        TeeVerification challenger = new UasReportVerifier(key.publicKey()).verify(uar.toTeeReport(), NOW);
        assertEquals("AA".repeat(32), challenger.attributes().get(TeeAttributes.TA_MEASUREMENT));
    }

    @Test
    void aVerdictWithoutAQuoteOrWithAnUnreadableOneIsNotSigned() throws Exception {
        UnifiedAttestationService service = uas(new UasSigningKey(sm2()));
        String good = report(TeePlatforms.SGX_DCAP, "{\"good\":1,\"b64_quote\":\"" + QUOTE + "\"}");
        for (String quote : List.of("", "not base64!", Base64.getEncoder().encodeToString(new byte[431]))) {
            verifiedQuote = quote;
            UasVerifyResponse res = service.verify(request("01", good));
            assertEquals(UasVerifyResponse.VERIFICATION_FAILED, res.resultCode(), quote);
            assertTrue(res.resultMsg().contains("b64_quote"), res.resultMsg());
            assertTrue(res.attestationResult().isEmpty());
        }
    }

    @Test
    void aDebugEnclaveIsRefusedUnlessConfiguredJudgedOnTheSignedQuote() throws Exception {
        UasSigningKey key = new UasSigningKey(sm2());
        String good = report(TeePlatforms.SGX_DCAP, "{\"good\":1}");
        verifiedQuote = Base64.getEncoder().encodeToString(sgxQuote((byte) 0xAA, true));
        // the verifier's own attribute says "not debug": the quote that would be signed says otherwise
        verifiedDebugDisabled = "true";
        UasVerifyResponse refused = uas(key).verify(request("01", good));
        assertEquals(UasVerifyResponse.VERIFICATION_FAILED, refused.resultCode());
        assertTrue(refused.resultMsg().startsWith("bool_debug_disabled: "), refused.resultMsg());
        assertTrue(refused.attestationResult().isEmpty());

        UnifiedAttestationService testSystem = new UnifiedAttestationService(keys,
                p -> Optional.of(fake), key, Clock.fixed(NOW, ZoneOffset.UTC), true);
        UasVerifyResponse accepted = testSystem.verify(request("01", good));
        assertEquals("0", accepted.resultCode(), accepted.resultMsg());
        TeeVerification challenger = new UasReportVerifier(key.publicKey()).verify(
                AttestationJson.read(accepted.attestationResult(), UnifiedAttestationReport.class).toTeeReport(), NOW);
        assertEquals("false", challenger.attributes().get(TeeAttributes.DEBUG_DISABLED), "the challenger sees it is a debug enclave");
    }

    @Test
    void aDebugEnclaveOfAPlatformWithoutAKnownQuoteLayoutIsJudgedOnTheVerdict() throws Exception {
        UasSigningKey key = new UasSigningKey(sm2());
        UnifiedAttestationService service = new UnifiedAttestationService(keys, p -> Optional.of(fake), key,
                Clock.fixed(NOW, ZoneOffset.UTC));
        verifiedQuote = Base64.getEncoder().encodeToString(new byte[16]);
        verifiedDebugDisabled = "false";
        UasVerifyResponse res = service.verify(request("01", report(TeePlatforms.KUNPENG, "{\"good\":1}")));
        assertEquals(UasVerifyResponse.VERIFICATION_FAILED, res.resultCode());
        assertTrue(res.resultMsg().startsWith("bool_debug_disabled: "), res.resultMsg());
        verifiedDebugDisabled = "true";
        assertEquals("0", service.verify(request("01", report(TeePlatforms.KUNPENG, "{\"good\":1}"))).resultCode());
    }

    // --- the challenger's side: a Uas report is checked as the reference does ------------------------------

    @Test
    void aChallengerRefusesAUasReportOfAnotherTypeOrVersionOrWithoutAQuote() throws Exception {
        UasSigningKey key = new UasSigningKey(sm2());
        UasReportVerifier challenger = new UasReportVerifier(key.publicKey());
        java.util.function.BiFunction<String, String, String> signed = (platform, quote) -> {
            String result = AttestationJson.write(new UasAttestationResult(0L, platform, "01", quote));
            return AttestationJson.write(new UasReport(result, key.sign(result.getBytes(StandardCharsets.UTF_8))));
        };
        String good = signed.apply(TeePlatforms.SGX_DCAP, QUOTE);
        assertTrue(challenger.verify(new UnifiedAttestationReport("1.0", "Uas", "Uas", good, null).toTeeReport(), NOW).verified());

        Map<String, UnifiedAttestationReport> bad = new java.util.LinkedHashMap<>();
        bad.put("str_report_type", new UnifiedAttestationReport("1.0", "Passport", "Uas", good, null));
        bad.put("str_report_type ", new UnifiedAttestationReport("1.0", null, "Uas", good, null));
        bad.put("str_report_version", new UnifiedAttestationReport("1.1", "Uas", "Uas", good, null));
        bad.put("b64_quote: empty", new UnifiedAttestationReport("1.0", "Uas", "Uas", signed.apply(TeePlatforms.SGX_DCAP, ""), null));
        bad.put("b64_quote: empty ", new UnifiedAttestationReport("1.0", "Uas", "Uas", signed.apply(TeePlatforms.KUNPENG, null), null));
        bad.put("b64_quote: 100 bytes", new UnifiedAttestationReport("1.0", "Uas", "Uas",
                signed.apply(TeePlatforms.SGX_EPID, Base64.getEncoder().encodeToString(new byte[100])), null));
        bad.put("str_tee_platform", new UnifiedAttestationReport("1.0", "Uas", "Uas", signed.apply("", QUOTE), null));
        bad.put("json_result: empty", new UnifiedAttestationReport("1.0", "Uas", "Uas", "{\"b64_signature\":\"AA==\"}", null));
        bad.forEach((what, uar) -> {
            TeeVerification v = challenger.verify(uar.toTeeReport(), NOW);
            assertEquals(Failure.MALFORMED, v.failure(), what);
            assertTrue(v.message().startsWith(what.strip()), what + " -> " + v.message());
        });
    }

    @Test
    void anEpidResultCarriesTheSpidBesideTheEnclaveIdentity() throws Exception {
        UasSigningKey key = new UasSigningKey(sm2());
        byte[] quote = sgxQuote((byte) 0xAA, false);
        java.util.Arrays.fill(quote, 16, 32, (byte) 0x5D);
        String result = AttestationJson.write(new UasAttestationResult(0L, TeePlatforms.SGX_EPID, "01",
                Base64.getEncoder().encodeToString(quote)));
        String json = AttestationJson.write(new UasReport(result, key.sign(result.getBytes(StandardCharsets.UTF_8))));
        TeeVerification v = new UasReportVerifier(key.publicKey()).verify(
                new UnifiedAttestationReport("1.0", "Uas", "Uas", json, null).toTeeReport(), NOW);
        assertTrue(v.verified(), v.message());
        assertEquals("5D".repeat(16), v.attributes().get(TeeAttributes.SPID));
        assertEquals("AA".repeat(32), v.attributes().get(TeeAttributes.TA_MEASUREMENT));
    }

    @Test
    void registrationRefusesTheKeyOfADebugEnclaveAndAReportOfAnUnknownType() throws Exception {
        KeyPair caKey = sm2();
        X509Certificate ca = TeeNodeRegistration.selfSigned("Hutong UAS", caKey, NOW, Duration.ofDays(3650));
        TeeNodeRegistration registration = new TeeNodeRegistration(ca, caKey, p -> Optional.of(fake), Duration.ofDays(365));
        KeyPair node = sm2();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(node.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        boundHash = Pem.sha256Hex(pem);
        verifiedDebugDisabled = "false";
        GeneralSecurityException debug = assertThrows(GeneralSecurityException.class,
                () -> registration.register("node-a", pem, report(TeePlatforms.SGX_DCAP, "{\"good\":1}"), NOW));
        assertTrue(debug.getMessage().startsWith("bool_debug_disabled"), debug.getMessage());
        new TeeNodeRegistration(ca, caKey, p -> Optional.of(fake), Duration.ofDays(365), true)
                .register("node-a", pem, report(TeePlatforms.SGX_DCAP, "{\"good\":1}"), NOW);

        verifiedDebugDisabled = "true";
        GeneralSecurityException type = assertThrows(GeneralSecurityException.class, () -> registration.register("node-a",
                pem, AttestationJson.write(new UnifiedAttestationReport("1.0", "Other", TeePlatforms.SGX_DCAP, "{\"good\":1}", null)), NOW));
        assertTrue(type.getMessage().startsWith("report: str_report_type"), type.getMessage());
    }
}
