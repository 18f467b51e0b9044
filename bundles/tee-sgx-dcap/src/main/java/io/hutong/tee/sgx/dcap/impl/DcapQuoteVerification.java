/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.sgx.SgxQlQveCollateral;
import io.hutong.api.tee.sgx.SgxReportBody;

/**
 * Verifies an SGX DCAP quote against its collateral at a given time, the way Intel's Quote
 * Verification Library does, and extracts the unified attributes as the reference implementation does.
 *
 * <p>Order of checks (each failure stops with its own kind): quote layout; quote signature over
 * [0, 432) with the attestation key; header (Intel QE vendor); PCK chain to a pinned root and its
 * CRLs; QE report signature by the PCK key; QE report data = SHA-256(attestation key ‖ auth data);
 * TCB info and QE identity chains, signatures over their raw bytes and validity windows; QE identity
 * match; TCB level from the PCK certificate's SGX extension; merged status. Signatures are checked
 * before the bytes they cover are interpreted, so a changed byte is reported as a bad signature.
 */
public final class DcapQuoteVerification {

    /** QE vendor id of Intel's quoting enclave. */
    static final String INTEL_QE_VENDOR_ID = "939A7233F79C4CA9940A0DB3957F0607";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final Set<String> STATUSES = Set.of("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
            "ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked");

    private final IntelPki pki;

    /**
     * @param pki the PKI checks with the pinned roots
     */
    public DcapQuoteVerification(IntelPki pki) {
        this.pki = pki;
    }

    /**
     * @param quoteBytes the quote
     * @param collateral the collateral
     * @param at         verification time
     * @return the verdict
     */
    public TeeVerification verify(byte[] quoteBytes, SgxQlQveCollateral collateral, Instant at) {
        try {
            return check(quoteBytes, collateral, at);
        } catch (Rejection r) {
            return TeeVerification.failed(r.failure(), r.getMessage());
        }
    }

