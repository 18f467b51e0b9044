/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Unified Attestation Service (UAS, spec 60 §6) without its HTTP binding: verifying any platform's
 * report for a credentialed caller and answering a UAS-signed report, checking such reports, and
 * certifying TEE nodes' keys.
 *
 * <p>Private to this bundle (decision API1): other bundles use the services and the types of
 * {@code io.hutong.api.tee}.
 */
package io.hutong.tee.attestation.uas;
