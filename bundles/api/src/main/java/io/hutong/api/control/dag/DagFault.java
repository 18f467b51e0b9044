/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.control.dag;

/**
 * A DAG or job configuration that does not follow spec 20 §5: names the offending field by its JSON path
 * (e.g. {@code dag.components[1].input[0].key}) and says what is wrong with it. A server answers it as 400 with
 * {@link #getMessage()} as the message.
 */
public final class DagFault extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    /**
     * @param path    the JSON path of the field at fault, from the root the caller named ({@code dag}, {@code conf}…)
     * @param problem what is wrong, phrased to follow the path (e.g. {@code "is required"})
     */
    public DagFault(String path, String problem) {
        super(path + " " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** @return the JSON path of the field at fault */
    public String path() {
        return path;
    }

    /** @return what is wrong with it */
    public String problem() {
        return problem;
    }
}
