/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The link algorithms speak to each other over the node's PTP transport, as SecretFlow's (yacl's) link does (spec 52,
 * decision P3): messages under logical keys with per-peer sequence ids, connect, ACK, FIN, chunking above 1 MiB, one
 * topic per direction, ranks by role order. A component opens one with {@link io.hutong.algo.link.Links#open}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.algo.link;