    private TeeVerification check(byte[] quoteBytes, SgxQlQveCollateral collateral, Instant at) throws Rejection {
        SgxQuote quote = SgxQuote.parse(quoteBytes);

        PublicKey attestationKey;
        try {
            attestationKey = Ecdsa.p256Key(quote.attestationKey());
        } catch (GeneralSecurityException e) {
            throw new Rejection(Failure.REPORT_SIGNATURE_INVALID, "attestation key is not a P-256 point: " + e.getMessage());
        }
        if (!Ecdsa.verify(attestationKey, quote.signedRange(), quote.signature())) {
            throw new Rejection(Failure.REPORT_SIGNATURE_INVALID,
                    "quote signature over bytes [0, 432) does not verify with the attestation key");
        }
        String vendor = HEX.formatHex(quote.qeVendorId());
        if (!vendor.equals(INTEL_QE_VENDOR_ID)) {
            throw new Rejection(Failure.UNSUPPORTED, "QE vendor id " + vendor + " (only Intel's "
                    + INTEL_QE_VENDOR_ID + " is verifiable)");
        }
        if (collateral == null) {
            throw new Rejection(Failure.MALFORMED, "json_collateral: missing; a DCAP quote needs its collateral to be verified");
        }

        // PCK chain and revocation
        if (quote.certDataType() != SgxQuote.CERT_PCK_CHAIN) {
            throw new Rejection(Failure.UNSUPPORTED, "certification data type " + quote.certDataType()
                    + " (only 5, the PCK certificate chain embedded in the quote, is supported)");
        }
        List<X509Certificate> pckChain = IntelPki.parseChain("PCK chain",
                new String(quote.certData(), StandardCharsets.US_ASCII));
        if (pckChain.size() < 3) {
            throw new Rejection(Failure.CERTIFICATE_INVALID, "PCK chain has " + pckChain.size()
                    + " certificates, expected PCK, its CA and the root");
        }
        pki.checkChain("PCK chain", pckChain, at);
        X509Certificate pck = pckChain.get(0);
        X509Certificate pckCa = pckChain.get(1);
        X509Certificate root = pckChain.get(pckChain.size() - 1);
        X509CRL rootCrl = IntelPki.parseCrl("root_ca_crl", collateral.rootCaCrl());
        IntelPki.checkRevocation("root_ca_crl", rootCrl, root, at, pckChain.subList(1, pckChain.size() - 1));
        X509CRL pckCrl = IntelPki.parseCrl("pck_crl", collateral.pckCrl());
        if (collateral.pckCrlIssuerChain() != null && !collateral.pckCrlIssuerChain().isBlank()) {
            List<X509Certificate> crlChain = IntelPki.parseChain("pck_crl_issuer_chain", collateral.pckCrlIssuerChain());
            pki.checkChain("pck_crl_issuer_chain", crlChain, at);
        }
        IntelPki.checkRevocation("pck_crl", pckCrl, pckCa, at, List.of(pck));

        // the quoting enclave: signed by the PCK key and bound to the attestation key
        if (!Ecdsa.verify(pck.getPublicKey(), quote.qeReportBytes(), quote.qeReportSignature())) {
            throw new Rejection(Failure.QUOTING_ENCLAVE_INVALID, "QE report signature does not verify with the PCK key");
        }
        EnclaveReport qe = quote.qeReport();
        byte[] expectedBinding = Arrays.copyOf(sha256(quote.attestationKey(), quote.qeAuthData()), 64);
        if (!Arrays.equals(qe.reportData(), expectedBinding)) {
            throw new Rejection(Failure.QUOTING_ENCLAVE_INVALID, "QE report_data: expected SHA-256(attestation key ‖ auth data) "
                    + HEX.formatHex(expectedBinding) + ", actual " + HEX.formatHex(qe.reportData()));
        }

        // Intel's endorsements
        TcbInfo tcbInfo = TcbInfo.parse(checkEndorsement("tcb_info", collateral.tcbInfoIssuerChain(),
                collateral.tcbInfo(), "tcbInfo", rootCrl, root, at));
        IntelPki.checkWindow("tcb_info", tcbInfo.issueDate(), tcbInfo.nextUpdate(), at);
        QeIdentity qeIdentity = QeIdentity.parse(checkEndorsement("qe_identity", collateral.qeIdentityIssuerChain(),
                collateral.qeIdentity(), "enclaveIdentity", rootCrl, root, at));
        IntelPki.checkWindow("qe_identity", qeIdentity.issueDate(), qeIdentity.nextUpdate(), at);

        QeIdentity.Level qeLevel = matchQeIdentity(qeIdentity, qe);
        PckExtension platform = PckExtension.of(pck);
        if (!platform.fmspc().equals(tcbInfo.fmspc())) {
            throw new Rejection(Failure.COLLATERAL_INVALID, "tcb_info fmspc: expected " + platform.fmspc()
                    + " from the PCK certificate, actual " + tcbInfo.fmspc());
        }
        if (!platform.pceId().equals(tcbInfo.pceId())) {
            throw new Rejection(Failure.COLLATERAL_INVALID, "tcb_info pceId: expected " + platform.pceId()
                    + " from the PCK certificate, actual " + tcbInfo.pceId());
        }
        TcbInfo.Level tcbLevel = tcbInfo.levels().stream().filter(l -> l.coveredBy(platform)).findFirst()
                .orElseThrow(() -> new Rejection(Failure.TCB_UNKNOWN, "platform TCB (components "
                        + Arrays.toString(platform.components()) + ", pcesvn " + platform.pceSvn()
                        + ") is below every level of tcb_info for FMSPC " + platform.fmspc()));

        String status = merge(tcbLevel.status(), qeLevel.status());
        if (!STATUSES.contains(status)) {
            throw new Rejection(Failure.COLLATERAL_INVALID, "unknown tcbStatus \"" + status + "\"");
        }
        Set<String> advisories = new LinkedHashSet<>(tcbLevel.advisoryIds());
        advisories.addAll(qeLevel.advisoryIds());
        if (status.equals("Revoked")) {
            throw new Rejection(Failure.REVOKED, "TCB status Revoked (platform " + tcbLevel.status() + ", QE "
                    + qeLevel.status() + "), advisories " + advisories);
        }
        // the quote handed on is exactly the bytes checked (the parser refuses trailing bytes), so a UAS signs these
        return TeeVerification.verified(status, List.copyOf(advisories),
                SgxReportBody.attributes(quoteBytes, SgxReportBody.OFFSET_IN_QUOTE, TeePlatforms.SGX_DCAP),
                java.util.Base64.getEncoder().encodeToString(quoteBytes));
    }

