/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of a {@link TeeVerifier}: either verified, with the platform's status and the extracted
 * unified attributes, or failed, with the kind of failure and a message saying what was wrong.
 *
 * @param failure        {@code null} when the evidence verified; otherwise what kind of check failed
 * @param message        for a failure, what failed and why (names the field and both values where
 *                       there are two); for a success, a short summary; never {@code null}
 * @param platformStatus the platform's own status word for a verified report (SGX DCAP: the merged TCB
 *                       status such as {@code UpToDate} or {@code SWHardeningNeeded}; IAS: the
 *                       {@code isvEnclaveQuoteStatus}); empty when there is none
 * @param advisoryIds    security advisories the platform status refers to (for example
 *                       {@code INTEL-SA-00615}), possibly empty
 * @param attributes     unified attributes extracted from the evidence, keyed by {@link TeeAttributes};
 *                       may be filled on a failure too, as far as the evidence could be parsed, but a
 *                       caller must not trust them then
 * @param b64Quote       for a verified report, Base64 of the platform's native quote whose signature the
 *                       verifier checked and from which it read the attributes (SGX DCAP: the
 *                       {@code sgx_quote3_t}; SGX EPID: the IAS-signed {@code isvEnclaveQuoteBody}); a UAS
 *                       signs exactly these bytes as {@code b64_quote}, so the enclave identity a challenger
 *                       reads from its result is the one verified here. Empty when the verifier has none: a
 *                       UAS then refuses to sign (since 1.1)
 */
public record TeeVerification(Failure failure, String message, String platformStatus, List<String> advisoryIds,
        Map<String, String> attributes, String b64Quote) {

    /** The kinds of failure, so callers (and tests) can tell a revoked platform from a forged quote. */
    public enum Failure {
        /** The evidence or its endorsements cannot be parsed. */
        MALFORMED,
        /** The verifier cannot check this kind of evidence; never a silent pass. */
        UNSUPPORTED,
        /** A certificate chain ends in a root that is not pinned. */
        UNTRUSTED_ROOT,
        /** A certificate cannot be parsed, is not signed by its issuer, or is not a valid CA/leaf. */
        CERTIFICATE_INVALID,
        /** A certificate is on its issuer's revocation list, or the platform TCB is revoked. */
        REVOKED,
        /** The signature over the attested report (quote, IAS report) does not verify. */
        REPORT_SIGNATURE_INVALID,
        /** The quoting enclave's report is not signed by the platform key, not bound to the attestation key, or not the expected enclave. */
        QUOTING_ENCLAVE_INVALID,
        /** An endorsement (TCB info, enclave identity, CRL) is not correctly signed or does not belong to this platform. */
        COLLATERAL_INVALID,
        /** The platform's TCB matches no level the endorsement knows. */
        TCB_UNKNOWN,
        /** Something the verdict rests on was no longer valid at the verification time. */
        EXPIRED,
        /** Something the verdict rests on was not yet valid at the verification time. */
        NOT_YET_VALID
    }

    public TeeVerification {
        message = message == null ? "" : message;
        platformStatus = platformStatus == null ? "" : platformStatus;
        advisoryIds = advisoryIds == null ? List.of() : List.copyOf(advisoryIds);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        b64Quote = b64Quote == null ? "" : b64Quote;
    }

    /**
     * A verdict without a quote (the form of version 1.0).
     */
    public TeeVerification(Failure failure, String message, String platformStatus, List<String> advisoryIds,
            Map<String, String> attributes) {
        this(failure, message, platformStatus, advisoryIds, attributes, "");
    }

    /** @return {@code true} when the evidence verified (the platform status may still call for action) */
    public boolean verified() {
        return failure == null;
    }

    /**
     * @return a successful verdict without the verified quote: enough for policy evaluation, but a UAS
     *         does not sign it (there is no quote to bind the enclave identity to)
     */
    public static TeeVerification verified(String platformStatus, List<String> advisoryIds,
            Map<String, String> attributes) {
        return new TeeVerification(null, "verified: " + platformStatus, platformStatus, advisoryIds, attributes, "");
    }

    /**
     * @param b64Quote Base64 of the native quote that was verified and the attributes were read from
     * @return a successful verdict carrying the verified quote
     * @since 1.1
     */
    public static TeeVerification verified(String platformStatus, List<String> advisoryIds,
            Map<String, String> attributes, String b64Quote) {
        return new TeeVerification(null, "verified: " + platformStatus, platformStatus, advisoryIds, attributes,
                Objects.requireNonNull(b64Quote, "b64Quote"));
    }

    /**
     * @return a failed verdict of the given kind
     */
    public static TeeVerification failed(Failure failure, String message) {
        return new TeeVerification(Objects.requireNonNull(failure, "failure"), message, "", List.of(), Map.of());
    }

    /**
     * @param reason why the evidence cannot be verified, appended to {@code "unsupported: "}
     * @param parsed attributes parsed from the evidence anyway (untrusted), possibly empty
     * @return an {@link Failure#UNSUPPORTED} verdict
     */
    public static TeeVerification unsupported(String reason, Map<String, String> parsed) {
        return new TeeVerification(Failure.UNSUPPORTED, "unsupported: " + reason, "", List.of(), parsed);
    }
}
