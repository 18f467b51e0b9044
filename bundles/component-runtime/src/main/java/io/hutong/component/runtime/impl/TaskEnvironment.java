/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.component.DataRef;

/**
 * One task's environment contract (spec 30 §3) checked and in typed form: built from the flat keys a
 * scheduler or the admin API gives, completed with what the node knows itself ({@code system.storage},
 * {@code config.log.path}, {@code runtime.component.name}).
 *
 * @param environment the completed flat environment, as a container would see it
 * @param taskId      {@code config.task_id}
 * @param selfRole    {@code config.self_role} as given (roles with index, comma-separated)
 * @param selfRoles   the entries of {@code config.self_role}, e.g. {@code [guest.0]}
 * @param nodeIds     {@code config.node_id.<role>.<i>} by {@code <role>.<i>}
 * @param instIds     {@code config.inst_id.<role>.<i>} by {@code <role>.<i>}
 * @param sessionId   {@code config.session_id}
 * @param traceId     {@code config.trace_id}, empty when not given
 * @param token       {@code config.token}, empty when not given
 * @param parameters  {@code runtime.component.parameter.<name>} by name
 * @param inputs      {@code runtime.component.input.<name>} by name
 * @param outputs     {@code runtime.component.output.<name>} by name
 * @param logPath     {@code config.log.path}
 * @param storage     {@code system.storage}
 */
