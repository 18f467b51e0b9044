/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Health of the layers: every layer bundle registers a {@link io.hutong.api.health.LayerCheck}, a Felix Health
 * Check, so operators (admin status endpoint, console, Felix's own health check views) see each layer's state.
 * 2.0.0 removed {@code HealthContributor}: a layer registers its {@code LayerCheck} as a {@code HealthCheck}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.hutong.api.health;
