/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the attestation JSON formats of this package.
 *
 * <p>Unknown keys are ignored on input so that reports from newer or differently-built peers still
 * parse; the signed texts ({@code json_*} fields) stay strings, so they are never re-serialised before
 * a signature over them is checked.
 */
public final class AttestationJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AttestationJson() {
    }

    /**
     * @param json the JSON text
     * @param type one of this package's types
     * @return the parsed value
     * @throws IllegalArgumentException when the text is not JSON of that type; the message says why
     */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty JSON where " + type.getSimpleName() + " was expected");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException("JSON null where " + type.getSimpleName() + " was expected");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param value a value of one of this package's types
     * @return its JSON text with the reference's key names
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
