/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The SGX DCAP verification collateral (spec 60 §4.2, {@code SgxQlQveCollateral}), written with the
 * reference's key names and read with the standard's prefixed names too.
 *
 * @param version              {@code version} (standard: {@code int64_version})
 * @param pckCrlIssuerChain    {@code pck_crl_issuer_chain}: PEM chain of the PCK CRL issuer
 * @param rootCaCrl            {@code root_ca_crl}: Intel SGX Root CA CRL (PEM, hex DER or Base64 DER)
 * @param pckCrl               {@code pck_crl}: PCK Processor/Platform CA CRL (PEM, hex DER or Base64 DER)
 * @param tcbInfoIssuerChain   {@code tcb_info_issuer_chain}: PEM chain of the TCB signing certificate
 * @param tcbInfo              {@code tcb_info}: Intel's signed TCB info, {@code {"tcbInfo":…,"signature":…}}
 * @param qeIdentityIssuerChain {@code qe_identity_issuer_chain}: PEM chain of the QE identity signer
 * @param qeIdentity           {@code qe_identity}: Intel's signed QE identity,
 *                             {@code {"enclaveIdentity":…,"signature":…}}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SgxQlQveCollateral(
        @JsonProperty("version") @JsonAlias("int64_version") Long version,
        @JsonProperty("pck_crl_issuer_chain") @JsonAlias("pem_pck_crl_issuer_chain") String pckCrlIssuerChain,
        @JsonProperty("root_ca_crl") @JsonAlias("str_root_ca_crl") String rootCaCrl,
        @JsonProperty("pck_crl") @JsonAlias("str_pck_crl") String pckCrl,
        @JsonProperty("tcb_info_issuer_chain") @JsonAlias("pem_tcb_info_issuer_chain") String tcbInfoIssuerChain,
        @JsonProperty("tcb_info") @JsonAlias("str_tcb_info") String tcbInfo,
        @JsonProperty("qe_identity_issuer_chain") @JsonAlias("pem_qe_identity_issuer_chain") String qeIdentityIssuerChain,
        @JsonProperty("qe_identity") @JsonAlias("str_qe_identity") String qeIdentity) {
}
