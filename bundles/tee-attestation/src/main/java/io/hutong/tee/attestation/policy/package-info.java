/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Evaluation of a UnifiedAttestationPolicy over the attributes of a verified report (spec 60 §5.2),
 * with the comparison rules of the reference implementation.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.tee.attestation.policy;
