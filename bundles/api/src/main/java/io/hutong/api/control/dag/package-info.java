/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The job definition of the control layer (spec 20 §5): the flow {@link io.hutong.api.control.dag.Dag DAG} of
 * component instances and the {@link io.hutong.api.control.dag.JobConfig job configuration} ({@code config},
 * {@code conf} in a job approval, A-05), as immutable records that are valid by construction.
 *
 * <p>{@link io.hutong.api.control.dag.Dag#parse Dag.parse} and
 * {@link io.hutong.api.control.dag.JobConfig#parse JobConfig.parse} read the JSON as a tree of {@code Map},
 * {@code List}, {@code String}, {@code Number} and {@code Boolean} (what any JSON library converts to), so this
 * package depends on none; a structural fault is a {@link io.hutong.api.control.dag.DagFault} naming the field.
 * {@link io.hutong.api.control.dag.JobId} checks the job id format (decision M4).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.control.dag;
