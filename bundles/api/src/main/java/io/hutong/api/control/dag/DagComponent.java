/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.control.dag;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A component instance of a DAG (spec 20 §5.1 {@code components[]}): one task of every job run from it.
 *
 * @param name          the instance name, unique in its DAG; it is the {@code task_name} of the control layer and
 *                      the key of {@code task_params}
 * @param componentName the component's class name, as its self-description's {@code componentName}
 * @param version       the component version
 * @param provider      the component provider
 * @param input         the inputs, each referencing an upstream output (empty for a start point)
 * @param output        the outputs, by key
 */
public record DagComponent(String name, String componentName, String version, String provider, List<DagPort> input,
                           List<DagPort> output) {

    public DagComponent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(componentName, "componentName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(provider, "provider");
        input = List.copyOf(input);
        output = List.copyOf(output);
    }

    /** @return the output declared under {@code key} */
    public Optional<DagPort> output(String key) {
        return output.stream().filter(p -> p.key().equals(key)).findFirst();
    }
}
