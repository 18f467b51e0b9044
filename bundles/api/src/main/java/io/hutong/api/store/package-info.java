/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The node's relational database: a {@link javax.sql.DataSource} plus per-bundle versioned schema
 * migrations, on embedded H2 (file mode) or PostgreSQL.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.store;
