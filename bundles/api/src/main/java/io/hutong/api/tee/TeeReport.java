/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee;

import java.util.Objects;

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

    public TeeReport {
        reportVersion = reportVersion == null ? "" : reportVersion;
        reportType = reportType == null ? "" : reportType;
        Objects.requireNonNull(teePlatform, "teePlatform");
        jsonReport = jsonReport == null ? "" : jsonReport;
        jsonNestedReports = jsonNestedReports == null ? "" : jsonNestedReports;
    }
}
