/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * TEE unified remote attestation SPI (spec 60): one {@link io.hutong.api.tee.TeeVerifier} service per
 * TEE platform, keyed by the standard's {@code str_tee_platform}, so a platform verifier can be
 * deployed, replaced or removed at runtime without touching the code that evaluates policies.
 * 1.2: the report header check every verifier makes ({@link io.hutong.api.tee.TeeReport#headerProblem}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.hutong.api.tee;
