/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.epid.impl;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.sgx.IasReport;
import io.hutong.api.tee.sgx.SgxReportBody;

/**
 * Verifies an Intel Attestation Service (IAS) attestation verification report: the RSA signature
 * over the exact response body by the IAS report-signing certificate, that certificate's chain to a
 * pinned IAS report-signing CA, and the enclave quote status.
 *
 * <p>Quote statuses follow the handling of the reference and of Intel's samples: {@code OK} and the
 * statuses that ask for platform action ({@code GROUP_OUT_OF_DATE}, {@code CONFIGURATION_NEEDED},
 * {@code SW_HARDENING_NEEDED}, {@code CONFIGURATION_AND_SW_HARDENING_NEEDED}) verify and are reported
 * as the platform status; revocations and invalid signatures reject.
 */
public final class IasReportVerification {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> NON_TERMINAL = Set.of("OK", "GROUP_OUT_OF_DATE", "CONFIGURATION_NEEDED",
            "SW_HARDENING_NEEDED", "CONFIGURATION_AND_SW_HARDENING_NEEDED");
    private static final Set<String> REVOKED = Set.of("GROUP_REVOKED", "SIGNATURE_REVOKED", "KEY_REVOKED");

    // sgx_quote_t: the 32-byte basename at offset 16 holds the SPID for linkable and unlinkable quotes
    private static final int BASENAME = 16;

    private final Set<String> pinnedCas;
    private final List<X509Certificate> knownCas;

