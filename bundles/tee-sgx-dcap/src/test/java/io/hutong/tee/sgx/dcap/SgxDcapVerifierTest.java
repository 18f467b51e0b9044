/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.sgx.DcapReport;
import io.hutong.api.tee.sgx.SgxQlQveCollateral;
import io.hutong.tee.sgx.dcap.impl.DcapJson;
import io.hutong.tee.sgx.dcap.DcapVectors.Vector;

class SgxDcapVerifierTest {

    private final SgxDcapVerifier verifier = SgxDcapVerifier.pinningIntelRoot();

    @Test
    void dcapQvlQuoteVerifiesAsConfigurationAndSwHardeningNeededInsideItsWindow() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        TeeVerification r = verifier.verifyQuote(v.quote(), v.collateral(), v.inside());

        assertTrue(r.verified(), r.message());
        assertEquals("ConfigurationAndSWHardeningNeeded", r.platformStatus());
        assertEquals(Set.of("INTEL-SA-00289", "INTEL-SA-00615"), Set.copyOf(r.advisoryIds()));
        assertEquals(TeePlatforms.SGX_DCAP, r.attributes().get(TeeAttributes.TEE_PLATFORM));
        assertTrue(r.attributes().get(TeeAttributes.TA_MEASUREMENT).startsWith("33D8736D"));
        assertTrue(r.attributes().get(TeeAttributes.SIGNER).startsWith("815F42F1"));
        assertEquals("0", r.attributes().get(TeeAttributes.PROD_ID));
        assertEquals("0", r.attributes().get(TeeAttributes.MIN_ISVSVN));
        assertEquals("true", r.attributes().get(TeeAttributes.DEBUG_DISABLED));
        byte[] userData = new byte[32];
        byte[] hello = "Hello, world!".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hello, 0, userData, 0, hello.length);
        assertEquals(HexFormat.of().withUpperCase().formatHex(userData), r.attributes().get(TeeAttributes.USER_DATA));
        assertEquals("0".repeat(64), r.attributes().get(TeeAttributes.HASH_OR_PEM_PUBKEY));
    }

    @Test
    void automataQuoteViaPlatformCaVerifiesAsSwHardeningNeededInsideItsWindow() throws Exception {
        Vector v = DcapVectors.automata();
        TeeVerification r = verifier.verifyQuote(v.quote(), v.collateral(), v.inside());

        assertTrue(r.verified(), r.message());
        assertEquals("SWHardeningNeeded", r.platformStatus());
        assertEquals(List.of("INTEL-SA-00615"), r.advisoryIds());
        assertTrue(r.attributes().get(TeeAttributes.TA_MEASUREMENT).startsWith("A4F45C39"));
        assertTrue(r.attributes().get(TeeAttributes.SIGNER).startsWith("8F2DBC0F"));
    }

    @Test
    void bothQuotesVerifyAtTheEdgesOfTheirWindows() throws Exception {
        for (Vector v : List.of(DcapVectors.dcapQvl(), DcapVectors.automata())) {
            assertTrue(verifier.verifyQuote(v.quote(), v.collateral(), v.validFrom()).verified());
            assertTrue(verifier.verifyQuote(v.quote(), v.collateral(), v.validUntil()).verified());
        }
    }

    @Test
    void bothQuotesFailAsExpiredAfterTheirWindow() throws Exception {
        for (Vector v : List.of(DcapVectors.dcapQvl(), DcapVectors.automata())) {
            TeeVerification r = verifier.verifyQuote(v.quote(), v.collateral(), v.validUntil().plusSeconds(1));
            assertEquals(Failure.EXPIRED, r.failure(), r.message());
            // and today, when every public collateral set is long past its nextUpdate
            assertEquals(Failure.EXPIRED, verifier.verifyQuote(v.quote(), v.collateral(), Instant.now()).failure());
        }
    }

    @Test
    void bothQuotesFailAsNotYetValidBeforeTheirWindow() throws Exception {
        for (Vector v : List.of(DcapVectors.dcapQvl(), DcapVectors.automata())) {
            TeeVerification r = verifier.verifyQuote(v.quote(), v.collateral(), v.validFrom().minusSeconds(1));
            assertEquals(Failure.NOT_YET_VALID, r.failure(), r.message());
        }
    }

    @Test
    void verifiesThroughTheServiceInterfaceFromAUnifiedReport() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        String json = DcapJson.write(new DcapReport(Base64.getEncoder().encodeToString(v.quote()),
                DcapJson.write(v.collateral())));
        TeeReport report = new TeeReport("1.0", "Passport", TeePlatforms.SGX_DCAP, json, "");

        TeeVerification verified = verifier.verify(report, v.inside());
        assertTrue(verified.verified(), verified.message());
        assertEquals(Base64.getEncoder().encodeToString(v.quote()), verified.b64Quote(), "the verified quote is handed on");
        assertEquals(Failure.MALFORMED, verifier.verify(new TeeReport("1.0", "Passport", TeePlatforms.SGX_DCAP,
                "{\"b64_quote\":\"AAAA\"}", ""), v.inside()).failure());
    }

    @Test
    void aReportOfAnUnknownTypeOrVersionIsRefusedBeforeItsQuoteIsRead() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        String json = DcapJson.write(new DcapReport(Base64.getEncoder().encodeToString(v.quote()),
                DcapJson.write(v.collateral())));
        for (TeeReport bad : List.of(new TeeReport("1.0", "Uas", TeePlatforms.SGX_DCAP, json, ""),
                new TeeReport("1.0", "", TeePlatforms.SGX_DCAP, json, ""),
                new TeeReport("0.9", "Passport", TeePlatforms.SGX_DCAP, json, ""))) {
            TeeVerification r = verifier.verify(bad, v.inside());
            assertEquals(Failure.MALFORMED, r.failure(), bad.toString());
            assertTrue(r.message().startsWith("str_report_"), r.message());
        }
        assertTrue(verifier.verify(new TeeReport("1.0", "BackgroundCheck", TeePlatforms.SGX_DCAP, json, ""), v.inside())
                .verified(), "a background-check report that carries collateral verifies as well");
    }

    @Test
    void aBackgroundCheckReportWithoutCollateralIsNotVerified() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        TeeVerification r = verifier.verifyQuote(v.quote(), null, v.inside());
        assertEquals(Failure.MALFORMED, r.failure());
        assertTrue(r.message().contains("json_collateral"), r.message());
    }

    @Test
    void flippingAnyByteOfTheSignedRangeFailsTheQuoteSignature() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        for (int i = 0; i < 432; i++) {
            byte[] q = v.quote().clone();
            q[i] ^= 0x01;
            TeeVerification r = verifier.verifyQuote(q, v.collateral(), v.inside());
            assertFalse(r.verified(), "byte " + i);
            if (i >= 4) { // bytes 0..3 are version and key type: the quote is then not parsed as this kind at all
                assertEquals(Failure.REPORT_SIGNATURE_INVALID, r.failure(), "byte " + i + ": " + r.message());
            }
        }
    }

    @Test
    void flippingAnyByteOfTheQeReportFailsTheQuotingEnclave() throws Exception {
        Vector v = DcapVectors.automata();
        int qeReport = 436 + 128;
        for (int i = qeReport; i < qeReport + 384; i++) {
            byte[] q = v.quote().clone();
            q[i] ^= 0x01;
            TeeVerification r = verifier.verifyQuote(q, v.collateral(), v.inside());
            assertEquals(Failure.QUOTING_ENCLAVE_INVALID, r.failure(), "byte " + i + ": " + r.message());
        }
    }

    @Test
    void flippingAnyByteOfTheAttestationKeyOrAuthDataBreaksTheBinding() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        // attestation key: the quote signature no longer verifies with it
        for (int i = 436 + 64; i < 436 + 128; i++) {
            byte[] q = v.quote().clone();
            q[i] ^= 0x01;
            assertEquals(Failure.REPORT_SIGNATURE_INVALID, verifier.verifyQuote(q, v.collateral(), v.inside()).failure());
        }
        // auth data: the QE report no longer binds it
        int authData = 436 + 64 + 64 + 384 + 64 + 2;
        byte[] q = v.quote().clone();
        q[authData] ^= 0x01;
        TeeVerification r = verifier.verifyQuote(q, v.collateral(), v.inside());
        assertEquals(Failure.QUOTING_ENCLAVE_INVALID, r.failure());
        assertTrue(r.message().contains("report_data"), r.message());
    }

    @Test
    void flippingBytesAcrossTheTcbInfoBodyFailsItsSignature() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        String signed = v.collateral().tcbInfo();
        int start = "{\"tcbInfo\":".length();
        int end = signed.lastIndexOf(",\"signature\"");
        // every byte of the header fields the verdict reads (dates, FMSPC, PCE id, first level), then a
        // stride through the levels: a full sweep of 6 kB costs a minute of CI for no extra coverage
        for (int i = start; i < end; i += i < start + 300 ? 1 : 16) {
            char[] c = signed.toCharArray();
            c[i] ^= 0x01;
            SgxQlQveCollateral changed = withTcbInfo(v.collateral(), new String(c));
            TeeVerification r = verifier.verifyQuote(v.quote(), changed, v.inside());
            assertFalse(r.verified(), "char " + i);
            // a flipped brace or quote can make the wrapper unparseable before the signature is reached
            assertTrue(r.failure() == Failure.COLLATERAL_INVALID || r.failure() == Failure.MALFORMED,
                    "char " + i + ": " + r.failure() + " " + r.message());
        }
    }

    @Test
    void aReformattedTcbInfoBodyFailsBecauseIntelSignsTheRawBytes() throws Exception {
        Vector v = DcapVectors.automata();
        String reformatted = v.collateral().tcbInfo().replace("\"tcbInfo\":{\"id\"", "\"tcbInfo\":{ \"id\"");
        TeeVerification r = verifier.verifyQuote(v.quote(), withTcbInfo(v.collateral(), reformatted), v.inside());
        assertEquals(Failure.COLLATERAL_INVALID, r.failure(), r.message());
        assertTrue(r.message().contains("signature"), r.message());
    }

    /**
     * @return the offsets of a DER certificate a flip test changes: every byte of its first 256 (the outer
     *         headers, version, serial, signature algorithm, issuer and validity) and of its last 96 (signature
     *         algorithm and value), and every fifth byte between (subject, key, extensions). Each flip runs a
     *         whole quote verification: sweeping every byte of the three certificates took 12.0 s on a quiet
     *         machine (27 s in a CI run), this 7.1 s, and the flips left out land in the same fields as the ones kept.
     */
    private static int[] flips(int length) {
        return java.util.stream.IntStream.range(0, length).filter(i -> i < 256 || i >= length - 96 || i % 5 == 0).toArray();
    }

    @Test
    void flippingBytesAcrossThePckOrItsCaCertificateFailsTheCertificate() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        List<X509Certificate> chain = chain(DcapVectors.certData(v.quote()));
        for (int which = 0; which < 2; which++) {
            byte[] der = chain.get(which).getEncoded();
            for (int i : flips(der.length)) {
                byte[] changed = der.clone();
                changed[i] ^= 0x01;
                StringBuilder pem = new StringBuilder();
                for (int k = 0; k < chain.size(); k++) {
                    pem.append(DcapVectors.pem(k == which ? changed : chain.get(k).getEncoded()));
                }
                TeeVerification r = verifier.verifyQuote(DcapVectors.withPckChain(v.quote(), pem.toString()),
                        v.collateral(), v.inside());
                assertEquals(Failure.CERTIFICATE_INVALID, r.failure(), "cert " + which + " byte " + i + ": " + r.message());
            }
        }
    }

    @Test
    void flippingBytesAcrossTheTcbSigningCertificateFailsTheCertificate() throws Exception {
        Vector v = DcapVectors.automata();
        byte[] der = Files.readAllBytes(DcapVectors.dir("automata-0825").resolve("signing.der"));
        String root = DcapVectors.pem(Files.readAllBytes(DcapVectors.dir("automata-0825").resolve("root.der")));
        for (int i : flips(der.length)) {
            byte[] changed = der.clone();
            changed[i] ^= 0x01;
            SgxQlQveCollateral c = v.collateral();
            SgxQlQveCollateral changedCollateral = new SgxQlQveCollateral(c.version(), c.pckCrlIssuerChain(),
                    c.rootCaCrl(), c.pckCrl(), DcapVectors.pem(changed) + root, c.tcbInfo(),
                    c.qeIdentityIssuerChain(), c.qeIdentity());
            TeeVerification r = verifier.verifyQuote(v.quote(), changedCollateral, v.inside());
            assertEquals(Failure.CERTIFICATE_INVALID, r.failure(), "byte " + i + ": " + r.message());
        }
    }

    @Test
    void aChainEndingInAnotherRootIsUntrusted() throws Exception {
        Vector v = DcapVectors.dcapQvl();
        TeeVerification r = new SgxDcapVerifier(Set.of("00".repeat(32))).verifyQuote(v.quote(), v.collateral(), v.inside());
        assertEquals(Failure.UNTRUSTED_ROOT, r.failure(), r.message());
    }

    @Test
    void intelTestRootSampleIsRejectedWithTheRealRootPinned() throws Exception {
        Path d = DcapVectors.dir("intel-qvl-test-root");
        byte[] quote = Files.readAllBytes(d.resolve("quote.dat"));
        SgxQlQveCollateral collateral = testRootCollateral(d);
        Instant at = Instant.parse("2024-01-01T00:00:00Z");

        // as published the sample carries no PCK chain in the quote (certification data type 3)
        TeeVerification asPublished = verifier.verifyQuote(quote, collateral, at);
        assertFalse(asPublished.verified());
        assertEquals(Failure.UNSUPPORTED, asPublished.failure(), asPublished.message());

        // with its PCK chain embedded the chain ends in Intel's *test* root
        byte[] withChain = DcapVectors.withPckChain(quote,
                Files.readString(d.resolve("pckCert.pem")) + Files.readString(d.resolve("pckSignChain.pem")));
        TeeVerification r = verifier.verifyQuote(withChain, collateral, at);
        assertEquals(Failure.UNTRUSTED_ROOT, r.failure(), r.message());
        assertTrue(r.message().contains("842A5BCB"), r.message());
    }

    @Test
    void intelTestRootSampleVerifiesOnlyWhenItsTestRootIsPinned() throws Exception {
        Path d = DcapVectors.dir("intel-qvl-test-root");
        byte[] withChain = DcapVectors.withPckChain(Files.readAllBytes(d.resolve("quote.dat")),
                Files.readString(d.resolve("pckCert.pem")) + Files.readString(d.resolve("pckSignChain.pem")));
        X509Certificate testRoot = chain(Files.readString(d.resolve("trustedRootCaCert.pem"))).get(0);
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(testRoot.getEncoded()));

        TeeVerification r = new SgxDcapVerifier(Set.of(fingerprint))
                .verifyQuote(withChain, testRootCollateral(d), Instant.parse("2024-01-01T00:00:00Z"));
        assertTrue(r.verified(), r.message());
    }

    private static SgxQlQveCollateral testRootCollateral(Path d) throws Exception {
        return new SgxQlQveCollateral(3L, Files.readString(d.resolve("pckSignChain.pem")),
                HexFormat.of().formatHex(Files.readAllBytes(d.resolve("rootCaCrl.der"))),
                HexFormat.of().formatHex(Files.readAllBytes(d.resolve("intermediateCaCrl.der"))),
                Files.readString(d.resolve("tcbSignChain.pem")), Files.readString(d.resolve("tcbInfo.json")).trim(),
                Files.readString(d.resolve("tcbSignChain.pem")), Files.readString(d.resolve("qeIdentity.json")).trim());
    }

    private static SgxQlQveCollateral withTcbInfo(SgxQlQveCollateral c, String tcbInfo) {
        return new SgxQlQveCollateral(c.version(), c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(),
                c.tcbInfoIssuerChain(), tcbInfo, c.qeIdentityIssuerChain(), c.qeIdentity());
    }

    private static List<X509Certificate> chain(String pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.replace("\0", "").getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }
}
