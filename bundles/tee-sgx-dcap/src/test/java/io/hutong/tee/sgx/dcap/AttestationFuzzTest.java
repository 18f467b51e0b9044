/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.sgx.DcapReport;
import io.hutong.fuzz.ByteMutation;
import io.hutong.fuzz.FuzzCounts;
import io.hutong.fuzz.JsonMutation;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UnifiedAttestationAttributes;
import io.hutong.tee.attestation.model.UnifiedAttestationPolicy;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;
import io.hutong.tee.attestation.policy.PolicyEvaluation;
import io.hutong.tee.attestation.policy.PolicyVerdict;
import io.hutong.tee.attestation.uas.InMemoryAccessKeys;
import io.hutong.tee.attestation.uas.UasReportVerifier;
import io.hutong.tee.attestation.uas.UasSigningKey;
import io.hutong.tee.attestation.uas.UasVerifyRequest;
import io.hutong.tee.attestation.uas.UasVerifyResponse;
import io.hutong.tee.attestation.uas.UnifiedAttestationService;
import io.hutong.tee.sgx.dcap.impl.DcapJson;
import io.hutong.tee.sgx.dcap.impl.Rejection;
import io.hutong.tee.sgx.dcap.impl.SgxQuote;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing the attestation parsers with inputs mutated from real evidence (the recorded DCAP quotes in
 * {@code ../shared/testdata/tee}): the SGX quote parser and the DCAP verifier, the UAS verify request
 * with the UnifiedAttestationReport (UAR) nested in it, and the UnifiedAttestationPolicy (UAP).
 * Every input must get a verdict or the documented exception, never another exception or a hang,
 * and a quote whose signed bytes changed must never verify.
 */
class AttestationFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FuzzCounts TRIED = new FuzzCounts();

    static DcapVectors.Vector qvl;
    static DcapVectors.Vector automata;
    static SgxDcapVerifier dcap;
    static UnifiedAttestationService uas;
    static String verifyRequest;
    static String policy;
    static UnifiedAttestationAttributes verifiedAttributes;

    @BeforeContainer
    static void evidence() throws Exception {
        qvl = DcapVectors.dcapQvl();
        automata = DcapVectors.automata();
        dcap = SgxDcapVerifier.pinningIntelRoot();
        // SM2: an RSA key of the size the standard asks for takes tens of seconds to generate on a loaded machine
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        g.initialize(new java.security.spec.ECGenParameterSpec("sm2p256v1"));
        UasSigningKey key = new UasSigningKey(g.generateKeyPair());
        InMemoryAccessKeys keys = new InMemoryAccessKeys();
        Map.Entry<String, String> credential = keys.issue();
        uas = new UnifiedAttestationService(keys, p -> p.equals(TeePlatforms.SGX_DCAP) ? Optional.of(dcap) : Optional.empty(),
                key, Clock.fixed(qvl.inside(), ZoneOffset.UTC));
        String passport = AttestationJson.write(new UnifiedAttestationReport("1.0", "Passport", TeePlatforms.SGX_DCAP,
                DcapJson.write(new DcapReport(Base64.getEncoder().encodeToString(qvl.quote()),
                        DcapJson.write(qvl.collateral()))), null));
        UasVerifyRequest valid = new UasVerifyRequest("biz-1", credential.getKey(), credential.getValue(), "C0FFEE01", passport);
        verifyRequest = JSON.writeValueAsString(valid);
        UasVerifyResponse res = uas.verify(valid);
        assertTrue(UasVerifyResponse.OK.equals(res.resultCode()), "the seed verifies: " + res.resultMsg());
        TeeVerification challenger = new UasReportVerifier(key.publicKey()).verify(
                AttestationJson.read(res.attestationResult(), UnifiedAttestationReport.class).toTeeReport(), qvl.inside());
        assertTrue(challenger.verified(), challenger.message());
        verifiedAttributes = new UnifiedAttestationAttributes(challenger.attributes());
        policy = AttestationJson.write(new UnifiedAttestationPolicy("", List.of(new UnifiedAttestationAttributes(Map.of(
                TeeAttributes.NONCE, "C0FFEE01", TeeAttributes.SIGNER, challenger.attributes().get(TeeAttributes.SIGNER),
                TeeAttributes.TA_MEASUREMENT, challenger.attributes().get(TeeAttributes.TA_MEASUREMENT),
                TeeAttributes.DEBUG_DISABLED, "true"))), List.of()));
        assertTrue(PolicyEvaluation.evaluate(AttestationJson.read(policy, UnifiedAttestationPolicy.class), verifiedAttributes, null).passed(),
                "the seed policy passes");
    }

    @AfterContainer
    static void report() {
        // the figure the build log keeps: inputs tried per target
        TRIED.print();
    }

    // --- the SGX quote parser ------------------------------------------------------------------

    @Property(tries = 3000)
    void theQuoteParserRejectsOrReadsEveryInput(@ForAll("quotes") byte[] quote) {
        try {
            assertNotNull(SgxQuote.parse(quote));
            TRIED.tried("sgx-quote-parser", "read");
        } catch (Rejection expected) {
            assertNotNull(expected.failure());
            TRIED.tried("sgx-quote-parser", expected.failure().name());
        }
    }

    @Property(tries = 300)
    void aQuoteWhoseSignedBytesChangedNeverVerifies(@ForAll("mutatedQvlQuotes") byte[] quote) {
        TeeVerification v = dcap.verifyQuote(quote, qvl.collateral(), qvl.inside());
        assertNotNull(v);
        TRIED.tried("sgx-dcap-verifier", v.verified() ? "verified" : String.valueOf(v.failure()));
        int signed = SgxQuote.SIGNED_LENGTH;
        boolean signedPartChanged = quote.length < signed
                || !Arrays.equals(quote, 0, signed, qvl.quote(), 0, signed);
        if (signedPartChanged) {
            assertFalse(v.verified(), "a changed quote verified: " + v.message());
        }
    }

    @Provide
    Arbitrary<byte[]> quotes() {
        return Arbitraries.oneOf(ByteMutation.of(qvl.quote()), ByteMutation.of(automata.quote()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(1200));
    }

    @Provide
    Arbitrary<byte[]> mutatedQvlQuotes() {
        return ByteMutation.of(qvl.quote());
    }

    // --- UAS verify requests carrying a UAR --------------------------------------------------

    @Property(tries = 120)
    void everyUasVerifyRequestGetsAResultCode(@ForAll("verifyRequests") String body) {
        UasVerifyRequest request;
        try {
            request = AttestationJson.read(body, UasVerifyRequest.class);
        } catch (IllegalArgumentException unreadable) {
            TRIED.tried("uas-verify-request", "unreadable");
            return; // answered 400 INVALID_INPUT by the resource
        }
        UasVerifyResponse res = uas.verify(request);
        assertNotNull(res);
        TRIED.tried("uas-verify-request", "result_code " + res.resultCode());
        assertTrue(Set.of(UasVerifyResponse.OK, UasVerifyResponse.INVALID_INPUT, UasVerifyResponse.ACCESS_DENIED,
                UasVerifyResponse.VERIFICATION_FAILED).contains(res.resultCode()), res.resultCode() + " " + res.resultMsg());
        assertTrue(res.httpStatus() >= 200 && res.httpStatus() < 500, res.httpStatus() + " " + res.resultMsg());
    }

    @Provide
    Arbitrary<String> verifyRequests() {
        return JsonMutation.of(verifyRequest);
    }

    // --- UnifiedAttestationPolicy ----------------------------------------------------------

    @Property(tries = 1500)
    void everyPolicyIsReadOrRefusedAndEvaluatesToAVerdict(@ForAll("policies") String text) {
        UnifiedAttestationPolicy p;
        try {
            p = AttestationJson.read(text, UnifiedAttestationPolicy.class);
        } catch (IllegalArgumentException unreadable) {
            TRIED.tried("uap-policy", "unreadable");
            return;
        }
        PolicyVerdict verdict = PolicyEvaluation.evaluate(p, verifiedAttributes, null);
        assertNotNull(verdict);
        TRIED.tried("uap-policy", verdict.passed() ? "passed" : "failed");
    }

    @Provide
    Arbitrary<String> policies() {
        return JsonMutation.of(policy);
    }

}
