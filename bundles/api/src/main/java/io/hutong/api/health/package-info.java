/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Health and status contributions: every layer bundle registers a {@link io.hutong.api.health.HealthContributor}
 * so operators (admin status endpoint, console) see each layer's state.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.hutong.api.health;
