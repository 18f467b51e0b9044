/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What the SGX family of platforms (SGX_EPID, SGX_DCAP, HyperEnclave) shares: the enclave report body
 * and the unified attributes the reference derives from it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.tee.attestation.sgx;
