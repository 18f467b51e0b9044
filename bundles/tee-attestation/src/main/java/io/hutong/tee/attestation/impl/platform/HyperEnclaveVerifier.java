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
import io.hutong.api.tee.sgx.SgxReportBody;

/**
 * The {@code HyperEnclave} verifier: reads the enclave attributes from the SGX-format quote, but cannot
 * verify it — HyperEnclave signs through a TPM-based platform attestation whose format and roots the
 * standard does not define — so it always answers unsupported.
 */
@Component(property = {UnverifiedPlatform.SIGNATURES_CHECKED + ":Boolean=false",
        TeeVerifier.PLATFORM + "=" + TeePlatforms.HYPER_ENCLAVE})
public final class HyperEnclaveVerifier implements TeeVerifier {

    @Override
    public TeeVerification verify(TeeReport report, Instant at) {
        byte[] quote = UnverifiedPlatform.quote(report.jsonReport());
        Map<String, String> parsed = quote.length >= SgxReportBody.OFFSET_IN_QUOTE + SgxReportBody.SIZE
                ? SgxReportBody.attributes(quote, SgxReportBody.OFFSET_IN_QUOTE, TeePlatforms.HYPER_ENCLAVE)
                : Map.of();
        return TeeVerification.unsupported("HyperEnclave quotes are signed through a TPM platform attestation whose "
                + "format and trust roots are not publicly defined by the standard; attributes are parsed but unverified",
                parsed);
    }
}
