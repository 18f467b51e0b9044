/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code json_report} of an {@code SGX_DCAP} report (spec 60 §4.2).
 *
 * @param b64Quote       {@code b64_quote}: Base64 of the {@code sgx_quote3_t} (v3) or v4 quote
 * @param jsonCollateral {@code json_collateral}: JSON of {@link SgxQlQveCollateral}; present in passports
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DcapReport(
        @JsonProperty("b64_quote") String b64Quote,
        @JsonProperty("json_collateral") String jsonCollateral) {
}
