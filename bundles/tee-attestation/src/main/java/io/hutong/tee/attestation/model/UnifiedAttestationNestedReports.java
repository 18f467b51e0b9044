/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * UnifiedAttestationNestedReports (spec 60 §4.1): the results of sub-TEEs verified locally by the main
 * TEE, with a signature over the exact {@code json_nested_results} text.
 *
 * @param jsonNestedResults  {@code json_nested_results}: JSON of {@link UnifiedAttestationNestedResults}
 * @param b64NestedSignature {@code b64_nested_signature}: RSA PKCS#1 v1.5 SHA-256 signature over
 *                           {@code json_nested_results}, by the key the policy names
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnifiedAttestationNestedReports(
        @JsonProperty("json_nested_results") String jsonNestedResults,
        @JsonProperty("b64_nested_signature") String b64NestedSignature) {
}
