/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job store on both databases a node runs on (H2 in file mode, and the real PostgreSQL server of the test run,
 * {@code HUTONG_TEST_PG_URL}: skipped without one on a developer machine, failed in CI): the schema applies, a final
 * task status is never overwritten by a late poll or callback, a job moves only from the states it may leave.
 */
class JobStoreTest {

    static DataSource database(String kind) throws Exception {
        DataSource ds;
        if (kind.equals("h2")) {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("control-store");
            ds = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0", "", "");
        } else {
            String url = System.getenv("HUTONG_TEST_PG_URL");
            if (url == null) {
                if ("true".equals(System.getenv("CI"))) {
                    throw new IllegalStateException("CI must provide HUTONG_TEST_PG_URL (see .ci/run)");
                }
                Assumptions.abort("no PostgreSQL: set HUTONG_TEST_PG_URL (see .ci/run)");
            }
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(System.getenv("HUTONG_TEST_PG_USER"));
            pg.setPassword(System.getenv("HUTONG_TEST_PG_PASSWORD"));
            String schema = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = pg.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            pg.setCurrentSchema(schema);
            ds = pg;
        }
        String sql;
        try (InputStream in = JobStoreTest.class.getResourceAsStream("/db/control/V1__jobs.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder clean = new StringBuilder();
        sql.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> clean.append(l).append('\n'));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String stmt : clean.toString().split(";")) {
                if (!stmt.isBlank()) {
                    s.execute(stmt);
                }
            }
        }
        return ds;
    }

    static JobStore.Job job(String id) {
        return new JobStore.Job(id, "f1", "{}", "{}", "alice", "alice", "poll", true, true, false, "PENDING", null, null, null, 1, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void jobsAreCountedByStatusForTheMetrics(String kind) throws Exception {
        JobStore store = new JobStore(database(kind));
        assertEquals(java.util.Map.of(), store.jobCountsByStatus());
        String a = "job-0123456789abcdef0123456789abcd0a";
        String b = "job-0123456789abcdef0123456789abcd0b";
        String c = "job-0123456789abcdef0123456789abcd0c";
        store.insert(job(a));
        store.insert(job(b));
        store.insert(job(c));
        store.move(a, List.of("PENDING"), "READY", null, null, 2);
        store.move(a, List.of("READY"), "RUNNING", null, null, 3);
        assertEquals(java.util.Map.of("PENDING", 2L, "RUNNING", 1L), store.jobCountsByStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aJobMovesOnlyFromTheStatesItMayLeaveAndAnEndedTaskStaysEnded(String kind) throws Exception {
        JobStore store = new JobStore(database(kind));
        String id = "job-0123456789abcdef0123456789abcdef";
        assertTrue(store.insert(job(id)));
        assertFalse(store.insert(job(id)), "a job id is taken once");
        assertTrue(store.move(id, List.of("PENDING"), "READY", null, null, 2));
        assertFalse(store.move(id, List.of("PENDING"), "REJECTED", "REJECTED", "late", 3), "a READY job is not rejected any more");
        assertTrue(store.move(id, List.of("READY"), "RUNNING", null, null, 4));
        assertEquals(List.of(id), store.scheduling().stream().map(JobStore.Job::jobId).toList());
        assertTrue(store.move(id, List.of("RUNNING"), "FINISHED", "SUCCESS", null, 5));
        assertTrue(store.scheduling().isEmpty(), "a FINISHED job is not scheduled any more");
        assertEquals("SUCCESS", store.job(id).orElseThrow().outcome());

        store.insert(new JobStore.Task("task_a", "bob", id, "psi_0", "host", "READY", null, 1));
        assertTrue(store.taskStatus("task_a", "bob", "RUNNING", null, 2));
        assertFalse(store.taskStatus("task_a", "bob", "RUNNING", null, 3), "no change, no write");
        assertTrue(store.taskStatus("task_a", "bob", "FAILED", "boom", 4));
        assertFalse(store.taskStatus("task_a", "bob", "SUCCESS", null, 5), "a late SUCCESS does not undo a FAILED");
        assertEquals("FAILED", store.tasksById("task_a").get(0).status());
        assertEquals("boom", store.tasksById("task_a").get(0).reason());

        assertTrue(store.insert(new JobStore.Run("task_a", id, "psi_0", "host.0", "RUNNING", null, null, 1)));
        assertFalse(store.insert(new JobStore.Run("task_a", id, "psi_0", "host.0", "RUNNING", null, null, 1)));
        assertEquals(1, store.openRuns().size());
        store.runStatus("task_a", "SUCCESS", null, 2);
        assertEquals(1, store.openRuns().size(), "ended, but its end not yet acknowledged by the scheduler");
        store.reported("task_a", "SUCCESS");
        assertTrue(store.openRuns().isEmpty());
    }
}
