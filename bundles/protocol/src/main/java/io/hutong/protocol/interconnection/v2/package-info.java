/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Code generated from {@code interconnection/handshake/entry.proto} (proto package {@code org.interconnection.v2}): the algorithm handshake.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.protocol.interconnection.v2;
