/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code json_report} of a {@code Uas} report (spec 60 §6.3): a UAS-signed verification result.
 *
 * @param jsonResult   {@code json_result} (standard: {@code str_uas_result}): JSON of
 *                     {@link UasAttestationResult}, exactly the text that was signed
 * @param b64Signature {@code b64_signature}: the UAS signature over {@code json_result}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UasReport(
        @JsonProperty("json_result") @JsonAlias("str_uas_result") String jsonResult,
        @JsonProperty("b64_signature") String b64Signature) {
}
