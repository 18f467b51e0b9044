/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl.platform;

import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the verifiers of platforms whose evidence cannot be checked from public definitions share: they
 * parse what they can and always answer "unsupported", never a pass.
 */
final class UnverifiedPlatform {

    /**
     * Service property marking a verifier that never verifies signatures, so status pages can tell it
     * from a real one.
     */
    static final String SIGNATURES_CHECKED = io.hutong.tee.attestation.impl.TeeVerifierRegistry.SIGNATURES_CHECKED;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UnverifiedPlatform() {
    }

    /** @return the decoded {@code b64_quote} of a platform report, or an empty array when absent or invalid */
    static byte[] quote(String jsonReport) {
        try {
            JsonNode n = MAPPER.readTree(jsonReport == null || jsonReport.isBlank() ? "{}" : jsonReport);
            return Base64.getDecoder().decode(n.path("b64_quote").asText(""));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** @return a field of the platform report, empty when absent */
    static String field(String jsonReport, String key) {
        try {
            return MAPPER.readTree(jsonReport == null || jsonReport.isBlank() ? "{}" : jsonReport).path(key).asText("");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "";
        }
    }
}
