/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What layers and components report to the node's metrics (the Prometheus endpoint of the
 * {@code io.hutong.metrics} bundle) without depending on a metrics library: counters a component
 * adds to, and live figures a layer answers when the endpoint is scraped.
 *
 * <p>Every service here is optional for its caller: a node without the metrics bundle runs the same.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.metrics;
