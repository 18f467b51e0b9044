/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.control.dag;

import java.util.List;
import java.util.Map;

/**
 * Reads a JSON tree of {@code Map}/{@code List}/scalars field by field, throwing a {@link DagFault} that names the
 * path: the one place that decides what "required", "a string" and "an object" mean for the job definition.
 */
final class JsonTree {

    private JsonTree() {
    }

    static String at(String path, String key) {
        return path + "." + key;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v, String path) {
        if (v == null) {
            throw new DagFault(path, "is required");
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new DagFault(path, "must be a JSON object");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new DagFault(path, "must be a JSON object");
            }
        }
        return (Map<String, Object>) m;
    }

    static Map<String, Object> optObject(Object v, String path) {
        return v == null ? Map.of() : object(v, path);
    }

    static List<?> list(Object v, String path) {
        if (v == null) {
            throw new DagFault(path, "is required");
        }
        if (!(v instanceof List<?> l)) {
            throw new DagFault(path, "must be a JSON array");
        }
        return l;
    }

    static List<?> optList(Object v, String path) {
        return v == null ? List.of() : list(v, path);
    }

    /** @return the non-blank string at {@code path} */
    static String text(Object v, String path) {
        if (v == null) {
            throw new DagFault(path, "is required");
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new DagFault(path, "must be a non-empty string");
        }
        return s;
    }

    /** @return the string at {@code path}, or null when absent */
    static String optText(Object v, String path) {
        return v == null ? null : text(v, path);
    }

    /** @return {@code s} when it matches {@code regex}; a fault quoting it otherwise */
    static String matching(String s, String regex, String path, String rule) {
        if (!s.matches(regex)) {
            throw new DagFault(path, "must be " + rule + ", got '" + JobId.clip(s) + "'");
        }
        return s;
    }
}
