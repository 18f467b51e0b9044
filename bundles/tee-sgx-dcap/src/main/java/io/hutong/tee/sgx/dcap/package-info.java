/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Intel SGX DCAP platform verifier of TEE unified remote attestation (spec 60 §4.2, {@code SGX_DCAP}).
 * Not exported: other bundles use it through the {@link io.hutong.api.tee.TeeVerifier} service.
 */
package io.hutong.tee.sgx.dcap;
