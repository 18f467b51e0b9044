/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.channel;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.impl.Pem;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UnifiedAttestationAttributes;
import io.hutong.tee.attestation.model.UnifiedAttestationAuthReport;
import io.hutong.tee.attestation.model.UnifiedAttestationNestedReports;
import io.hutong.tee.attestation.model.UnifiedAttestationPolicy;
import io.hutong.tee.attestation.policy.PolicyEvaluation;
import io.hutong.tee.attestation.policy.PolicyVerdict;

/**
 * The public-key channel of spec 60 §7.1: accepts the key of an auth report only when the report
 * verifies, satisfies the policy and binds the SHA-256 of exactly that PEM key.
 */
public final class AttestedPublicKey {

    private AttestedPublicKey() {
    }

    /**
     * @param auth      the auth report received from the TEE
     * @param policy    the policy the TEE must satisfy; its {@code pem_public_key}, if empty, is taken from
     *                  the auth report so the binding is always checked
     * @param verifiers the verifier deployed for a platform
     * @param at        verification time
     * @return the TEE's public key, to encrypt for it
     * @throws GeneralSecurityException naming the check that failed
     */
    public static PublicKey accept(UnifiedAttestationAuthReport auth, UnifiedAttestationPolicy policy,
            Function<String, Optional<TeeVerifier>> verifiers, Instant at) throws GeneralSecurityException {
        if (auth == null || auth.report() == null || auth.pemPublicKey() == null || auth.pemPublicKey().isBlank()) {
            throw new GeneralSecurityException("auth report: report and pem_public_key are both required");
        }
        String platform = auth.report().teePlatform() == null ? "" : auth.report().teePlatform();
        TeeVerifier verifier = verifiers.apply(platform).orElseThrow(() -> new GeneralSecurityException(
                "unsupported: no verifier deployed for str_tee_platform \"" + platform + "\""));
        TeeVerification verdict = verifier.verify(auth.report().toTeeReport(), at);
        if (!verdict.verified()) {
            throw new GeneralSecurityException("report: " + verdict.failure() + ": " + verdict.message());
        }
        String bound = verdict.attributes().getOrDefault(TeeAttributes.HASH_OR_PEM_PUBKEY, "");
        if (!Pem.sha256Hex(auth.pemPublicKey()).equalsIgnoreCase(bound)) {
            throw new GeneralSecurityException("pem_public_key: its SHA-256 " + Pem.sha256Hex(auth.pemPublicKey())
                    + " is not the " + TeeAttributes.HASH_OR_PEM_PUBKEY + " the report binds, "
                    + (bound.isEmpty() ? "(empty)" : bound));
        }
        UnifiedAttestationPolicy effective = policy.pemPublicKey().isEmpty()
                ? new UnifiedAttestationPolicy(auth.pemPublicKey(), policy.mainAttributes(), policy.nestedPolicies())
                : policy;
        String nestedJson = auth.report().jsonNestedReports();
        UnifiedAttestationNestedReports nested = nestedJson == null || nestedJson.isBlank() ? null
                : AttestationJson.read(nestedJson, UnifiedAttestationNestedReports.class);
        PolicyVerdict v = PolicyEvaluation.evaluate(effective, new UnifiedAttestationAttributes(verdict.attributes()), nested);
        if (!v.passed()) {
            throw new GeneralSecurityException("policy: " + v.reason());
        }
        return Pem.publicKey(auth.pemPublicKey());
    }
}
