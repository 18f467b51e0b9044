/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.util.Objects;

/**
 * A file identifier as the environment contract passes it in {@code runtime.component.input.<name>}
 * and {@code runtime.component.output.<name>}: the JSON {@code {"namespace": …, "name": …}} (spec 30 §3.4).
 */
public record DataRef(String namespace, String name) {

    public DataRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }
}
