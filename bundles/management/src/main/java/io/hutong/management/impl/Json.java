/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON bodies of the management plane, read from the raw bytes so the signature covers what was sent. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    /** @return the body as an object; 400 when it is not a JSON object */
    static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw Refusal.badRequest("request body is missing (a JSON object is expected)");
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (!(n instanceof ObjectNode o)) {
                throw Refusal.badRequest("request body must be a JSON object");
            }
            return o;
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest("invalid JSON body: " + e.getOriginalMessage());
        }
    }

    static ObjectNode parseStored(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }

    static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the non-empty text of a required field; 400 naming it otherwise */
    static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw Refusal.badRequest(field + " is required");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw Refusal.badRequest(field + " must be a non-empty string");
        }
        return v.asText();
    }

    /** @return the text of an optional field or null; 400 when it is there but not a string */
    static String optText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw Refusal.badRequest(field + " must be a string");
        }
        return v.asText();
    }

    static Long optLong(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(v.asText());
        }
        throw Refusal.badRequest(field + " must be an integer");
    }

    static ObjectNode requiredObject(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw Refusal.badRequest(field + " is required");
        }
        if (!v.isObject()) {
            throw Refusal.badRequest(field + " must be a JSON object");
        }
        return (ObjectNode) v;
    }

    static void optObject(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v != null && !v.isNull() && !v.isObject()) {
            throw Refusal.badRequest(field + " must be a JSON object");
        }
    }

    /** @return the node as plain {@code Map}/{@code List}/scalars, the form the api's parsers read */
    static Object tree(JsonNode n) {
        return MAPPER.convertValue(n, Object.class);
    }

    static Map<String, Object> toMap(JsonNode n) {
        return MAPPER.convertValue(n, MAPPER.getTypeFactory().constructMapType(java.util.LinkedHashMap.class, String.class, Object.class));
    }

    static Iterator<JsonNode> elements(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return java.util.Collections.emptyIterator();
        }
        if (!v.isArray()) {
            throw Refusal.badRequest(field + " must be an array");
        }
        return v.elements();
    }

    static com.fasterxml.jackson.databind.node.ArrayNode parseArray(String json) {
        try {
            return (com.fasterxml.jackson.databind.node.ArrayNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }
}
