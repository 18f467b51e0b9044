/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The result a UAS signs (spec 60 §6.3, {@code UasAttestionResult} in the standard, A-31).
 *
 * @param resultCode  {@code int64_result_code}: {@code 0} when the report verified
 * @param teePlatform {@code str_tee_platform}: the platform of the verified report
 * @param hexNonce    {@code hex_nonce}: the challenger's nonce, echoed so the result is fresh
 * @param b64Quote    {@code b64_quote}: the verified platform quote
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UasAttestationResult(
        @JsonProperty("int64_result_code") Long resultCode,
        @JsonProperty("str_tee_platform") String teePlatform,
        @JsonProperty("hex_nonce") String hexNonce,
        @JsonProperty("b64_quote") String b64Quote) {
}
