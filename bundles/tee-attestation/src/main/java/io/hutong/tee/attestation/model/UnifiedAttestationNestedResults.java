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
 * UnifiedAttestationNestedResults (spec 60 §4.1): the attributes of each sub-TEE, in order.
 *
 * @param results {@code results} as the reference writes it (the standard: {@code nested_report_results})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnifiedAttestationNestedResults(
        @JsonProperty("results") @JsonAlias("nested_report_results") List<UnifiedAttestationAttributes> results) {

    public UnifiedAttestationNestedResults {
        results = results == null ? List.of() : List.copyOf(results);
    }
}
