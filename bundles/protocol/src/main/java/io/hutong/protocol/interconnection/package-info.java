/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Code generated from {@code interconnection/common/header.proto} (proto package {@code org.interconnection}): the response header and error codes of the open algorithm protocol.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.protocol.interconnection;
