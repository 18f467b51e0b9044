/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.tee.TeeVerification.Failure;

/**
 * Typed reads from Intel's endorsement JSON that turn a missing or mistyped field into a collateral
 * rejection naming the field.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode tree(String what, String text) throws Rejection {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || !n.isObject()) {
                throw new Rejection(Failure.COLLATERAL_INVALID, what + " is not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new Rejection(Failure.COLLATERAL_INVALID, what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static int integer(String what, JsonNode n) throws Rejection {
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new Rejection(Failure.COLLATERAL_INVALID, what + " is not an integer: " + n);
        }
        return n.intValue();
    }

    static String text(String what, JsonNode n) throws Rejection {
        if (!n.isTextual()) {
            throw new Rejection(Failure.COLLATERAL_INVALID, what + " is missing or not a string");
        }
        return n.asText();
    }

    static Instant instant(String what, JsonNode n) throws Rejection {
        try {
            return Instant.parse(text(what, n));
        } catch (DateTimeParseException e) {
            throw new Rejection(Failure.COLLATERAL_INVALID, what + " is not an ISO-8601 instant: " + n);
        }
    }
}
