/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.epid;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.api.tee.sgx.IasReport;
import io.hutong.tee.sgx.epid.impl.IasJson;
import io.hutong.tee.sgx.epid.impl.IasReportVerification;

/**
 * The {@code SGX_EPID} platform verifier: checks passports carrying an Intel Attestation Service report
 * ({@code IasReport}); background-check reports (a bare EPID quote) need IAS and are answered as unsupported.
 */
@Component(service = TeeVerifier.class, property = TeeVerifier.PLATFORM + "=" + TeePlatforms.SGX_EPID,
        configurationPid = SgxEpidVerifier.PID)
@Designate(ocd = SgxEpidVerifier.Config.class)
public final class SgxEpidVerifier implements TeeVerifier {

    /** Configuration PID. */
    public static final String PID = "io.hutong.tee.sgx.epid";

    /** SHA-256 fingerprint of Intel's "Intel SGX Attestation Report Signing CA" certificate. */
    public static final String INTEL_IAS_REPORT_SIGNING_CA_SHA256 =
            "7B:42:E4:1E:C4:3B:91:DB:83:4A:06:5D:E4:F9:8A:13:C4:4D:69:55:70:E8:39:CF:A8:92:1E:58:4E:40:73:5D";

    /** Configuration of the verifier. */
    @ObjectClassDefinition(name = "Hutong SGX EPID verifier",
            description = "Verifies Intel Attestation Service reports against a pinned report-signing CA.")
    public @interface Config {

        /** @return accepted CA fingerprints */
        @AttributeDefinition(name = "Pinned CA fingerprints",
                description = "SHA-256 fingerprints of IAS report-signing CA certificates.")
        String[] trusted_ca_sha256() default { INTEL_IAS_REPORT_SIGNING_CA_SHA256 };

        /** @return CA certificates for reports that carry only the signing certificate */
        @AttributeDefinition(name = "CA certificates (PEM)", required = false,
                description = "IAS report-signing CA certificates, used when a report does not carry its CA; still subject to the pinned fingerprints.")
        String[] trusted_ca_pem() default {};
    }

    private final IasReportVerification verification;

    /**
     * @param config the configuration
     */
    @Activate
    public SgxEpidVerifier(Config config) {
        this(Set.of(config.trusted_ca_sha256()), parse(config.trusted_ca_pem()));
    }

    /**
     * @param pinnedCas fingerprints of accepted CAs
     * @param knownCas  CA certificates for reports that do not carry theirs
     */
    public SgxEpidVerifier(Set<String> pinnedCas, List<X509Certificate> knownCas) {
        this.verification = new IasReportVerification(pinnedCas, knownCas);
    }

    @Override
    public TeeVerification verify(TeeReport report, Instant at) {
        if (!TeePlatforms.SGX_EPID.equals(report.teePlatform())) {
            return TeeVerification.failed(Failure.UNSUPPORTED, "unsupported: str_tee_platform \"" + report.teePlatform()
                    + "\" given to the " + TeePlatforms.SGX_EPID + " verifier");
        }
        // the type says what json_report holds, as in the reference: a Passport the IAS report, a
        // BackgroundCheck the bare quote
        java.util.Optional<String> header = report.headerProblem(TeeReport.PLATFORM_TYPES);
        if (header.isPresent()) {
            return TeeVerification.failed(Failure.MALFORMED, header.get());
        }
        if (report.reportType().equals(TeeReport.BACKGROUND_CHECK)) {
            return TeeVerification.unsupported("an SGX_EPID background-check report (bare EPID quote) can only be "
                    + "verified by Intel Attestation Service; send a Passport with the IAS report", java.util.Map.of());
        }
        IasReport ias;
        try {
            ias = IasJson.read(report.jsonReport());
        } catch (IllegalArgumentException e) {
            return TeeVerification.failed(Failure.MALFORMED, "json_report: " + e.getMessage());
        }
        return verifyIasReport(ias, at);
    }

    /**
     * @param report the IAS report
     * @param at     verification time (IAS reports are checked at or after their own timestamp)
     * @return the verdict
     */
    public TeeVerification verifyIasReport(IasReport report, Instant at) {
        return verification.verify(report, at);
    }

    private static List<X509Certificate> parse(String[] pems) {
        List<X509Certificate> out = new ArrayList<>();
        for (String pem : pems) {
            try {
                for (var c : CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                    out.add((X509Certificate) c);
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("trusted_ca_pem: unreadable certificate: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
