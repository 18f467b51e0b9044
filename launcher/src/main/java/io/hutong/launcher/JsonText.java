/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.StringWriter;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;

/**
 * The JSON the node's start writes (the Configurator resource, {@code ready.json}, JSON log lines), on Jakarta
 * JSON — the API the Sling Feature Model reader already loads. Jackson's first {@code ObjectMapper} costs a cold
 * JVM about 0.33 CPU-seconds and some 500 classes, Parsson's first document about 0.07 (measured with C1, decision
 * START6); the CLI commands that parse the admin API's answers keep Jackson.
 */
public final class JsonText {

    private static final Map<String, ?> PRETTY = Map.of(JsonGenerator.PRETTY_PRINTING, true);

    private JsonText() {
    }

    /**
     * @return {@code value} as one line of JSON (or indented over several when {@code pretty})
     * @throws IllegalArgumentException for a value that is not a string, number, boolean, null, map, collection or
     *                                  array of those
     */
    public static String write(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = pretty ? Json.createWriterFactory(PRETTY).createWriter(out) : Json.createWriter(out)) {
            w.write(value(value));
        }
        // Parsson's pretty printer starts with a line break
        return pretty ? out.toString().stripLeading() : out.toString();
    }

    /** @return the JSON value of a string, number, boolean, null, map, collection or array of those */
    private static JsonValue value(Object v) {
        if (v == null) {
            return JsonValue.NULL;
        }
        if (v instanceof String s) {
            return Json.createValue(s);
        }
        if (v instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return Json.createValue(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            return Json.createValue(((Number) v).doubleValue());
        }
        if (v instanceof Map<?, ?> m) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            m.forEach((k, x) -> o.add(String.valueOf(k), value(x)));
            return o.build();
        }
        if (v instanceof Collection<?> c) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            c.forEach(x -> a.add(value(x)));
            return a.build();
        }
        if (v.getClass().isArray()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (int i = 0; i < Array.getLength(v); i++) {
                a.add(value(Array.get(v, i)));
            }
            return a.build();
        }
        throw new IllegalArgumentException("no JSON form for a " + v.getClass().getName());
    }
}
