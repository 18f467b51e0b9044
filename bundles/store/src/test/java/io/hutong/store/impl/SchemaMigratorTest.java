/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.store.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour of the migration runner on a real H2 file database and on a real PostgreSQL server
 * ({@code HUTONG_TEST_PG_URL}, started by {@code .ci/run}; each test gets a schema of its own).
 */
class SchemaMigratorTest {

    @TempDir
    Path dir;

    private JdbcConnectionPool h2;
    private DataSource pool;
    private SchemaMigrator migrator;

    private void open(String database) throws SQLException {
        if ("h2".equals(database)) {
            h2 = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db"), "", "");
            pool = h2;
        } else {
            pool = TestPostgres.freshSchema();
        }
        migrator = new SchemaMigrator(pool);
        migrator.init();
    }

    @AfterEach
    void close() {
        if (h2 != null) {
            h2.dispose();
        }
    }

    private Map<String, URL> scripts(String... nameAndSql) throws Exception {
        Map<String, URL> out = new LinkedHashMap<>();
        for (int i = 0; i < nameAndSql.length; i += 2) {
            Path f = dir.resolve(nameAndSql[i]);
            Files.writeString(f, nameAndSql[i + 1]);
            out.put(nameAndSql[i], f.toUri().toURL());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void appliesScriptsInVersionOrderOnceEach(String database) throws Exception {
        open(database);
        var s = scripts("V2__add_col.sql", "ALTER TABLE t ADD COLUMN b INT;",
                "V1__create.sql", "-- first\nCREATE TABLE t (a INT);\nINSERT INTO t (a) VALUES (1);");
        assertEquals(List.of("V1__create.sql", "V2__add_col.sql"), migrator.migrate("m", s));
        assertEquals(List.of(), migrator.migrate("m", s), "a second run applies nothing");
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT a, b FROM t")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void failingScriptLeavesNothingRecordedAndNamesTheScript(String database) throws Exception {
        open(database);
        var s = scripts("V1__ok.sql", "CREATE TABLE ok (a INT);", "V2__bad.sql", "CREATE TABLE x (a INT);\nNOT SQL AT ALL;");
        SQLException e = assertThrows(SQLException.class, () -> migrator.migrate("m", s));
        assertTrue(e.getMessage().contains("V2__bad.sql"), e.getMessage());
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM hutong_schema_history WHERE module = 'm'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "only V1 is recorded");
        }
        // fixing the script lets the next start apply it
        var fixed = scripts("V1__ok.sql", "CREATE TABLE ok (a INT);", "V2__bad.sql", "CREATE TABLE y (a INT);");
        assertEquals(List.of("V2__bad.sql"), migrator.migrate("m", fixed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void modulesHaveSeparateHistories(String database) throws Exception {
        open(database);
        assertEquals(List.of("V1__a.sql"), migrator.migrate("a", scripts("V1__a.sql", "CREATE TABLE a1 (x INT);")));
        assertEquals(List.of("V1__b.sql"), migrator.migrate("b", scripts("V1__b.sql", "CREATE TABLE b1 (x INT);")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void refusesBadlyNamedOrDuplicateVersions(String database) throws Exception {
        open(database);
        assertThrows(SQLException.class, () -> migrator.migrate("m", scripts("create.sql", "CREATE TABLE z (a INT);")));
        assertThrows(SQLException.class, () -> migrator.migrate("m",
                scripts("V1__a.sql", "CREATE TABLE z1 (a INT);", "V01__b.sql", "CREATE TABLE z2 (a INT);")));
    }

    @org.junit.jupiter.api.Test
    void splitsStatementsOnLineEndingSemicolons() {
        assertEquals(List.of("CREATE TABLE a (x VARCHAR(10) DEFAULT 'a;b')", "INSERT INTO a VALUES ('c')"),
                SchemaMigrator.statements("CREATE TABLE a (x VARCHAR(10) DEFAULT 'a;b');\n-- c\nINSERT INTO a VALUES ('c');\n"));
    }
}
