/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee;

/**
 * The keys of {@code UnifiedAttestationAttributes} (spec 60 §5.1), spelled as the standard's JSON
 * spells them; verifiers return attributes under these keys.
 */
public final class TeeAttributes {

    /** Platform id, equal to the report's platform. */
    public static final String TEE_PLATFORM = "str_tee_platform";
    /** Platform hardware version. */
    public static final String PLATFORM_HW_VERSION = "hex_platform_hw_version";
    /** Platform software version. */
    public static final String PLATFORM_SW_VERSION = "hex_platform_sw_version";
    /** Security flags of the platform or the instance. */
    public static final String SECURE_FLAGS = "hex_secure_flags";
    /** Hardware platform measurement. */
    public static final String PLATFORM_MEASUREMENT = "hex_platform_measurement";
    /** Boot-stage measurement. */
    public static final String BOOT_MEASUREMENT = "hex_boot_measurement";
    /** TEE or TA instance id. */
    public static final String TEE_IDENTITY = "str_tee_identity";
    /** TA static measurement (SGX: MRENCLAVE). */
    public static final String TA_MEASUREMENT = "hex_ta_measurement";
    /** TA dynamic measurement. */
    public static final String TA_DYN_MEASUREMENT = "hex_ta_dyn_measurement";
    /** TA signer (SGX: MRSIGNER). */
    public static final String SIGNER = "hex_signer";
    /** TA product id. */
    public static final String PROD_ID = "hex_prod_id";
    /** TA software version; in a policy the minimum accepted. */
    public static final String MIN_ISVSVN = "str_min_isvsvn";
    /** Whether TA debugging is disabled, {@code "true"} or {@code "false"}. */
    public static final String DEBUG_DISABLED = "bool_debug_disabled";
    /** User data bound in the report. */
    public static final String USER_DATA = "hex_user_data";
    /** Hash of the public key bound in the report (in a policy: that hash or the PEM key). */
    public static final String HASH_OR_PEM_PUBKEY = "hex_hash_or_pem_pubkey";
    /** Freshness value separate from the user data. */
    public static final String NONCE = "hex_nonce";
    /** SGX1 service-provider id. */
    public static final String SPID = "hex_spid";

    private TeeAttributes() {
    }
}
