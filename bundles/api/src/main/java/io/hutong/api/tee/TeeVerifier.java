/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee;

import java.time.Instant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A verifier of one TEE platform's native attestation evidence (spec 60 §4.2), registered as an OSGi
 * service with the service property {@value #PLATFORM} naming the platform it verifies.
 *
 * <p>A verifier checks the evidence itself — signatures, certificate chains to its pinned roots,
 * revocation, endorsement validity — and extracts the unified attributes (spec 60 §5.1). It does
 * <em>not</em> apply a {@code UnifiedAttestationPolicy}: the caller evaluates the policy over the
 * attributes returned here, so every platform is judged by the same rules.
 *
 * <p>Implementations must be stateless with respect to a verification (a call may run on any thread,
 * concurrently with others) and must never report success for evidence they could not check: a
 * platform whose signatures cannot be verified answers {@link TeeVerification.Failure#UNSUPPORTED}.
 */
@ConsumerType
public interface TeeVerifier {

    /**
     * Service property naming the platform a verifier handles, with the standard's key; the value is
     * one of the {@link TeePlatforms} constants (for example {@code SGX_DCAP}).
     */
    String PLATFORM = "str_tee_platform";

    /**
     * Verifies the platform evidence carried by a report as it stood at a given time.
     *
     * <p>All time-dependent checks (certificate, CRL and endorsement validity windows) are made at
     * {@code at}, so recorded evidence can be checked at the time it was produced.
     *
     * @param report the report; its {@link TeeReport#teePlatform()} is the platform of this verifier
     * @param at     the instant the verdict is given for (callers pass {@link Instant#now()} by default)
     * @return the verdict; never {@code null} — malformed input is a rejection, not an exception
     */
    TeeVerification verify(TeeReport report, Instant at);
}
