/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.epid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.sgx.IasReport;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UasAttestationResult;
import io.hutong.tee.attestation.model.UasReport;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;
import io.hutong.tee.attestation.uas.InMemoryAccessKeys;
import io.hutong.tee.attestation.uas.UasReportVerifier;
import io.hutong.tee.attestation.uas.UasSigningKey;
import io.hutong.tee.attestation.uas.UasVerifyRequest;
import io.hutong.tee.attestation.uas.UasVerifyResponse;
import io.hutong.tee.attestation.uas.UnifiedAttestationService;
import io.hutong.tee.sgx.epid.impl.IasJson;

/**
 * Real IAS passports through the UAS (issue 10, UAS): the result binds the enclave the IAS report
 * vouches for, so two passports of different enclaves never yield interchangeable results.
 */
class UasRoundTripWithEpidTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryAccessKeys keys = new InMemoryAccessKeys();
    private final Map.Entry<String, String> credential = keys.issue();
    private final SgxEpidVerifier epid = new SgxEpidVerifier(Set.of(SgxEpidVerifier.INTEL_IAS_REPORT_SIGNING_CA_SHA256),
            List.of(caOrFail()));

    private static java.security.cert.X509Certificate caOrFail() {
        try {
            return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(java.nio.file.Files.newInputStream(java.nio.file.Path.of(
                            System.getProperty("hutong.testdata"), "tee", "ias-teerex", "AttestationReportSigningCACert.pem")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static UasSigningKey sm2() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return new UasSigningKey(g.generateKeyPair());
    }

    private UnifiedAttestationService uas(UasSigningKey key, Instant at, boolean acceptDebug) {
        return new UnifiedAttestationService(keys, p -> p.equals(TeePlatforms.SGX_EPID) ? Optional.of(epid) : Optional.empty(),
                key, Clock.fixed(at, ZoneOffset.UTC), acceptDebug);
    }

    private static String passport(IasReport ias, String extraQuote) {
        String json = IasJson.write(ias);
        if (extraQuote != null) {
            json = json.substring(0, json.length() - 1) + ",\"b64_quote\":\"" + extraQuote + "\"}";
        }
        return AttestationJson.write(new UnifiedAttestationReport("1.0", "Passport", TeePlatforms.SGX_EPID, json, null));
    }

    private static String quoteBody(IasReport ias) throws Exception {
        return JSON.readTree(ias.responseBody()).path("isvEnclaveQuoteBody").asText();
    }

    // two of the three recorded passports are of debug enclaves (ATTRIBUTES.DEBUG set in the quote body)
    @ParameterizedTest(name = "{0} (debug enclave: {1})")
    @CsvSource({"ra_dump_cert_TEST4.der, true", "ra_dump_cert_TEST8_PRODUCTION.der, false",
            "test_ra_cert_MRSIGNER1_MRENCLAVE1.der, true"})
    void anIasPassportComesBackWithTheQuoteBodyIasSignedAndTheEnclaveItNames(String file, boolean debugEnclave) throws Exception {
        IasReport ias = SgxEpidVerifierTest.fromRaTls(file);
        Instant at = SgxEpidVerifierTest.timestampOf(ias);
        TeeVerification direct = epid.verifyIasReport(ias, at);
        assertTrue(direct.verified(), direct.message());
        boolean debug = "false".equals(direct.attributes().get(TeeAttributes.DEBUG_DISABLED));
        assertEquals(debugEnclave, debug);
        UasSigningKey key = sm2();

        // a quote of another enclave put beside the IAS report is not what gets signed
        String other = Base64.getEncoder().encodeToString(new byte[432]);
        UasVerifyResponse res = uas(key, at, true).verify(new UasVerifyRequest(null, credential.getKey(),
                credential.getValue(), "C0FFEE", passport(ias, other)));
        assertEquals("0", res.resultCode(), res.resultMsg());
        UnifiedAttestationReport uar = AttestationJson.read(res.attestationResult(), UnifiedAttestationReport.class);
        UasAttestationResult result = AttestationJson.read(AttestationJson.read(uar.jsonReport(), UasReport.class).jsonResult(),
                UasAttestationResult.class);
        assertEquals(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(quoteBody(ias))), result.b64Quote());
        assertEquals(direct.b64Quote(), result.b64Quote());

        TeeVerification challenger = new UasReportVerifier(key.publicKey()).verify(uar.toTeeReport(), at);
        assertTrue(challenger.verified(), challenger.message());
        for (String attribute : List.of(TeeAttributes.TA_MEASUREMENT, TeeAttributes.SIGNER, TeeAttributes.PROD_ID,
                TeeAttributes.MIN_ISVSVN, TeeAttributes.DEBUG_DISABLED, TeeAttributes.USER_DATA,
                TeeAttributes.HASH_OR_PEM_PUBKEY, TeeAttributes.SPID)) {
            assertEquals(direct.attributes().get(attribute), challenger.attributes().get(attribute), attribute);
        }
        assertEquals(64, challenger.attributes().get(TeeAttributes.TA_MEASUREMENT).length());
        assertEquals("C0FFEE", challenger.attributes().get(TeeAttributes.NONCE));

        // by default a debug enclave's passport is refused (any valid IAS report of one used to be signed),
        // a release enclave's signed
        UasVerifyResponse byDefault = uas(key, at, false).verify(new UasVerifyRequest(null, credential.getKey(),
                credential.getValue(), "C0FFEE", passport(ias, null)));
        assertEquals(debug ? UasVerifyResponse.VERIFICATION_FAILED : "0", byDefault.resultCode(), byDefault.resultMsg());
        assertEquals(debug, byDefault.resultMsg().startsWith("bool_debug_disabled: "), byDefault.resultMsg());
    }

    @Test
    void passportsOfDifferentEnclavesYieldDifferentResults() throws Exception {
        UasSigningKey key = sm2();
        IasReport a = SgxEpidVerifierTest.fromRaTls("ra_dump_cert_TEST4.der");
        IasReport b = SgxEpidVerifierTest.fromRaTls("test_ra_cert_MRSIGNER1_MRENCLAVE1.der");
        UasReportVerifier challenger = new UasReportVerifier(key.publicKey());
        String[] measurements = new String[2];
        int i = 0;
        for (IasReport r : List.of(a, b)) {
            Instant at = SgxEpidVerifierTest.timestampOf(r);
            UasVerifyResponse res = uas(key, at, true).verify(new UasVerifyRequest(null, credential.getKey(),
                    credential.getValue(), "01", passport(r, null)));
            assertEquals("0", res.resultCode(), res.resultMsg());
            measurements[i++] = challenger.verify(AttestationJson.read(res.attestationResult(), UnifiedAttestationReport.class)
                    .toTeeReport(), at).attributes().get(TeeAttributes.TA_MEASUREMENT);
        }
        assertTrue(!measurements[0].equals(measurements[1]), measurements[0] + " vs " + measurements[1]);
    }

    @Test
    void theReportTypeSaysWhatTheReportHolds() throws Exception {
        IasReport ias = SgxEpidVerifierTest.fromRaTls("ra_dump_cert_TEST4.der");
        Instant at = SgxEpidVerifierTest.timestampOf(ias);
        String json = IasJson.write(ias);
        TeeVerification bgcheck = epid.verify(new TeeReport("1.0", "BackgroundCheck", TeePlatforms.SGX_EPID, json, ""), at);
        assertEquals(Failure.UNSUPPORTED, bgcheck.failure(), bgcheck.message());
        TeeVerification unknown = epid.verify(new TeeReport("1.0", "SGX_QUOTE", TeePlatforms.SGX_EPID, json, ""), at);
        assertEquals(Failure.MALFORMED, unknown.failure());
        assertTrue(unknown.message().startsWith("str_report_type: "), unknown.message());
        TeeVerification version = epid.verify(new TeeReport("2.0", "Passport", TeePlatforms.SGX_EPID, json, ""), at);
        assertEquals(Failure.MALFORMED, version.failure());
        assertTrue(version.message().startsWith("str_report_version: "), version.message());
    }
}
