/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UasAttestationResult;
import io.hutong.tee.attestation.model.UasReport;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;

/**
 * The verify operation of a Unified Attestation Service (spec 60 §6.2, §6.4): checks the request's
 * fields and the caller's credential, verifies the report with the platform's verifier and answers a
 * report of type {@code Uas} whose result — platform, the caller's nonce and the verified quote — carries
 * the UAS signature.
 *
 * <p>The quote signed is the one the platform verifier checked ({@link TeeVerification#b64Quote()}),
 * never a field of the request beside it, so the enclave identity a challenger reads from the result
 * (measurement, signer, product id, SVN, debug flag, report data) is the verified one. A verdict without
 * a quote is not signed. Debug enclaves are refused unless the UAS is configured to accept them, judged on
 * the quote that is signed.
 *
 * <p>The UAS verifies platform evidence only; the challenger applies its policy to the returned report
 * after checking the UAS signature and its own nonce ({@link UasReportVerifier}).
 */
public final class UnifiedAttestationService {

    private final AccessKeys accessKeys;
    private final Function<String, Optional<TeeVerifier>> verifiers;
    private final UasSigningKey signingKey;
    private final Clock clock;
    private final boolean acceptDebugEnclaves;

    /**
     * A UAS that refuses debug enclaves.
     *
     * @param accessKeys the credential register
     * @param verifiers  the verifier currently deployed for a {@code str_tee_platform}, looked up per request
     *                   so a replaced verifier takes effect on the next request
     * @param signingKey the UAS key
     * @param clock      the clock verification time is taken from
     */
    public UnifiedAttestationService(AccessKeys accessKeys, Function<String, Optional<TeeVerifier>> verifiers,
            UasSigningKey signingKey, Clock clock) {
        this(accessKeys, verifiers, signingKey, clock, false);
    }

    /**
     * @param accessKeys          the credential register
     * @param verifiers           the verifier deployed for a platform, looked up per request
     * @param signingKey          the UAS key
     * @param clock               the clock verification time is taken from
     * @param acceptDebugEnclaves whether to sign results for enclaves with debugging enabled (test systems only)
     */
    public UnifiedAttestationService(AccessKeys accessKeys, Function<String, Optional<TeeVerifier>> verifiers,
            UasSigningKey signingKey, Clock clock, boolean acceptDebugEnclaves) {
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.acceptDebugEnclaves = acceptDebugEnclaves;
    }

    /**
     * @param request the request body
     * @return the answer with its HTTP status
     */
    public UasVerifyResponse verify(UasVerifyRequest request) {
        if (request == null) {
            return UasVerifyResponse.invalid("request body: missing");
        }
        Optional<String> problem = request.problem();
        if (problem.isPresent()) {
            return UasVerifyResponse.invalid(problem.get());
        }
        if (!accessKeys.accepts(request.accessKey(), request.accessSecret())) {
            return UasVerifyResponse.refused(UasVerifyResponse.ACCESS_DENIED, "access_key: unknown key or wrong access_secret");
        }
        UnifiedAttestationReport report;
        try {
            report = AttestationJson.read(request.report(), UnifiedAttestationReport.class);
        } catch (IllegalArgumentException e) {
            return UasVerifyResponse.invalid("report: " + e.getMessage());
        }
        String platform = report.teePlatform() == null ? "" : report.teePlatform();
        if (platform.equals(TeePlatforms.UAS) || UnifiedAttestationReport.UAS.equals(report.reportType())) {
            return UasVerifyResponse.refused(UasVerifyResponse.VERIFICATION_FAILED,
                    "unsupported: a report already signed by a UAS is not re-signed");
        }
        Optional<String> header = UnifiedAttestationReport.headerProblem(report.toTeeReport(),
                UnifiedAttestationReport.PLATFORM_TYPES);
        if (header.isPresent()) {
            return UasVerifyResponse.invalid("report: " + header.get());
        }
        if (platform.isEmpty()) {
            return UasVerifyResponse.invalid("report: str_tee_platform missing");
        }
        Optional<TeeVerifier> verifier = verifiers.apply(platform);
        if (verifier.isEmpty()) {
            return UasVerifyResponse.refused(UasVerifyResponse.VERIFICATION_FAILED,
                    "unsupported: no verifier deployed for str_tee_platform \"" + platform + "\"");
        }
        TeeVerification verdict = verifier.get().verify(report.toTeeReport(), clock.instant());
        if (!verdict.verified()) {
            return UasVerifyResponse.refused(UasVerifyResponse.VERIFICATION_FAILED,
                    verdict.failure() + ": " + verdict.message());
        }
        Map<String, String> bound;
        try {
            bound = BoundQuote.attributes(platform, verdict.b64Quote());
        } catch (IllegalArgumentException e) {
            return UasVerifyResponse.refused(UasVerifyResponse.VERIFICATION_FAILED, "the " + platform
                    + " verifier returned no usable quote to sign: " + e.getMessage());
        }
        // judged on the quote that is signed, not on what the verifier says beside it
        String debugDisabled = bound.getOrDefault(TeeAttributes.DEBUG_DISABLED,
                verdict.attributes().getOrDefault(TeeAttributes.DEBUG_DISABLED, ""));
        if (debugDisabled.equals("false") && !acceptDebugEnclaves) {
            return UasVerifyResponse.refused(UasVerifyResponse.VERIFICATION_FAILED, "bool_debug_disabled: the enclave "
                    + "runs with debugging enabled (its memory is readable by the host); debug enclaves are refused");
        }
        String result = AttestationJson.write(new UasAttestationResult(0L, platform, request.nonce(), verdict.b64Quote()));
        UasReport uasReport = new UasReport(result, signingKey.sign(result.getBytes(StandardCharsets.UTF_8)));
        UnifiedAttestationReport signed = new UnifiedAttestationReport(UnifiedAttestationReport.VERSION,
                UnifiedAttestationReport.UAS, TeePlatforms.UAS, AttestationJson.write(uasReport),
                report.jsonNestedReports());
        return new UasVerifyResponse(200, UasVerifyResponse.OK, "verified: " + verdict.platformStatus(),
                AttestationJson.write(signed));
    }
}
