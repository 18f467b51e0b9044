/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of the UAS verify endpoint ({@code UasVerifyRes}, spec 60 §6.4) with the HTTP status it
 * is sent with (decision A-31: 200 for every well-formed request, the outcome in {@code result_code};
 * 400 for malformed input).
 *
 * @param httpStatus        the HTTP status to answer with (not part of the JSON body)
 * @param resultCode        {@code result_code}: {@code "0"} verified, otherwise one of the constants here
 * @param resultMsg         {@code result_msg}: what happened, naming the field or the failed check
 * @param attestationResult {@code attestation_result}: the UAS-signed UnifiedAttestationReport of type
 *                          {@code Uas}; empty unless verified
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UasVerifyResponse(
        @JsonIgnore int httpStatus,
        @JsonProperty("result_code") String resultCode,
        @JsonProperty("result_msg") String resultMsg,
        @JsonProperty("attestation_result") String attestationResult) {

    /** The report verified; {@code attestation_result} holds the signed report. */
    public static final String OK = "0";
    /** The request is malformed (missing field, undecodable report); HTTP 400. */
    public static final String INVALID_INPUT = "400";
    /** The access key is unknown or the secret does not match. */
    public static final String ACCESS_DENIED = "401";
    /** The report did not verify, or no verifier is deployed for its platform (the API's "405 verification failed"). */
    public static final String VERIFICATION_FAILED = "405";

    /**
     * @param message what is wrong with the request, naming the field
     * @return the answer to a malformed request: HTTP 400, {@code result_code "400"}
     */
    public static UasVerifyResponse invalid(String message) {
        return new UasVerifyResponse(400, INVALID_INPUT, message, "");
    }

    static UasVerifyResponse refused(String code, String message) {
        return new UasVerifyResponse(200, code, message, "");
    }
}