    /**
     * @param pinnedCas SHA-256 fingerprints of accepted IAS report-signing CAs (hex, colons ignored)
     * @param knownCas  CA certificates to use when a report carries only the signing certificate
     */
    public IasReportVerification(Set<String> pinnedCas, List<X509Certificate> knownCas) {
        this.pinnedCas = pinnedCas.stream().map(f -> f.replace(":", "").toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.knownCas = List.copyOf(knownCas);
    }

    /**
     * @param report the IAS report
     * @param at     verification time
     * @return the verdict
     */
    public TeeVerification verify(IasReport report, Instant at) {
        try {
            return check(report, at);
        } catch (Rejected r) {
            return TeeVerification.failed(r.failure, r.getMessage());
        }
    }

    private TeeVerification check(IasReport report, Instant at) throws Rejected {
        String body = report.responseBody();
        if (body == null || body.isEmpty()) {
            throw new Rejected(Failure.MALFORMED, "json_response_body: missing");
        }
        List<X509Certificate> certs = certificates(report.signingCert());
        X509Certificate signer = certs.get(0);
        X509Certificate ca = issuerOf(signer, certs);
        try {
            signer.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Rejected(Failure.CERTIFICATE_INVALID, "IAS signing certificate \""
                    + signer.getSubjectX500Principal().getName() + "\" is not signed by \""
                    + ca.getSubjectX500Principal().getName() + "\"");
        }
        window("IAS signing certificate", signer, at);
        window("IAS report-signing CA", ca, at);

        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(report.b64Signature() == null ? "" : report.b64Signature().trim());
        } catch (IllegalArgumentException e) {
            throw new Rejected(Failure.MALFORMED, "b64_signature: not Base64");
        }
        if (!rsaVerifies(signer, body.getBytes(StandardCharsets.UTF_8), signature)) {
            throw new Rejected(Failure.REPORT_SIGNATURE_INVALID,
                    "b64_signature does not verify over json_response_body with the IAS signing certificate");
        }

        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Rejected(Failure.MALFORMED, "json_response_body: not JSON: " + e.getOriginalMessage());
        }
        Instant timestamp = timestamp(json.path("timestamp").asText());
        if (at.isBefore(timestamp)) {
            throw new Rejected(Failure.NOT_YET_VALID, "IAS report timestamp " + timestamp + " is after the verification time " + at);
        }
        String status = json.path("isvEnclaveQuoteStatus").asText();
        List<String> advisories = new ArrayList<>();
        json.path("advisoryIDs").forEach(a -> advisories.add(a.asText()));
        if (REVOKED.contains(status)) {
            throw new Rejected(Failure.REVOKED, "isvEnclaveQuoteStatus " + status);
        }
        if (!NON_TERMINAL.contains(status)) {
            throw new Rejected(Failure.REPORT_SIGNATURE_INVALID, "isvEnclaveQuoteStatus " + (status.isEmpty() ? "(missing)" : status));
        }
        byte[] quote;
        try {
            quote = Base64.getDecoder().decode(json.path("isvEnclaveQuoteBody").asText());
        } catch (IllegalArgumentException e) {
            throw new Rejected(Failure.MALFORMED, "isvEnclaveQuoteBody: not Base64");
        }
        // IAS signs the quote without its signature fields: exactly the 48-byte header and the report body
        if (quote.length != SgxReportBody.OFFSET_IN_QUOTE + SgxReportBody.SIZE) {
            throw new Rejected(Failure.MALFORMED, "isvEnclaveQuoteBody has " + quote.length + " bytes, expected 432");
        }
        // the quote body IAS signed (sgx_quote_t up to the report body's end), as the reference's UAS binds it
        return TeeVerification.verified(status, advisories, attributes(quote), Base64.getEncoder().encodeToString(quote));
    }

    /** The unified attributes of an EPID quote body: the SGX report body's, plus the SPID from the basename. */
    static Map<String, String> attributes(byte[] quote) {
        Map<String, String> a = SgxReportBody.attributes(quote, SgxReportBody.OFFSET_IN_QUOTE, TeePlatforms.SGX_EPID);
        a.put(TeeAttributes.SPID, HEX.formatHex(quote, BASENAME, BASENAME + 16));
        return a;
    }

    private X509Certificate issuerOf(X509Certificate signer, List<X509Certificate> carried) throws Rejected {
        List<X509Certificate> candidates = new ArrayList<>(carried.subList(1, carried.size()));
        candidates.addAll(knownCas);
        X509Certificate named = null;
        for (X509Certificate ca : candidates) {
            if (!ca.getSubjectX500Principal().equals(signer.getIssuerX500Principal())) {
                continue;
            }
            named = ca;
            if (pinnedCas.contains(fingerprint(ca))) {
                return ca;
            }
        }
        if (named != null) {
            throw new Rejected(Failure.UNTRUSTED_ROOT, "IAS report-signing CA \"" + named.getSubjectX500Principal().getName()
                    + "\" has SHA-256 fingerprint " + fingerprint(named) + ", which is not pinned");
        }
        throw new Rejected(Failure.UNTRUSTED_ROOT, "no IAS report-signing CA \"" + signer.getIssuerX500Principal().getName()
                + "\" is known: the report carries none and none is configured");
    }

    private static List<X509Certificate> certificates(String text) throws Rejected {
        if (text == null || text.isBlank()) {
            throw new Rejected(Failure.MALFORMED, "str_signing_cert: missing");
        }
        String t = text.trim();
        // IAS sends X-IASReport-Signing-Certificate URL-encoded; RA-TLS carries bare Base64 DER
        if (t.contains("%2D") || t.contains("%0A")) {
            t = URLDecoder.decode(t, StandardCharsets.UTF_8);
        }
        try {
            byte[] bytes = t.startsWith("-----BEGIN") ? t.getBytes(StandardCharsets.US_ASCII) : Base64.getMimeDecoder().decode(t);
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new Rejected(Failure.CERTIFICATE_INVALID, "str_signing_cert: no certificate");
            }
            return out;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Rejected(Failure.CERTIFICATE_INVALID, "str_signing_cert: unreadable: " + e.getMessage());
        }
    }

    private static boolean rsaVerifies(X509Certificate signer, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(signer.getPublicKey());
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void window(String what, X509Certificate cert, Instant at) throws Rejected {
        if (at.isBefore(cert.getNotBefore().toInstant())) {
            throw new Rejected(Failure.NOT_YET_VALID, what + ": valid from " + cert.getNotBefore().toInstant()
                    + ", verification time " + at);
        }
        if (at.isAfter(cert.getNotAfter().toInstant())) {
            throw new Rejected(Failure.EXPIRED, what + ": valid until " + cert.getNotAfter().toInstant()
                    + ", verification time " + at);
        }
    }

    /** IAS timestamps are UTC without a zone designator, e.g. {@code 2020-04-26T11:16:25.349850}. */
    static Instant timestamp(String text) throws Rejected {
        try {
            return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new Rejected(Failure.MALFORMED, "IAS report timestamp \"" + text + "\" unreadable");
        }
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            return "(unencodable)";
        }
    }

    /** A failed check with its kind. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Failure failure;

        Rejected(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }
    }
}
