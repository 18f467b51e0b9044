/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Reads and writes the attestation JSON formats of this package.
 *
 * <p>Unknown keys are ignored in reports so that reports from newer or differently-built peers still
 * parse; the signed texts ({@code json_*} fields) stay strings, so they are never re-serialised before
 * a signature over them is checked. Every text must be exactly one JSON value (nothing after it) without
 * a repeated key: two parsers that pick different copies of a repeated key would judge different reports.
 * Requests ({@link #readRequest}) are stricter still: their field set is fixed, so an unknown key is an
 * error, and a number or boolean where the standard has a string is not turned into one.
 */
public final class AttestationJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectMapper STRICT = strict();

    private static ObjectMapper strict() {
        ObjectMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return m;
    }

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
     * Reads a request body whose field set the standard fixes: unknown keys, repeated keys, trailing
     * content and scalars of the wrong type are refused.
     *
     * @param json the JSON text
     * @param type the request type
     * @return the parsed value
     * @throws IllegalArgumentException naming the offending field where there is one
     */
    public static <T> T readRequest(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty, expected a JSON object");
        }
        try {
            T value = STRICT.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException("JSON null, expected a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown field \"" + shorten(e.getPropertyName()) + "\"", e);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            if (field != null && !field.isEmpty()) {
                throw new IllegalArgumentException(shorten(field) + ": expected a string", e);
            }
            String m = String.valueOf(e.getOriginalMessage());
            throw new IllegalArgumentException(m.startsWith("Trailing token") ? "content after the JSON value"
                    : "expected a JSON object", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + shorten(e.getOriginalMessage()), e);
        }
    }

    private static String shorten(String s) {
        String t = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
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
