/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.store.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL server of the test run ({@code HUTONG_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}).
 * Without it the PostgreSQL cases are skipped on a developer machine and fail in CI, where
 * {@code .ci/run} always starts one.
 */
final class TestPostgres {

    private TestPostgres() {
    }

    /** @return a data source whose connections use a new, empty schema */
    static DataSource freshSchema() throws SQLException {
        String url = System.getenv("HUTONG_TEST_PG_URL");
        if (url == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI must provide HUTONG_TEST_PG_URL (see .ci/run)");
            }
            Assumptions.abort("no PostgreSQL: set HUTONG_TEST_PG_URL (see .ci/run)");
        }
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(url);
        admin.setUser(System.getenv("HUTONG_TEST_PG_USER"));
        admin.setPassword(System.getenv("HUTONG_TEST_PG_PASSWORD"));
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(admin.getUser());
        ds.setPassword(admin.getPassword());
        ds.setCurrentSchema(schema);
        return ds;
    }
}
