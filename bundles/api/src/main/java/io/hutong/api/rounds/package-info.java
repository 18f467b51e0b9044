/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Rounds: a layer's background work (the control layer's scheduling, the management outbox) run on a thread of
 * its own, sooner while there is work and at once when a write makes work appear. A small class with no service
 * behind it, as {@code FileStorage} is (decision PLUG5): two layers share it instead of each keeping a copy.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.rounds;
