/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code json_report} of an {@code SGX_EPID} passport (spec 60 §4.2): Intel Attestation Service's
 * signed answer to a quote.
 *
 * @param b64Signature   {@code b64_signature}: IAS {@code X-IASReport-Signature}, RSA over the body
 * @param signingCert    {@code str_signing_cert}: IAS {@code X-IASReport-Signing-Certificate} (PEM,
 *                       possibly with its CA, possibly URL-encoded as IAS sends it)
 * @param advisoryUrl    {@code str_advisory_url}
 * @param advisoryIds    {@code str_advisory_ids}
 * @param responseBody   {@code json_response_body} (standard: {@code str_response_body}): the exact
 *                       body IAS signed
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IasReport(
        @JsonProperty("b64_signature") String b64Signature,
        @JsonProperty("str_signing_cert") String signingCert,
        @JsonProperty("str_advisory_url") String advisoryUrl,
        @JsonProperty("str_advisory_ids") String advisoryIds,
        @JsonProperty("json_response_body") @JsonAlias("str_response_body") String responseBody) {
}
