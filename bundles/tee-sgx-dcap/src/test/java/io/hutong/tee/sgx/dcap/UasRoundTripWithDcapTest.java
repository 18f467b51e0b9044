/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.sgx.DcapReport;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UasAttestationResult;
import io.hutong.tee.attestation.model.UasReport;
import io.hutong.tee.attestation.model.UnifiedAttestationAttributes;
import io.hutong.tee.attestation.model.UnifiedAttestationPolicy;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;
import io.hutong.tee.attestation.policy.PolicyEvaluation;
import io.hutong.tee.attestation.uas.InMemoryAccessKeys;
import io.hutong.tee.attestation.uas.UasReportVerifier;
import io.hutong.tee.attestation.uas.UasSigningKey;
import io.hutong.tee.attestation.uas.UasVerifyRequest;
import io.hutong.tee.attestation.uas.UasVerifyResponse;
import io.hutong.tee.attestation.uas.UnifiedAttestationService;
import io.hutong.tee.sgx.dcap.DcapVectors.Vector;
import io.hutong.tee.sgx.dcap.impl.DcapJson;

class UasRoundTripWithDcapTest {

    @Test
    void aRealDcapPassportGoesThroughTheUasAndTheChallengersPolicyChecksSignatureNonceAndEnclave() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(4096);
        UasSigningKey key = new UasSigningKey(g.generateKeyPair());
        InMemoryAccessKeys keys = new InMemoryAccessKeys();
        Map.Entry<String, String> credential = keys.issue();
        SgxDcapVerifier dcap = SgxDcapVerifier.pinningIntelRoot();
        UnifiedAttestationService uas = new UnifiedAttestationService(keys,
                p -> p.equals(TeePlatforms.SGX_DCAP) ? Optional.of(dcap) : Optional.empty(), key,
                Clock.fixed(v.inside(), ZoneOffset.UTC));
        String passport = AttestationJson.write(new UnifiedAttestationReport("1.0", "Passport", TeePlatforms.SGX_DCAP,
                DcapJson.write(new DcapReport(Base64.getEncoder().encodeToString(v.quote()),
                        DcapJson.write(v.collateral()))), null));

        UasVerifyResponse res = uas.verify(new UasVerifyRequest(null, credential.getKey(), credential.getValue(),
                "C0FFEE01", passport));
        assertEquals("0", res.resultCode(), res.resultMsg());
        assertEquals("verified: ConfigurationAndSWHardeningNeeded", res.resultMsg());

        UnifiedAttestationReport uasReport = AttestationJson.read(res.attestationResult(), UnifiedAttestationReport.class);
        // the signed quote is the verified one, byte for byte: it binds the enclave identity
        UasAttestationResult signed = AttestationJson.read(AttestationJson.read(uasReport.jsonReport(), UasReport.class)
                .jsonResult(), UasAttestationResult.class);
        assertEquals(Base64.getEncoder().encodeToString(v.quote()), signed.b64Quote());
        TeeVerification challenger = new UasReportVerifier(key.publicKey()).verify(uasReport.toTeeReport(), v.inside());
        assertTrue(challenger.verified(), challenger.message());
        UnifiedAttestationAttributes attrs = new UnifiedAttestationAttributes(challenger.attributes());
        UnifiedAttestationPolicy policy = new UnifiedAttestationPolicy("", List.of(new UnifiedAttestationAttributes(Map.of(
                TeeAttributes.NONCE, "C0FFEE01", TeeAttributes.SIGNER, challenger.attributes().get(TeeAttributes.SIGNER),
                TeeAttributes.TA_MEASUREMENT, challenger.attributes().get(TeeAttributes.TA_MEASUREMENT),
                TeeAttributes.DEBUG_DISABLED, "true"))), List.of());
        assertTrue(PolicyEvaluation.evaluate(policy, attrs, null).passed());
        assertTrue(challenger.attributes().get(TeeAttributes.TA_MEASUREMENT).startsWith("33D8736D"));

        // a challenger that sent another nonce sees a replay
        UnifiedAttestationPolicy otherNonce = new UnifiedAttestationPolicy("", List.of(new UnifiedAttestationAttributes(
                Map.of(TeeAttributes.NONCE, "C0FFEE02"))), List.of());
        assertFalse(PolicyEvaluation.evaluate(otherNonce, attrs, null).passed());

        // the same passport after its collateral expired is refused by the UAS
        UnifiedAttestationService later = new UnifiedAttestationService(keys, p -> Optional.of(dcap), key,
                Clock.fixed(v.validUntil().plusSeconds(60), ZoneOffset.UTC));
        UasVerifyResponse expired = later.verify(new UasVerifyRequest(null, credential.getKey(), credential.getValue(),
                "C0FFEE01", passport));
        assertEquals(UasVerifyResponse.VERIFICATION_FAILED, expired.resultCode());
        assertTrue(expired.resultMsg().startsWith("EXPIRED"), expired.resultMsg());
    }
}
