/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee;

/**
 * The {@code str_tee_platform} values of the standard (spec 60 §4.1, decision A-31).
 */
public final class TeePlatforms {

    /** Intel SGX1 with EPID attestation through the Intel Attestation Service. */
    public static final String SGX_EPID = "SGX_EPID";
    /** Intel SGX2 with ECDSA (DCAP) quotes. */
    public static final String SGX_DCAP = "SGX_DCAP";
    /** Ant Group HyperEnclave. */
    public static final String HYPER_ENCLAVE = "HyperEnclave";
    /** Huawei Kunpeng TrustZone. */
    public static final String KUNPENG = "Kunpeng";
    /** Hygon CSV. */
    public static final String CSV = "CSV";
    /** A report re-signed by a Unified Attestation Service. */
    public static final String UAS = "Uas";

    private TeePlatforms() {
    }
}
