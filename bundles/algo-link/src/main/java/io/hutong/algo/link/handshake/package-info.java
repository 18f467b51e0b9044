/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The messages of the interconnection handshake, version 2 (spec 50 §2.1, 51 §2), for any algorithm: requests and
 * responses with their protocol-family parameters packed as {@code Any} at the family's position.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.algo.link.handshake;
