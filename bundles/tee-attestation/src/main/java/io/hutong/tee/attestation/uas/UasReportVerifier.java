/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UasAttestationResult;
import io.hutong.tee.attestation.model.UasReport;
import io.hutong.tee.attestation.sgx.SgxReportBody;

/**
 * Verifies a report of type {@code Uas} (spec 60 §6.2 step 6): the UAS signature over the exact
 * {@code json_result} text with the UAS public key the challenger trusts, and a zero result code. The
 * attributes carry the echoed nonce as {@code hex_nonce} — the challenger's policy compares it with the
 * nonce it sent — and, for SGX-family quotes, the enclave attributes read from {@code b64_quote}.
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
        UasReport uas;
        UasAttestationResult result;
        try {
            uas = AttestationJson.read(report.jsonReport(), UasReport.class);
            if (!UasSigningKey.verify(uasKey, nullToEmpty(uas.jsonResult()).getBytes(StandardCharsets.UTF_8),
                    uas.b64Signature())) {
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
        String platform = nullToEmpty(result.teePlatform());
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        byte[] quote = decode(result.b64Quote());
        boolean sgxFamily = platform.equals(TeePlatforms.SGX_DCAP) || platform.equals(TeePlatforms.SGX_EPID)
                || platform.equals(TeePlatforms.HYPER_ENCLAVE);
        if (sgxFamily && quote.length >= SgxReportBody.OFFSET_IN_QUOTE + SgxReportBody.SIZE) {
            attributes.putAll(SgxReportBody.attributes(quote, SgxReportBody.OFFSET_IN_QUOTE, platform));
        }
        attributes.put(TeeAttributes.TEE_PLATFORM, platform);
        attributes.put(TeeAttributes.NONCE, nullToEmpty(result.hexNonce()));
        return TeeVerification.verified("verified by UAS", java.util.List.of(), attributes);
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(nullToEmpty(b64));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
