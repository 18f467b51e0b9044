/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of a {@code UnifiedAttestationReport} (spec 60 §4.1) a platform verifier needs, with the
 * platform report still in its JSON text form so each verifier parses its own format.
 *
 * @param reportVersion     {@code str_report_version}, {@code "1.0"} today
 * @param reportType        {@code str_report_type}: {@code BackgroundCheck}, {@code Passport} or {@code Uas}
 * @param teePlatform       {@code str_tee_platform}, one of {@link TeePlatforms}
 * @param jsonReport        {@code json_report}: the platform-specific report as JSON text, exactly as received
 * @param jsonNestedReports {@code json_nested_reports}, or the empty string when there are none
 */
public record TeeReport(String reportVersion, String reportType, String teePlatform, String jsonReport,
        String jsonNestedReports) {

    /** The only {@code str_report_version} the standard defines. @since 1.2 */
    public static final String VERSION = "1.0";
    /** {@code str_report_type} of a report that carries the quote only. @since 1.2 */
    public static final String BACKGROUND_CHECK = "BackgroundCheck";
    /** {@code str_report_type} of a report that carries everything needed to verify it offline. @since 1.2 */
    public static final String PASSPORT = "Passport";
    /** {@code str_report_type} of a report signed by a Unified Attestation Service. @since 1.2 */
    public static final String UAS = "Uas";
    /**
     * The types of a platform's own report, the ones a platform verifier (and a UAS) verifies; a
     * {@code Uas} report is already a result. @since 1.2
     */
    public static final Set<String> PLATFORM_TYPES = Set.of(BACKGROUND_CHECK, PASSPORT);

    public TeeReport {
        reportVersion = reportVersion == null ? "" : reportVersion;
        reportType = reportType == null ? "" : reportType;
        Objects.requireNonNull(teePlatform, "teePlatform");
        jsonReport = jsonReport == null ? "" : jsonReport;
        jsonNestedReports = jsonNestedReports == null ? "" : jsonNestedReports;
    }

    /**
     * Checks {@code str_report_version} and {@code str_report_type} as the reference does before it picks
     * a verifier: the only version is {@value #VERSION}; the types are {@code BackgroundCheck},
     * {@code Passport} and {@code Uas}, compared exactly. A report of another version or type is refused
     * rather than read by guesswork, since its fields may mean something else.
     *
     * @param accepted the types the caller takes, a subset of the three (for a platform verifier
     *                 {@link #PLATFORM_TYPES})
     * @return empty when both are acceptable, otherwise what is wrong, naming the field and both values
     *         (a value from the report is shown at most 40 characters long, control characters replaced)
     * @since 1.2
     */
    public Optional<String> headerProblem(Set<String> accepted) {
        if (!VERSION.equals(reportVersion)) {
            return Optional.of("str_report_version: expected \"" + VERSION + "\", actual " + quoted(reportVersion));
        }
        if (!accepted.contains(reportType)) {
            return Optional.of("str_report_type: expected one of " + new TreeSet<>(accepted) + ", actual "
                    + quoted(reportType));
        }
        return Optional.empty();
    }

    private static String quoted(String s) {
        if (s == null || s.isEmpty()) {
            return "(missing)";
        }
        // the value comes from a stranger: shown short and without control characters
        String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
