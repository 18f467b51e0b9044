/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/interconn/tee/uas/verify} ({@code UasVerifyReq}, spec 60 §6.4).
 *
 * @param bizId        {@code biz_id}, optional business id
 * @param accessKey    {@code access_key}, the caller's credential
 * @param accessSecret {@code access_secret}, the credential's secret
 * @param nonce        {@code nonce}, the challenger's freshness value, echoed in the signed result
 * @param report       {@code report}, the JSON UnifiedAttestationReport to verify
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UasVerifyRequest(
        @JsonProperty("biz_id") String bizId,
        @JsonProperty("access_key") String accessKey,
        @JsonProperty("access_secret") String accessSecret,
        @JsonProperty("nonce") String nonce,
        @JsonProperty("report") String report) {

    /**
     * @return the first field that breaks its rule ({@link RequestFields}), naming it, or empty
     */
    public Optional<String> problem() {
        return RequestFields.first(
                RequestFields.token("biz_id", bizId, RequestFields.MAX_BIZ_ID_CHARS, false),
                RequestFields.token("access_key", accessKey, RequestFields.MAX_ACCESS_KEY_CHARS, true),
                RequestFields.token("access_secret", accessSecret, RequestFields.MAX_ACCESS_SECRET_CHARS, false),
                RequestFields.nonce(nonce),
                RequestFields.text("report", report, RequestFields.MAX_REPORT_CHARS));
    }
}
