/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Swappable cryptographic primitives: today the X25519 scalar multiplication of RFC 7748, which
 * ECDH-PSI performs twice per item and party. Providers register an
 * {@link io.hutong.api.crypto.X25519} service with a {@code service.ranking}; consumers take the
 * highest-ranked one through a dynamic, greedy reference, so a faster provider deployed at runtime
 * takes over without restarting them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.hutong.api.crypto;
