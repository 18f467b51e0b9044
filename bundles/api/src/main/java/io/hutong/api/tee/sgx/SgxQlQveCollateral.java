/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee.sgx;

/**
 * The SGX DCAP verification collateral (spec 60 §4.2, {@code SgxQlQveCollateral}). The reference writes
 * the key names given here; the standard's text prefixes them ({@code int64_version},
 * {@code pem_pck_crl_issuer_chain}, {@code str_root_ca_crl}…), and a verifier reads both.
 *
 * @param version               {@code version} (standard: {@code int64_version})
 * @param pckCrlIssuerChain     {@code pck_crl_issuer_chain}: PEM chain of the PCK CRL issuer
 * @param rootCaCrl             {@code root_ca_crl}: Intel SGX Root CA CRL (PEM, hex DER or Base64 DER)
 * @param pckCrl                {@code pck_crl}: PCK Processor/Platform CA CRL (PEM, hex DER or Base64 DER)
 * @param tcbInfoIssuerChain    {@code tcb_info_issuer_chain}: PEM chain of the TCB signing certificate
 * @param tcbInfo               {@code tcb_info}: Intel's signed TCB info, {@code {"tcbInfo":…,"signature":…}}
 * @param qeIdentityIssuerChain {@code qe_identity_issuer_chain}: PEM chain of the QE identity signer
 * @param qeIdentity            {@code qe_identity}: Intel's signed QE identity,
 *                              {@code {"enclaveIdentity":…,"signature":…}}
 */
public record SgxQlQveCollateral(Long version, String pckCrlIssuerChain, String rootCaCrl, String pckCrl,
        String tcbInfoIssuerChain, String tcbInfo, String qeIdentityIssuerChain, String qeIdentity) {
}
