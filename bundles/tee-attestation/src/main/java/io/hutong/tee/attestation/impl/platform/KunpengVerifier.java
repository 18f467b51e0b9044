/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl.platform;

import java.time.Instant;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;

/**
 * The {@code Kunpeng} verifier: the standard marks the Kunpeng {@code TA_report} format and its key
 * placement as open and leaves NONCE_SIZE undefined, so not even the fields can be located
 * reliably; it always answers unsupported.
 */
@Component(property = {UnverifiedPlatform.SIGNATURES_CHECKED + ":Boolean=false",
        TeeVerifier.PLATFORM + "=" + TeePlatforms.KUNPENG})
public final class KunpengVerifier implements TeeVerifier {

    @Override
    public TeeVerification verify(TeeReport report, Instant at) {
        String version = UnverifiedPlatform.field(report.jsonReport(), "int64_version");
        return TeeVerification.unsupported("the Kunpeng TA_report layout (NONCE_SIZE, field sizes) and its AK "
                + "certificate chain are not defined by the standard (left open there); report version "
                + (version.isEmpty() ? "(none)" : version) + ", " + UnverifiedPlatform.quote(report.jsonReport()).length
                + " quote bytes not interpreted", Map.of(io.hutong.api.tee.TeeAttributes.TEE_PLATFORM, TeePlatforms.KUNPENG));
    }
}
