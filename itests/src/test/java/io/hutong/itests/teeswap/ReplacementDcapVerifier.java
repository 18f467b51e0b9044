/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.teeswap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;

/**
 * The {@code SGX_DCAP} verifier of the bundle the hot-swap test drops into {@code deploy/}: it answers a
 * verdict no real verifier gives (platform status {@value #STATUS}), so the test sees which verifier
 * answered. A report naming a {@code hold} file makes it wait until that file is deleted, so the test can
 * remove the bundle while a verification is in flight; {@code bind} becomes the bound key hash; the report's
 * {@code b64_quote} is handed on as the verified quote.
 */
public class ReplacementDcapVerifier implements TeeVerifier {

    /** The platform status this verifier answers. */
    public static final String STATUS = "ReplacedByItest";

    @Override
    public TeeVerification verify(TeeReport report, Instant at) {
        String hold = field(report.jsonReport(), "hold");
        if (!hold.isEmpty()) {
            Path file = Path.of(hold);
            try {
                Files.writeString(file.resolveSibling(file.getFileName() + ".started"), "started");
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (Files.exists(file) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                return TeeVerification.failed(TeeVerification.Failure.MALFORMED, "hold: " + e);
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(TeeAttributes.TEE_PLATFORM, report.teePlatform());
        attributes.put(TeeAttributes.TA_MEASUREMENT, "17E57");
        attributes.put(TeeAttributes.HASH_OR_PEM_PUBKEY, field(report.jsonReport(), "bind"));
        // hands on the report's quote as the one it "verified", so the UAS has an enclave identity to sign
        return TeeVerification.verified(STATUS, List.of(), attributes, field(report.jsonReport(), "b64_quote"));
    }

    // the test bundle imports nothing but the SPI, so the few fields it reads are found by pattern
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
