/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Settings of the node's Unified Attestation Service (PID {@code io.hutong.tee.uas}). */
@ObjectClassDefinition(name = "Hutong UAS", description = "The Unified Attestation Service: signing key, issued certificates, verification time")
public @interface UasConfig {

    @AttributeDefinition(name = "Signing algorithm", description = "RSA (PKCS#1 v1.5, SHA-256) or SM2 (SM3). "
            + "The key of each algorithm is generated once and kept in the database.",
            options = {@Option(label = "RSA", value = "RSA"), @Option(label = "SM2", value = "SM2")})
    String signing_algorithm() default "RSA";

    @AttributeDefinition(name = "RSA key size", description = "Bits of a newly generated RSA key; at least 4096 "
            + "(spec 60 §9). A stored RSA key shorter than 4096 bits is replaced by a new one.")
    int rsa_bits() default 4096;

    @AttributeDefinition(name = "Certificate subject", description = "Common name of the UAS certificate (made once, with the key).")
    String subject_cn() default "Hutong UAS";

    @AttributeDefinition(name = "Node certificate validity (days)", description = "Validity of certificates issued to registered TEE nodes.")
    int node_certificate_days() default 365;

    @AttributeDefinition(name = "Accept debug enclaves", description = "Sign results for (and certify keys of) "
            + "enclaves that run with debugging enabled, whose memory the host can read. Off by default; for test "
            + "systems with debug-built enclaves only.")
    boolean accept_debug_enclaves() default false;

    @AttributeDefinition(name = "Fixed verification time", required = false,
            description = "ISO-8601 instant at which reports are verified instead of the node clock, for replaying "
                    + "recorded evidence in test systems. Empty: the node clock. Never set it in production.")
    String verification_at() default "";
}
