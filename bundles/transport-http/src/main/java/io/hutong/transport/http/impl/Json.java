/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;

/** The JSON forms of the PTP bodies (spec 40 §5.1: byte fields as base64 strings). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode read(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw new PtpException(PtpCodes.CODEC, "JSON body must be an object");
            }
            return n;
        } catch (IOException e) {
            throw new PtpException(PtpCodes.CODEC, "invalid JSON body: " + e.getMessage().split("\n")[0]);
        }
    }

    static byte[] bytes(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return new byte[0];
        }
        if (!v.isTextual()) {
            throw new PtpException(PtpCodes.CODEC, "field " + field + " must be a base64 string");
        }
        try {
            return Base64.getDecoder().decode(v.asText().replaceAll("\\s", "").replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new PtpException(PtpCodes.CODEC, "field " + field + " is not base64: " + e.getMessage());
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static Map<String, String> map(JsonNode n, String field) {
        JsonNode v = n.get(field);
        Map<String, String> m = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return m;
        }
        if (!v.isObject()) {
            throw new PtpException(PtpCodes.CODEC, "field " + field + " must be an object of strings");
        }
        v.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** @return the timeout in milliseconds (T2), {@code null} when absent or not positive */
    static Duration millis(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return null;
        }
        long ms;
        if (v.isNumber()) {
            ms = v.asLong();
        } else {
            try {
                ms = Long.parseLong(v.asText().strip());
            } catch (NumberFormatException e) {
                throw new PtpException(PtpCodes.CODEC, "field " + field + " must be a number of milliseconds, not " + v);
            }
        }
        return ms > 0 ? Duration.ofMillis(ms) : null;
    }

    /**
     * @return a {@code PushInbound} in JSON, {@code {"topic", "payload": base64}}, as FATE OSX puts it inside the
     *         {@code Inbound} of an HTTP {@code invoke}
     */
    static byte[] push(String topic, byte[] payload) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("topic", topic);
        o.put("payload", Base64.getEncoder().encodeToString(payload));
        return write(o);
    }

    /** @return an east-west {@code Inbound} in JSON, {@code {"payload": base64[, "metadata"]}} */
    static byte[] inbound(byte[] payload, Map<String, String> metadata) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("payload", Base64.getEncoder().encodeToString(payload));
        if (metadata != null) {
            metadata.forEach(o.putObject("metadata")::put);
        }
        return write(o);
    }

    /** @return a container API answer (spec 40 §3.2), {@code content} in base64 */
    static byte[] reply(String code, String message, byte[] content) {
        return answer(code, message, "content", content);
    }

    /** @return an east-west {@code Outbound} (spec 40 §2.4) in JSON, {@code payload} in base64 */
    static byte[] outbound(String code, String message, byte[] payload) {
        return answer(code, message, "payload", payload);
    }

    private static byte[] answer(String code, String message, String field, byte[] bytes) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("code", code);
        o.put("message", message);
        if (bytes != null) {
            o.put(field, Base64.getEncoder().encodeToString(bytes));
        }
        return write(o);
    }

    private static byte[] write(ObjectNode o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
