/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;


import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UasAttestationResult;
import io.hutong.tee.attestation.model.UasReport;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;

/**
 * Verifies a report of type {@code Uas} (spec 60 §6.2 step 6) as the reference's UAS verifier does: the
 * report's version and type ({@code "1.0"}, {@code Uas}), the UAS signature over the exact
 * {@code json_result} text with the UAS public key the challenger trusts, a zero result code and a
 * non-empty {@code b64_quote}. The attributes carry the echoed nonce as {@code hex_nonce} — the
 * challenger's policy compares it with the nonce it sent — and the enclave identity read from
 * {@code b64_quote} (for SGX-family platforms: measurement, signer, product id, SVN, debug flag, report
 * data; for EPID also the SPID).
 */
public final class UasReportVerifier implements TeeVerifier {

    private final PublicKey uasKey;

    /**
     * @param uasKey the UAS public key (RSA or SM2)
     */
    public UasReportVerifier(PublicKey uasKey) {
        this.uasKey = Objects.requireNonNull(uasKey, "uasKey");
    }

    @Override
    public TeeVerification verify(TeeReport report, Instant at) {
        if (!TeePlatforms.UAS.equals(report.teePlatform())) {
            return TeeVerification.failed(Failure.UNSUPPORTED, "unsupported: str_tee_platform \"" + report.teePlatform()
                    + "\" given to the " + TeePlatforms.UAS + " verifier");
        }
        Optional<String> header = UnifiedAttestationReport.headerProblem(report, Set.of(UnifiedAttestationReport.UAS));
        if (header.isPresent()) {
            return TeeVerification.failed(Failure.MALFORMED, header.get());
        }
        UasReport uas;
        UasAttestationResult result;
        try {
            uas = AttestationJson.read(report.jsonReport(), UasReport.class);
            if (uas.jsonResult() == null || uas.jsonResult().isEmpty()) {
                return TeeVerification.failed(Failure.MALFORMED, "json_result: empty");
            }
            if (!UasSigningKey.verify(uasKey, uas.jsonResult().getBytes(StandardCharsets.UTF_8), uas.b64Signature())) {
                return TeeVerification.failed(Failure.REPORT_SIGNATURE_INVALID,
                        "b64_signature does not verify over json_result with the UAS key");
            }
            result = AttestationJson.read(uas.jsonResult(), UasAttestationResult.class);
        } catch (IllegalArgumentException e) {
            return TeeVerification.failed(Failure.MALFORMED, "json_report: " + e.getMessage());
        }
        if (result.resultCode() == null || result.resultCode() != 0L) {
            return TeeVerification.failed(Failure.REPORT_SIGNATURE_INVALID, "int64_result_code " + result.resultCode()
                    + ": the UAS did not verify the report");
        }
        String platform = result.teePlatform() == null ? "" : result.teePlatform();
        if (platform.isEmpty() || platform.equals(TeePlatforms.UAS)) {
            return TeeVerification.failed(Failure.MALFORMED, "str_tee_platform: expected the verified report's platform, actual "
                    + (platform.isEmpty() ? "(missing)" : platform));
        }
        Map<String, String> attributes;
        try {
            attributes = new LinkedHashMap<>(BoundQuote.attributes(platform, result.b64Quote()));
        } catch (IllegalArgumentException e) {
            return TeeVerification.failed(Failure.MALFORMED, e.getMessage());
        }
        attributes.put(TeeAttributes.TEE_PLATFORM, platform);
        attributes.put(TeeAttributes.NONCE, result.hexNonce() == null ? "" : result.hexNonce());
        return TeeVerification.verified("verified by UAS", List.of(), attributes, result.b64Quote());
    }
}
