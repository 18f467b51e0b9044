/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.sgx.SgxReportBody;

/**
 * The enclave identity a UAS result binds: the attributes read from its {@code b64_quote}. The UAS and
 * the challenger read them with this one function, so what the UAS judged (debug flag) is what the
 * challenger's policy sees.
 */
final class BoundQuote {

    /** Platforms whose quote starts with a 48-byte header followed by an SGX report body. */
    static final Set<String> SGX_FAMILY = Set.of(TeePlatforms.SGX_DCAP, TeePlatforms.SGX_EPID, TeePlatforms.HYPER_ENCLAVE);

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    // sgx_quote_t: the basename at offset 16, whose first 16 bytes are the SPID (as the reference reads it)
    private static final int BASENAME = 16;

    private BoundQuote() {
    }

    /**
     * @param platform the {@code str_tee_platform} of the verified report
     * @param b64Quote the quote
     * @return the identity attributes; for a platform outside the SGX family only the platform, since its
     *         quote layout is not known here
     * @throws IllegalArgumentException naming {@code b64_quote} when it is empty, not Base64, or too short
     *                                  to hold an SGX report body
     */
    static Map<String, String> attributes(String platform, String b64Quote) {
        if (b64Quote == null || b64Quote.isEmpty()) {
            throw new IllegalArgumentException("b64_quote: empty, so no enclave identity is bound");
        }
        byte[] quote;
        try {
            quote = Base64.getDecoder().decode(b64Quote);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("b64_quote: not Base64");
        }
        Map<String, String> a = new LinkedHashMap<>();
        if (!SGX_FAMILY.contains(platform)) {
            a.put(TeeAttributes.TEE_PLATFORM, platform);
            return a;
        }
        if (quote.length < SgxReportBody.OFFSET_IN_QUOTE + SgxReportBody.SIZE) {
            throw new IllegalArgumentException("b64_quote: " + quote.length + " bytes, an " + platform + " quote has at least "
                    + (SgxReportBody.OFFSET_IN_QUOTE + SgxReportBody.SIZE));
        }
        a.putAll(SgxReportBody.attributes(quote, SgxReportBody.OFFSET_IN_QUOTE, platform));
        if (platform.equals(TeePlatforms.SGX_EPID)) {
            a.put(TeeAttributes.SPID, HEX.formatHex(quote, BASENAME, BASENAME + 16));
        }
        return a;
    }
}
