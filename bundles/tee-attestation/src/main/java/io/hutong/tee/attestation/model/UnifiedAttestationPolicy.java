/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * UnifiedAttestationPolicy (UAP, spec 60 §5.2): the attribute rule sets a verifier accepts.
 *
 * @param pemPublicKey   {@code pem_public_key} (the standard: {@code pem_public_Key}): the key bound in
 *                       the report, and the key that signs nested results; mandatory with nested policies
 * @param mainAttributes {@code main_attributes}: alternatives for the main TA — the first full match wins
 * @param nestedPolicies {@code nested_policies}: one entry per nested sub-TEE, matched by position
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnifiedAttestationPolicy(
        @JsonProperty("pem_public_key") @JsonAlias("pem_public_Key") String pemPublicKey,
        @JsonProperty("main_attributes") List<UnifiedAttestationAttributes> mainAttributes,
        @JsonProperty("nested_policies") List<NestedPolicy> nestedPolicies) {

    public UnifiedAttestationPolicy {
        pemPublicKey = pemPublicKey == null ? "" : pemPublicKey;
        mainAttributes = mainAttributes == null ? List.of() : List.copyOf(mainAttributes);
        nestedPolicies = nestedPolicies == null ? List.of() : List.copyOf(nestedPolicies);
    }

    /**
     * One entry of {@code nested_policies}.
     *
     * @param subAttributes {@code sub_attributes}: alternatives for that sub-TEE
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record NestedPolicy(@JsonProperty("sub_attributes") List<UnifiedAttestationAttributes> subAttributes) {

        public NestedPolicy {
            subAttributes = subAttributes == null ? List.of() : List.copyOf(subAttributes);
        }
    }
}
