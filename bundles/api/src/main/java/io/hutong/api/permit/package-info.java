/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Resource permits (MPRAC, spec 10 §1.1-1.2, decision M5): the check a layer makes before it lets a
 * partner touch a resource this node owns.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.hutong.api.permit;
