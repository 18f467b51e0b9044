/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Container dialects of the HTTP container API (spec 40 §1 "protocol conversion plug-ins with a
 * match method", decision T10): how a kind of caller frames push, pop, peek and release. A
 * dialect is a {@link io.hutong.api.transport.dialect.ContainerDialect} service; the HTTP adapter
 * asks each, highest {@code service.ranking} first, whether it matches a request.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.transport.dialect;
