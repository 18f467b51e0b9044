/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Algorithm components registered on this node, as the management layer publishes them
 * ({@code /v1/interconn/component/list} and {@code /query}, spec 10 §5).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.hutong.api.component;
