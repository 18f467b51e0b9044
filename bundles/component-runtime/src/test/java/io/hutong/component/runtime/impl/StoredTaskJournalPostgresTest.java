/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same journal behaviour on its own schema of the real PostgreSQL server of the test run
 * ({@code HUTONG_TEST_PG_URL}); skipped on a developer machine without one, failed in CI.
 */
class StoredTaskJournalPostgresTest extends StoredTaskJournalTest {

    @Override
    DataSource database() {
        String url = System.getenv("HUTONG_TEST_PG_URL");
        if (url == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI must provide HUTONG_TEST_PG_URL (see .ci/run)");
            }
            Assumptions.abort("no PostgreSQL: set HUTONG_TEST_PG_URL (see .ci/run)");
        }
        try {
            PGSimpleDataSource admin = new PGSimpleDataSource();
            admin.setURL(url);
            admin.setUser(System.getenv("HUTONG_TEST_PG_USER"));
            admin.setPassword(System.getenv("HUTONG_TEST_PG_PASSWORD"));
            String schema = "cr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url);
            ds.setUser(admin.getUser());
            ds.setPassword(admin.getPassword());
            ds.setCurrentSchema(schema);
            return ds;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
