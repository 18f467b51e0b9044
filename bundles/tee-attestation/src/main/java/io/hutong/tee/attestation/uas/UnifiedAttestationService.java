/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UasAttestationResult;
import io.hutong.tee.attestation.model.UasReport;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;

/**
 * The verify operation of a Unified Attestation Service (spec 60 §6.2, §6.4): checks the caller's
 * credential, verifies the report with the platform's verifier and answers a report of type
 * {@code Uas} whose result — platform, the caller's nonce and the quote — carries the UAS signature.
 *
 * <p>The UAS verifies platform evidence only; the challenger applies its policy to the returned report
 * after checking the UAS signature and its own nonce ({@link UasReportVerifier}).
 */
public final class UnifiedAttestationService {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AccessKeys accessKeys;
    private final Function<String, Optional<TeeVerifier>> verifiers;
    private final UasSigningKey signingKey;
    private final Clock clock;

    /**
     * @param accessKeys the credential register
     * @param verifiers  the verifier currently deployed for a {@code str_tee_platform}, looked up per request
     *                   so a replaced verifier takes effect on the next request
     * @param signingKey the UAS key
     * @param clock      the clock verification time is taken from
     */
    public UnifiedAttestationService(AccessKeys accessKeys, Function<String, Optional<TeeVerifier>> verifiers,
            UasSigningKey signingKey, Clock clock) {
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param request the request body
     * @return the answer with its HTTP status
     */
    public UasVerifyResponse verify(UasVerifyRequest request) {
        if (request == null) {
            return UasVerifyResponse.invalid("request body: missing");
        }
        for (String[] field : new String[][] {{"access_key", request.accessKey()}, {"nonce", request.nonce()},
                {"report", request.report()}}) {
            if (field[1] == null || field[1].isBlank()) {
                return UasVerifyResponse.invalid(field[0] + ": missing");
            }
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
        if (platform.isEmpty()) {
            return UasVerifyResponse.invalid("report: str_tee_platform missing");
        }
        if (platform.equals(TeePlatforms.UAS)) {
            return UasVerifyResponse.refused(UasVerifyResponse.VERIFICATION_FAILED,
                    "unsupported: a report already signed by a UAS is not re-signed");
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
        String result = AttestationJson.write(new UasAttestationResult(0L, platform, request.nonce(), quoteOf(report)));
        UasReport uasReport = new UasReport(result, signingKey.sign(result.getBytes(StandardCharsets.UTF_8)));
        UnifiedAttestationReport signed = new UnifiedAttestationReport(UnifiedAttestationReport.VERSION,
                UnifiedAttestationReport.UAS, TeePlatforms.UAS, AttestationJson.write(uasReport),
                report.jsonNestedReports());
        return new UasVerifyResponse(200, UasVerifyResponse.OK, "verified: " + verdict.platformStatus(),
                AttestationJson.write(signed));
    }

    // every platform report of the standard names its evidence b64_quote; IAS passports have none
    private static String quoteOf(UnifiedAttestationReport report) {
        try {
            JsonNode n = MAPPER.readTree(report.jsonReport() == null ? "{}" : report.jsonReport());
            return n.path("b64_quote").asText("");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "";
        }
    }
}
