/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The JSON formats of TEE unified remote attestation (spec 60 §4–§6): reports, attributes, policies and
 * platform reports, with the standard's key names. Where the standard and its reference implementation
 * spell a key differently both are read and the reference spelling is written (decision A-16). The SGX
 * platform reports are plain records in {@code io.hutong.api.tee.sgx}, mapped by each verifier bundle.
 *
 * <p>Private to this bundle (decision API1): other bundles use the services and the types of
 * {@code io.hutong.api.tee}.
 */
package io.hutong.tee.attestation.model;
