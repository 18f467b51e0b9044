/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.epid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.sgx.IasReport;
import io.hutong.tee.sgx.epid.impl.IasJson;

class SgxEpidVerifierTest {

    private static final String NETSCAPE_COMMENT = "2.16.840.1.113730.1.13";

    private static Path dir() {
        return Path.of(System.getProperty("hutong.testdata"), "tee", "ias-teerex");
    }

    private static X509Certificate cert(byte[] bytes) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
    }

    private static X509Certificate iasCa() throws Exception {
        return cert(Files.readAllBytes(dir().resolve("AttestationReportSigningCACert.pem")));
    }

    /** The IAS report an RA-TLS certificate carries in its Netscape comment: {@code report|signature|certificate}. */
    static IasReport fromRaTls(String file) throws Exception {
        byte[] ext = cert(Files.readAllBytes(dir().resolve(file))).getExtensionValue(NETSCAPE_COMMENT);
        // getExtensionValue wraps extnValue in an OCTET STRING; teerex puts the text straight into extnValue
        byte[] text = derContent(ext);
        String[] parts = new String(text, StandardCharsets.US_ASCII).split("\\|");
        return new IasReport(parts[1], parts[2], null, null, parts[0]);
    }

    private static byte[] derContent(byte[] der) {
        int len = der[1] & 0xFF;
        int at = 2;
        if (len > 0x80) {
            int n = len - 0x80;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[2 + i] & 0xFF);
            }
            at += n;
        }
        return Arrays.copyOfRange(der, at, at + len);
    }

    static Instant timestampOf(IasReport r) {
        Matcher m = Pattern.compile("\"timestamp\":\"([^\"]+)\"").matcher(r.responseBody());
        assertTrue(m.find());
        return LocalDateTime.parse(m.group(1)).toInstant(ZoneOffset.UTC);
    }

    private final SgxEpidVerifier verifier = new SgxEpidVerifier(
            Set.of(SgxEpidVerifier.INTEL_IAS_REPORT_SIGNING_CA_SHA256), List.of(caOrFail()));

    private static X509Certificate caOrFail() {
        try {
            return iasCa();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} verifies as {1}")
    @CsvSource({
            "ra_dump_cert_TEST4.der, CONFIGURATION_NEEDED",
            "ra_dump_cert_TEST8_PRODUCTION.der, CONFIGURATION_AND_SW_HARDENING_NEEDED",
            "test_ra_cert_MRSIGNER1_MRENCLAVE1.der, GROUP_OUT_OF_DATE",
    })
    void iasReportsVerifyAtTheirTimestampWithTheirQuoteStatus(String file, String status) throws Exception {
        IasReport r = fromRaTls(file);
        TeeVerification v = verifier.verifyIasReport(r, timestampOf(r));

        assertTrue(v.verified(), v.message());
        assertEquals(status, v.platformStatus());
        assertEquals(TeePlatforms.SGX_EPID, v.attributes().get(TeeAttributes.TEE_PLATFORM));
        assertEquals(64, v.attributes().get(TeeAttributes.TA_MEASUREMENT).length());
        assertEquals(32, v.attributes().get(TeeAttributes.SPID).length());
    }

    @Test
    void theProductionReportListsItsAdvisories() throws Exception {
        IasReport r = fromRaTls("ra_dump_cert_TEST8_PRODUCTION.der");
        assertEquals(List.of("INTEL-SA-00161", "INTEL-SA-00219", "INTEL-SA-00289", "INTEL-SA-00334"),
                verifier.verifyIasReport(r, timestampOf(r)).advisoryIds());
    }

    @Test
    void flippingAnyByteOfTheReportBodyFailsTheSignature() throws Exception {
        IasReport r = fromRaTls("ra_dump_cert_TEST4.der");
        char[] body = r.responseBody().toCharArray();
        for (int i = 0; i < body.length; i++) {
            char[] c = body.clone();
            c[i] ^= 0x01;
            TeeVerification v = verifier.verifyIasReport(
                    new IasReport(r.b64Signature(), r.signingCert(), null, null, new String(c)), timestampOf(r));
            assertEquals(Failure.REPORT_SIGNATURE_INVALID, v.failure(), "char " + i);
        }
    }

    @Test
    void aSignatureOfAnotherReportFails() throws Exception {
        IasReport a = fromRaTls("ra_dump_cert_TEST4.der");
        IasReport b = fromRaTls("ra_dump_cert_TEST8_PRODUCTION.der");
        TeeVerification v = verifier.verifyIasReport(new IasReport(b.b64Signature(), a.signingCert(), null, null,
                a.responseBody()), timestampOf(a));
        assertEquals(Failure.REPORT_SIGNATURE_INVALID, v.failure());
    }

    @Test
    void aCaThatIsNotPinnedOrNotKnownIsUntrusted() throws Exception {
        IasReport r = fromRaTls("ra_dump_cert_TEST4.der");
        TeeVerification otherPin = new SgxEpidVerifier(Set.of("00".repeat(32)), List.of(iasCa()))
                .verifyIasReport(r, timestampOf(r));
        assertEquals(Failure.UNTRUSTED_ROOT, otherPin.failure());
        TeeVerification noCa = new SgxEpidVerifier(Set.of(SgxEpidVerifier.INTEL_IAS_REPORT_SIGNING_CA_SHA256), List.of())
                .verifyIasReport(r, timestampOf(r));
        assertEquals(Failure.UNTRUSTED_ROOT, noCa.failure());
        assertTrue(noCa.message().contains("none is configured"), noCa.message());
    }

    @Test
    void aReportIsNotValidBeforeItsTimestampNorAfterTheSigningCertificateExpired() throws Exception {
        IasReport r = fromRaTls("ra_dump_cert_TEST4.der");
        assertEquals(Failure.NOT_YET_VALID, verifier.verifyIasReport(r, timestampOf(r).minusSeconds(1)).failure());
        assertEquals(Failure.EXPIRED, verifier.verifyIasReport(r, Instant.parse("2026-11-21T00:00:00Z")).failure());
    }

    @Test
    void verifiesThroughTheServiceInterfaceWithEitherResponseBodySpelling() throws Exception {
        IasReport r = fromRaTls("ra_dump_cert_TEST4.der");
        String reference = IasJson.write(r);
        String standard = reference.replace("\"json_response_body\"", "\"str_response_body\"");
        for (String json : List.of(reference, standard)) {
            TeeVerification v = verifier.verify(new TeeReport("1.0", "Passport", TeePlatforms.SGX_EPID, json, ""),
                    timestampOf(r));
            assertTrue(v.verified(), v.message());
        }
    }

    @Test
    void aBareEpidQuoteIsAnsweredAsUnsupportedNotPassed() {
        TeeVerification v = verifier.verify(new TeeReport("1.0", "BackgroundCheck", TeePlatforms.SGX_EPID,
                "{\"b64_quote\":\"AAAA\"}", ""), Instant.now());
        assertEquals(Failure.UNSUPPORTED, v.failure());
        assertTrue(v.message().startsWith("unsupported: "), v.message());
    }
}
