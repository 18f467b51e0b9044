/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.hutong.api.tee.TeeReport;

/**
 * The UnifiedAttestationReport (UAR, spec 60 §4.1): the common wrapper over a platform's native report.
 *
 * @param reportVersion     {@code str_report_version}
 * @param reportType        {@code str_report_type}: {@code BackgroundCheck}, {@code Passport} or {@code Uas}
 * @param teePlatform       {@code str_tee_platform} (the standard's text also says {@code str_platform})
 * @param jsonReport        {@code json_report}: the platform report as JSON text
 * @param jsonNestedReports {@code json_nested_reports}: JSON of {@link UnifiedAttestationNestedReports}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnifiedAttestationReport(
        @JsonProperty("str_report_version") String reportVersion,
        @JsonProperty("str_report_type") String reportType,
        @JsonProperty("str_tee_platform") @JsonAlias("str_platform") String teePlatform,
        @JsonProperty("json_report") String jsonReport,
        @JsonProperty("json_nested_reports") String jsonNestedReports) {

    /** The only report version the standard defines. */
    public static final String VERSION = TeeReport.VERSION;
    /** {@code str_report_type} of a report that carries the quote only. */
    public static final String BACKGROUND_CHECK = TeeReport.BACKGROUND_CHECK;
    /** {@code str_report_type} of a report that carries everything needed to verify it offline. */
    public static final String PASSPORT = TeeReport.PASSPORT;
    /** {@code str_report_type} of a report signed by a Unified Attestation Service. */
    public static final String UAS = TeeReport.UAS;

    /** The types of a platform's own report, the ones a UAS verifies (a {@code Uas} report is already a result). */
    public static final Set<String> PLATFORM_TYPES = TeeReport.PLATFORM_TYPES;

    /**
     * @param report   the report
     * @param accepted the types the caller takes
     * @return what {@link TeeReport#headerProblem} says
     */
    public static Optional<String> headerProblem(TeeReport report, Set<String> accepted) {
        return report.headerProblem(accepted);
    }

    /** @return the fields a platform verifier needs */
    public TeeReport toTeeReport() {
        return new TeeReport(reportVersion, reportType, teePlatform == null ? "" : teePlatform, jsonReport,
                jsonNestedReports);
    }
}
