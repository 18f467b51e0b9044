/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.control.dag;

import java.util.Objects;

/**
 * One input or output of a DAG component instance (spec 20 §5.1 {@code input[]}/{@code output[]}).
 *
 * <p>An output's {@code key} is its name (e.g. {@code train_data}); an input's {@code key} references an upstream
 * output as {@code <instance name>.<output key>} (e.g. {@code intersect_rsa_1.train_data}).
 *
 * @param key  the output name, or for an input the upstream reference
 * @param type the data category ({@code dataset}, {@code model}, {@code report}…; an open set)
 */
public record DagPort(String key, String type) {

    public DagPort {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
    }

    /** @return for an input, the instance name before the first {@code .}; null when the key has none */
    public String upstreamInstance() {
        int dot = key.indexOf('.');
        return dot < 0 ? null : key.substring(0, dot);
    }

    /** @return for an input, the upstream output key after the first {@code .}; null when the key has none */
    public String upstreamOutput() {
        int dot = key.indexOf('.');
        return dot < 0 ? null : key.substring(dot + 1);
    }
}