    private String checkEndorsement(String what, String issuerChain, String signedJson, String bodyKey, X509CRL rootCrl,
            X509Certificate root, Instant at) throws Rejection {
        List<X509Certificate> chain = IntelPki.parseChain(what + "_issuer_chain", issuerChain);
        pki.checkChain(what + "_issuer_chain", chain, at);
        if (!chain.get(chain.size() - 1).equals(root)) {
            throw new Rejection(Failure.UNTRUSTED_ROOT, what + "_issuer_chain ends in a different root than the PCK chain");
        }
        IntelPki.checkRevocation("root_ca_crl", rootCrl, root, at, chain.subList(0, chain.size() - 1));
        SignedEndorsement endorsement = SignedEndorsement.parse(what, signedJson, bodyKey);
        if (!Ecdsa.verify(chain.get(0).getPublicKey(), endorsement.signedBytes(), endorsement.signature())) {
            throw new Rejection(Failure.COLLATERAL_INVALID, what + ": signature over the raw " + bodyKey
                    + " bytes does not verify with \"" + chain.get(0).getSubjectX500Principal().getName() + "\"");
        }
        return endorsement.body();
    }

    private static QeIdentity.Level matchQeIdentity(QeIdentity id, EnclaveReport qe) throws Rejection {
        checkMasked("MISCSELECT", qe.miscSelect(), id.miscSelectMask(), id.miscSelect());
        checkMasked("ATTRIBUTES", qe.attributes(), id.attributesMask(), id.attributes());
        if (!Arrays.equals(qe.mrSigner(), id.mrSigner())) {
            throw new Rejection(Failure.QUOTING_ENCLAVE_INVALID, "QE MRSIGNER: expected " + HEX.formatHex(id.mrSigner())
                    + ", actual " + HEX.formatHex(qe.mrSigner()));
        }
        if (qe.isvProdId() != id.isvProdId()) {
            throw new Rejection(Failure.QUOTING_ENCLAVE_INVALID, "QE ISVPRODID: expected " + id.isvProdId()
                    + ", actual " + qe.isvProdId());
        }
        return id.levels().stream().filter(l -> qe.isvSvn() >= l.isvSvn()).findFirst()
                .orElseThrow(() -> new Rejection(Failure.TCB_UNKNOWN, "QE ISVSVN " + qe.isvSvn()
                        + " is below every level of qe_identity"));
    }

    private static void checkMasked(String field, byte[] actual, byte[] mask, byte[] expected) throws Rejection {
        byte[] masked = new byte[actual.length];
        for (int i = 0; i < actual.length; i++) {
            masked[i] = (byte) (actual[i] & mask[i]);
        }
        if (!Arrays.equals(masked, expected)) {
            throw new Rejection(Failure.QUOTING_ENCLAVE_INVALID, "QE " + field + ": expected " + HEX.formatHex(expected)
                    + " under mask " + HEX.formatHex(mask) + ", actual " + HEX.formatHex(actual));
        }
    }

    /**
     * Merges the platform TCB status with the QE's, as Intel's QVL does: an out-of-date QE makes an
     * otherwise current platform out of date; a revoked QE revokes.
     */
    static String merge(String platform, String qe) {
        if (qe.equals("Revoked")) {
            return "Revoked";
        }
        if (qe.equals("OutOfDate")) {
            return switch (platform) {
                case "UpToDate", "SWHardeningNeeded" -> "OutOfDate";
                case "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded" -> "OutOfDateConfigurationNeeded";
                default -> platform;
            };
        }
        return platform;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
