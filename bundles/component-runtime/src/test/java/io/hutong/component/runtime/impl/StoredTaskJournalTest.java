/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;

/** The runtime's tasks in the node database (H2 here; {@link StoredTaskJournalPostgresTest} on PostgreSQL). */
class StoredTaskJournalTest {

    @TempDir
    Path data;

    DataSource database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    /** Runs the bundle's migration script as the store bundle would (statements split on ';'). */
    static DataSource migrated(DataSource ds) throws Exception {
        String sql;
        try (InputStream in = StoredTaskJournalTest.class.getResourceAsStream("/db/component/V1__component_tasks.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.strip().startsWith("--")) {
                clean.append(line).append('\n');
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String stmt : clean.toString().split(";")) {
                if (!stmt.isBlank()) {
                    s.execute(stmt);
                }
            }
        }
        return ds;
    }

    private InProcessTasks runtime(TaskJournal journal) {
        return new InProcessTasks(new InProcessTasks.Settings(2, 0, Duration.ofDays(1), 100, FileTaskStorage.under(data),
                data.resolve("logs/tasks")), () -> null, journal, java.time.Clock.systemUTC());
    }

    private static ComponentLease.Resolver component(TaskBody body) {
        AlgorithmComponent c = new AlgorithmComponent() {
            @Override
            public Map<String, Object> selfDescription() {
                return Map.of("componentName", "test_psi", "version", "1.2.0");
            }

            @Override
            public void run(TaskContext context) throws Exception {
                body.run(context);
            }
        };
        return (name, version) -> new ComponentLease(c, "1.2.0", 1, () -> { }, () -> 0);
    }

    interface TaskBody {
        void run(TaskContext context) throws Exception;
    }

    private static Map<String, String> env(String id) {
        Map<String, String> env = new java.util.HashMap<>(TaskEnvironmentTest.minimal());
        env.put("config.task_id", id);
        return env;
    }

    /** Generous: a loaded CI machine may take seconds to run a task thread; a condition that holds ends the wait at once. */
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(120);

    private static TaskStatus awaitEnd(InProcessTasks tasks, String id) {
        return org.awaitility.Awaitility.await(id + " ends").atMost(WAIT).pollInterval(java.time.Duration.ofMillis(10))
                .until(() -> tasks.status(id).orElseThrow(), s -> s.ended() != null);
    }

    /** The in-memory status ends first, the journal's write follows on the task's thread. */
    private static TaskStatus awaitRecorded(TaskJournal journal, String id, String reason) {
        return org.awaitility.Awaitility.await(id + " recorded as ended (" + reason + ")").atMost(WAIT)
                .pollInterval(java.time.Duration.ofMillis(10))
                .until(() -> journal.find(id).orElse(null), s -> s != null && s.ended() != null && java.util.Objects.equals(reason, s.reason()));
    }

    @Test
    void finishedTasksAndTheirLogsOutliveTheRuntimeAndRunningOnesEndFailedAtTheNextStart() throws Exception {
        DataSource db = migrated(database());
        InProcessTasks first = runtime(new StoredTaskJournal(db));
        first.start("test_psi", null, env("ok"), component(ctx -> ctx.progress(0.3, "psi")));
        first.start("test_psi", null, env("bad"), component(ctx -> {
            throw new IllegalStateException("x".repeat(5000));
        }));
        TaskStatus ok = awaitEnd(first, "ok");
        awaitRecorded(new StoredTaskJournal(db), "ok", null);
        awaitRecorded(new StoredTaskJournal(db), "bad", "x".repeat(4000));
        CountDownLatch never = new CountDownLatch(1);
        first.start("test_psi", null, env("hung"), component(ctx -> never.await()));
        // the node goes away without the runtime ending its task (killed)
        InProcessTasks second = runtime(new StoredTaskJournal(db));
        assertEquals(1, new StoredTaskJournal(db).abandon(Instant.now(), "the node stopped while the task ran"));

        assertEquals(ok, second.status("ok").orElseThrow(), "the same status, to the millisecond");
        assertEquals(TaskStatus.SUCCESS, ok.state());
        TaskStatus bad = second.status("bad").orElseThrow();
        assertEquals(4000, bad.reason().length(), "a long reason is kept up to the column's size");
        TaskStatus hung = second.status("hung").orElseThrow();
        assertEquals(TaskStatus.FAILED, hung.state());
        assertEquals("the node stopped while the task ran", hung.reason());
        assertEquals(java.util.Set.of("hung", "bad", "ok"),
                java.util.Set.copyOf(second.list().stream().map(TaskStatus::taskId).toList()));
        Path log = second.logFile("ok").orElseThrow();
        assertTrue(Files.readString(log).contains("task SUCCESS"));
        first.close("test over");
    }

    @Test
    void aRerunReplacesTheRecordAndOldTasksAreForgotten() throws Exception {
        DataSource db = migrated(database());
        StoredTaskJournal journal = new StoredTaskJournal(db);
        InProcessTasks tasks = runtime(journal);
        tasks.start("test_psi", null, env("again"), component(ctx -> { }));
        awaitRecorded(journal, "again", null);
        tasks.start("test_psi", null, env("again"), component(ctx -> {
            throw new Exception("second run");
        }));
        awaitRecorded(journal, "again", "second run");
        assertEquals(1, journal.finished(10).size());
        journal.forget(Instant.now().plusSeconds(1));
        assertTrue(journal.find("again").isEmpty());
        tasks.close("test over");
    }
}
