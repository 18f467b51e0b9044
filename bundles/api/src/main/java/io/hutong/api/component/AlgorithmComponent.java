/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An algorithm a component bundle brings to this node: its self-description (spec 30 §2) and the
 * code that runs one task of it in-process.
 *
 * <p>Register the service under both this type and {@link ComponentDescription}, so the management
 * layer lists it (spec 10 §5.2) while the bundle runs; the defaults below derive the listing from
 * the self-description. The component runtime finds a component by {@code componentName} and
 * {@code version}; several versions may be registered at once.
 */
@ConsumerType
public interface AlgorithmComponent extends ComponentDescription {

    /**
     * The standard's self-description document with its field names: {@code componentName},
     * {@code title}, {@code provider}, {@code version}, {@code description}, {@code roleList},
     * {@code desVersion}, {@code storageEngine}, {@code inputParam}, {@code inputData},
     * {@code outputData}, {@code result}. Values are JSON-shaped (maps, lists, strings).
     */
    Map<String, Object> selfDescription();

    /**
     * Runs one task to its end on the calling thread. Returning normally is the container's exit
     * code 0 (SUCCESS); an exception is a failure whose message becomes the task's reason, so it
     * should say what went wrong in the operator's terms. The runtime interrupts the thread to
     * cancel a task.
     */
    void run(TaskContext context) throws Exception;

    @Override
    default String code() {
        return String.valueOf(selfDescription().get("componentName"));
    }

    @Override
    default String version() {
        return String.valueOf(selfDescription().get("version"));
    }

    @Override
    default String name() {
        Object title = selfDescription().get("title");
        return title == null ? code() : title.toString();
    }

    @Override
    default String engine() {
        return String.valueOf(selfDescription().get("provider"));
    }

    @Override
    default String description() {
        Object d = selfDescription().get("description");
        return d == null ? null : d.toString();
    }

    @SuppressWarnings("unchecked")
    @Override
    default List<Map<String, Object>> inputs() {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        for (String key : List.of("inputParam", "inputData")) {
            Object v = selfDescription().get(key);
            if (v instanceof List<?> list) {
                list.forEach(e -> all.add((Map<String, Object>) e));
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    @Override
    default List<Map<String, Object>> outputs() {
        Object v = selfDescription().get("outputData");
        return v instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
