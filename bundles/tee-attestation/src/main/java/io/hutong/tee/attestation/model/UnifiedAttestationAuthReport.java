/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * UnifiedAttestationAuthReport (spec 60 §7): a report and the PEM public key whose hash the report binds,
 * the unit of the attested public-key channel.
 *
 * @param report       {@code report} (the envelope text of §8 calls it {@code attestation_report})
 * @param pemPublicKey {@code pem_public_key}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnifiedAttestationAuthReport(
        @JsonProperty("report") @JsonAlias("attestation_report") UnifiedAttestationReport report,
        @JsonProperty("pem_public_key") String pemPublicKey) {
}
