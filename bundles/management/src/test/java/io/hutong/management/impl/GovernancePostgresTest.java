/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same two-node behaviour with each node on its own schema of the real PostgreSQL server of the
 * test run ({@code HUTONG_TEST_PG_URL}); skipped on a developer machine without one, failed in CI.
 */
class GovernancePostgresTest extends GovernanceTest {

    /** The pools of this test's nodes, closed after it (a restarted node reuses its pool). */
    private final List<JdbcConnectionPool> pools = new CopyOnWriteArrayList<>();

    @Override
    Supplier<DataSource> databases() {
        return () -> {
            JdbcConnectionPool pool = freshSchema();
            pools.add(pool);
            return pool;
        };
    }

    @AfterEach
    void closePools() {
        pools.forEach(JdbcConnectionPool::dispose);
    }

    /**
     * @return a pool of connections to a new, empty schema, pooled as the store bundle pools them (a new
     *         PostgreSQL connection per statement made this class ten times slower than its H2 twin)
     */
    static JdbcConnectionPool freshSchema() {
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
            String schema = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            PGConnectionPoolDataSource ds = new PGConnectionPoolDataSource();
            ds.setURL(url);
            ds.setUser(admin.getUser());
            ds.setPassword(admin.getPassword());
            ds.setCurrentSchema(schema);
            return JdbcConnectionPool.create(ds);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
