/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A test kit for algorithm components: {@link io.hutong.component.testkit.TestNetwork} runs an
 * {@link io.hutong.api.component.AlgorithmComponent} for every party of a task in one JVM, with the environment
 * contract of spec 30 §3, a temporary {@code file://} storage per party and a loopback transport with the session
 * queues' semantics between them. A plain library for unit tests (JUnit or any other), not a bundle.
 */
package io.hutong.component.testkit;
