/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee.sgx;

/**
 * The {@code json_report} of an {@code SGX_DCAP} report (spec 60 §4.2).
 *
 * @param b64Quote       {@code b64_quote}: Base64 of the {@code sgx_quote3_t} (v3) or v4 quote
 * @param jsonCollateral {@code json_collateral}: JSON text of {@link SgxQlQveCollateral}; present in passports
 */
public record DcapReport(String b64Quote, String jsonCollateral) {
}
