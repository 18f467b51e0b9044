/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The node's two HTTP planes and the standard's response envelope. REST resources choose their plane
 * with the whiteboard target constants here.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.hutong.api.http;
