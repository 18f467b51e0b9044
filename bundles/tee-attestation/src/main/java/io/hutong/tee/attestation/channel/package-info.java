/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Attestation-based secure channels (spec 60 §7–§9): the public-key channel, in which a key is trusted
 * because an attested TEE's report binds its hash, and the digital envelope that carries data to the
 * holder of such a key.
 *
 * <p>Private to this bundle (decision API1): other bundles use the services and the types of
 * {@code io.hutong.api.tee}.
 */
package io.hutong.tee.attestation.channel;
