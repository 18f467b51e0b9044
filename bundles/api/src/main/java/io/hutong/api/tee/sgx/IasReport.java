/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee.sgx;

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
public record IasReport(String b64Signature, String signingCert, String advisoryUrl, String advisoryIds,
        String responseBody) {
}
