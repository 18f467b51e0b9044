/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Evaluation of a UnifiedAttestationPolicy over the attributes of a verified report (spec 60 §5.2),
 * with the comparison rules of the reference implementation.
 *
 * <p>Private to this bundle (decision API1): other bundles use the services and the types of
 * {@code io.hutong.api.tee}.
 */
package io.hutong.tee.attestation.policy;