record TaskEnvironment(Map<String, String> environment, String taskId, String selfRole, List<String> selfRoles,
        Map<String, String> nodeIds, Map<String, String> instIds, String sessionId, String traceId, String token,
        Map<String, String> parameters, Map<String, DataRef> inputs, Map<String, DataRef> outputs, Path logPath,
        String storage) {

    static final String TASK_ID = "config.task_id";
    static final String SELF_ROLE = "config.self_role";
    static final String NODE_ID = "config.node_id.";
    static final String INST_ID = "config.inst_id.";
    static final String SESSION_ID = "config.session_id";
    static final String TRACE_ID = "config.trace_id";
    static final String TOKEN = "config.token";
    static final String LOG_PATH = "config.log.path";
    static final String STORAGE = "system.storage";
    static final String CALLBACK = "system.callback";
    static final String TRANSPORT = "system.transport";
    static final String CONTROL_PORT = "system.control_port";
    static final String COMPONENT_NAME = "runtime.component.name";
    static final String PARAMETER = "runtime.component.parameter.";
    static final String INPUT = "runtime.component.input.";
    static final String OUTPUT = "runtime.component.output.";

    // A task id names the task's log directory, so it must be one safe path segment.
    private static final Pattern TASK_ID_SYNTAX = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern ROLE_SYNTAX = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*\\.[0-9]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return the role of this node without its index ({@code host} for {@code host.0}), as the task query answers it */
    String role() {
        String first = selfRoles.get(0);
        return first.substring(0, first.lastIndexOf('.'));
    }

    /**
     * Checks and completes an environment.
     *
     * @param componentName   the component the task runs ({@code runtime.component.name} must agree when given)
     * @param given           the flat keys as given
     * @param defaultStorage  {@code system.storage} when not given
     * @param logRoot         where {@code <task_id>/} goes when {@code config.log.path} is not given
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    static TaskEnvironment parse(String componentName, Map<String, String> given, String defaultStorage, Path logRoot) {
        return parse(componentName, given, defaultStorage, logRoot, null, null);
    }

    /**
     * Checks and completes an environment, with the node's own addresses (decision EXT4).
     *
     * @param nodeAddress {@code host:port} of this node's east-west plane: {@code system.transport} (the
     *                    container API for PTP) and {@code system.control_port} (where the task query is
     *                    answered, CR1) when not given; null when unknown
     * @param callback    {@code system.callback}, always this node's C1 URL with the task's secret (the
     *                    runtime learns the task's state through it); null to leave the given value
     */
    static TaskEnvironment parse(String componentName, Map<String, String> given, String defaultStorage, Path logRoot,
                                 String nodeAddress, String callback) {
        if (given == null) {
            throw new IllegalArgumentException("env is missing: the task needs at least " + TASK_ID + ", " + SELF_ROLE
                    + ", " + NODE_ID + "<self role> and " + SESSION_ID);
        }
        Map<String, String> env = new TreeMap<>();
        given.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("env has an empty key");
            }
            if (v == null) {
                throw new IllegalArgumentException("env key " + k + " has no value");
            }
            env.put(k.strip(), v);
        });
        String taskId = required(env, TASK_ID);
        if (!TASK_ID_SYNTAX.matcher(taskId).matches() || taskId.equals(".") || taskId.equals("..")) {
            throw new IllegalArgumentException(TASK_ID + " '" + taskId
                    + "' may only hold letters, digits, '_', '-' and '.' (at most 128), as it names the task's log directory");
        }
        String selfRole = required(env, SELF_ROLE);
        List<String> selfRoles = java.util.Arrays.stream(selfRole.split(",")).map(String::strip).toList();
        Map<String, String> nodeIds = suffixed(env, NODE_ID);
        Map<String, String> instIds = suffixed(env, INST_ID);
        for (String role : selfRoles) {
            if (!ROLE_SYNTAX.matcher(role).matches()) {
                throw new IllegalArgumentException(SELF_ROLE + " '" + selfRole
                        + "' must list roles with their index, e.g. guest.0 (comma-separated when several)");
            }
            if (!nodeIds.containsKey(role) || nodeIds.get(role).isBlank()) {
                throw new IllegalArgumentException(NODE_ID + role + " is missing: the node id of this task's own role "
                        + role + " is required");
            }
        }
        for (String role : nodeIds.keySet()) {
            if (!ROLE_SYNTAX.matcher(role).matches()) {
                throw new IllegalArgumentException(NODE_ID + role + " must name a role with its index, e.g. "
                        + NODE_ID + "host.0");
            }
        }
        String sessionId = required(env, SESSION_ID);
        String name = env.get(COMPONENT_NAME);
        if (name == null || name.isBlank()) {
            env.put(COMPONENT_NAME, componentName);
        } else if (!name.strip().equals(componentName)) {
            throw new IllegalArgumentException(COMPONENT_NAME + " '" + name + "' differs from the component to run '"
                    + componentName + "'");
        }
        String storage = env.getOrDefault(STORAGE, "").strip();
        if (storage.isEmpty()) {
            storage = defaultStorage;
            env.put(STORAGE, storage);
        }
        if (S3Location.is(storage)) {
            // the node's default too: names what is wrong without repeating the URI, which may hold a password
            S3Location.parse(storage);
        } else if (!storage.startsWith("file://")) {
            throw new IllegalArgumentException(STORAGE + " '" + storage
                    + "' is not supported: this node's runtime reads and writes file:// and s3:// storage only");
        }
        if (nodeAddress != null && !nodeAddress.isBlank()) {
            if (env.getOrDefault(TRANSPORT, "").isBlank()) {
                env.put(TRANSPORT, nodeAddress);
            }
            if (env.getOrDefault(CONTROL_PORT, "").isBlank()) {
                env.put(CONTROL_PORT, nodeAddress.substring(nodeAddress.lastIndexOf(':') + 1));
            }
        }
        if (callback != null) {
            env.put(CALLBACK, callback);
        }
        String log = env.getOrDefault(LOG_PATH, "").strip();
        Path logPath = log.isEmpty() ? logRoot.resolve(taskId) : Path.of(log);
        env.put(LOG_PATH, logPath.toString());
        Map<String, String> parameters = suffixed(env, PARAMETER);
        return new TaskEnvironment(Collections.unmodifiableMap(env), taskId, selfRole, selfRoles,
                nodeIds, instIds, sessionId, env.getOrDefault(TRACE_ID, ""), env.getOrDefault(TOKEN, ""), parameters,
                dataRefs(env, INPUT), dataRefs(env, OUTPUT), logPath, storage);
    }

    private static String required(Map<String, String> env, String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is missing: it is required (spec 30 §3.3)");
        }
        return v.strip();
    }

    private static Map<String, String> suffixed(Map<String, String> env, String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                m.put(k.substring(prefix.length()), v);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, DataRef> dataRefs(Map<String, String> env, String prefix) {
        Map<String, DataRef> m = new LinkedHashMap<>();
        suffixed(env, prefix).forEach((name, json) -> m.put(name, dataRef(prefix + name, json)));
        return Collections.unmodifiableMap(m);
    }

    private static DataRef dataRef(String key, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(key + " is not JSON {\"namespace\":…,\"name\":…}: " + json);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(key + " must be a JSON object {\"namespace\":…,\"name\":…}, not " + json);
        }
        String namespace = text(node, "namespace", key);
        String name = text(node, "name", key);
        return new DataRef(namespace, name);
    }

    private static String text(JsonNode node, String field, String key) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(key + " has no \"" + field + "\" (a non-empty string is required)");
        }
        return v.asText();
    }
}
