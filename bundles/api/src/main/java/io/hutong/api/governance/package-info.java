/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What the management layer offers the layers above it (spec 10 for spec 20): signed calls to partners under
 * an approved contract, and the approvals and datasets a job may use on this node.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.governance;
