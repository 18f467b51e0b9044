/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap;

import java.time.Instant;
import java.util.Base64;
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
import io.hutong.api.tee.sgx.DcapReport;
import io.hutong.api.tee.sgx.SgxQlQveCollateral;
import io.hutong.tee.sgx.dcap.impl.DcapJson;
import io.hutong.tee.sgx.dcap.impl.DcapQuoteVerification;
import io.hutong.tee.sgx.dcap.impl.IntelPki;

/**
 * The {@code SGX_DCAP} platform verifier: checks an Intel SGX ECDSA quote (v3 or v4) and its collateral
 * entirely in Java, against pinned Intel SGX Root CA fingerprints.
 */
@Component(service = TeeVerifier.class, property = TeeVerifier.PLATFORM + "=" + TeePlatforms.SGX_DCAP,
        configurationPid = SgxDcapVerifier.PID)
@Designate(ocd = SgxDcapVerifier.Config.class)
public final class SgxDcapVerifier implements TeeVerifier {

    /** Configuration PID. */
    public static final String PID = "io.hutong.tee.sgx.dcap";

    /** SHA-256 fingerprint of the Intel SGX Root CA certificate. */
    public static final String INTEL_SGX_ROOT_CA_SHA256 =
            "44:A0:19:6B:2B:99:F8:89:B8:E1:49:E9:5B:80:7A:35:0E:74:24:96:43:99:E8:85:A7:CB:B8:CC:FA:B6:74:D3";

    /** Configuration of the verifier. */
    @ObjectClassDefinition(name = "Hutong SGX DCAP verifier",
            description = "Verifies Intel SGX DCAP quotes against pinned root certificates.")
    public @interface Config {

        /** @return accepted root CA SHA-256 fingerprints (hex, colons optional) */
        @AttributeDefinition(name = "Pinned root fingerprints",
                description = "SHA-256 fingerprints of the root CA certificates quote and collateral chains must end in.")
        String[] trusted_root_sha256() default { INTEL_SGX_ROOT_CA_SHA256 };
    }

    private final DcapQuoteVerification verification;

    /**
     * @param config the configuration (defaults pin the Intel SGX Root CA)
     */
    @Activate
    public SgxDcapVerifier(Config config) {
        this(Set.of(config.trusted_root_sha256()));
    }

    /**
     * @param pinnedRoots SHA-256 fingerprints of accepted roots
     */
    public SgxDcapVerifier(Set<String> pinnedRoots) {
        this.verification = new DcapQuoteVerification(new IntelPki(pinnedRoots));
    }

    /** @return a verifier that pins only the Intel SGX Root CA */
    public static SgxDcapVerifier pinningIntelRoot() {
        return new SgxDcapVerifier(Set.of(INTEL_SGX_ROOT_CA_SHA256));
    }

    @Override
    public TeeVerification verify(TeeReport report, Instant at) {
        if (!TeePlatforms.SGX_DCAP.equals(report.teePlatform())) {
            return TeeVerification.failed(Failure.UNSUPPORTED, "unsupported: str_tee_platform \"" + report.teePlatform()
                    + "\" given to the " + TeePlatforms.SGX_DCAP + " verifier");
        }
        java.util.Optional<String> header = report.headerProblem(TeeReport.PLATFORM_TYPES);
        if (header.isPresent()) {
            return TeeVerification.failed(Failure.MALFORMED, header.get());
        }
        DcapReport dcap;
        SgxQlQveCollateral collateral = null;
        byte[] quote;
        try {
            dcap = DcapJson.readReport(report.jsonReport());
            quote = Base64.getDecoder().decode(dcap.b64Quote() == null ? "" : dcap.b64Quote());
            if (dcap.jsonCollateral() != null && !dcap.jsonCollateral().isBlank()) {
                collateral = DcapJson.readCollateral(dcap.jsonCollateral());
            }
        } catch (IllegalArgumentException e) {
            return TeeVerification.failed(Failure.MALFORMED, "json_report: " + e.getMessage());
        }
        return verifyQuote(quote, collateral, at);
    }

    /**
     * Verifies a quote with explicit collateral.
     *
     * @param quote      the quote bytes
     * @param collateral the collateral ({@code null} fails: background-check reports need it fetched first)
     * @param at         verification time
     * @return the verdict
     */
    public TeeVerification verifyQuote(byte[] quote, SgxQlQveCollateral collateral, Instant at) {
        return verification.verify(quote, collateral, at);
    }
}
