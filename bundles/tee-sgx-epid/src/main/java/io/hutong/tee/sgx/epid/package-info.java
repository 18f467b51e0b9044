/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Intel SGX EPID platform verifier of TEE unified remote attestation (spec 60 §4.2, {@code SGX_EPID}):
 * checks Intel Attestation Service reports. Not exported: used through the
 * {@link io.hutong.api.tee.TeeVerifier} service.
 */
package io.hutong.tee.sgx.epid;
