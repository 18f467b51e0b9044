/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * Jobs, the scheduler's task rows and a participant's runs in the node database (tables {@code ctl_job},
 * {@code ctl_task}, {@code ctl_run}). Every state change is written before it is acted on or answered, so a node
 * restarted mid-job resumes from here. Plain JDBC in SQL common to H2 and PostgreSQL.
 */
final class JobStore {

    /** A job as this node knows it. */
    record Job(String jobId, String flowId, String dag, String config, String initiator, String scheduler, String syncType,
               boolean initiating, boolean scheduling, boolean participating, String status, String outcome, String reason,
               String stopFrom, long createdAt, long updatedAt) {

        Job with(String newStatus, String newOutcome, String newReason, long now) {
            return new Job(jobId, flowId, dag, config, initiator, scheduler, syncType, initiating, scheduling, participating,
                    newStatus, newOutcome, newReason, stopFrom, createdAt, now);
        }
    }

    /** The scheduler's view of one task on one party. */
    record Task(String taskId, String nodeId, String jobId, String taskName, String role, String status, String reason,
                long updatedAt) {
    }

    /** A participant's run of one task (all its roles in one run). */
    record Run(String taskId, String jobId, String taskName, String roles, String status, String reason, String reported,
               long updatedAt) {
    }

    private final DataSource ds;
    private volatile Runnable onWrite = () -> { };

    JobStore(DataSource ds) {
        this.ds = ds;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Reader<T> reader, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    /** @param listener called after every write that changed a row (the control rounds wake on it) */
    void onWrite(Runnable listener) {
        this.onWrite = listener;
    }

    private int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            int changed = ps.executeUpdate();
            if (changed > 0) {
                onWrite.run();
            }
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }

    // --- jobs ---

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString("job_id"), rs.getString("flow_id"), rs.getString("dag"), rs.getString("config"),
                rs.getString("initiator"), rs.getString("scheduler"), rs.getString("sync_type"), rs.getBoolean("initiating"),
                rs.getBoolean("scheduling"), rs.getBoolean("participating"), rs.getString("status"), rs.getString("outcome"),
                rs.getString("reason"), rs.getString("stop_from"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    /** Inserts a job; @return false when the id is taken */
    boolean insert(Job j) {
        try {
            return update("INSERT INTO ctl_job (job_id, flow_id, dag, config, initiator, scheduler, sync_type, initiating, scheduling,"
                            + " participating, status, outcome, reason, stop_from, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    j.jobId(), j.flowId(), j.dag(), j.config(), j.initiator(), j.scheduler(), j.syncType(), j.initiating(),
                    j.scheduling(), j.participating(), j.status(), j.outcome(), clip(j.reason()), j.stopFrom(), j.createdAt(),
                    j.updatedAt()) == 1;
        } catch (IllegalStateException e) {
            if (job(j.jobId()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    Optional<Job> job(String jobId) {
        return query("SELECT * FROM ctl_job WHERE job_id = ?", JobStore::job, jobId).stream().findFirst();
    }

    /** @return the number of jobs in each status, one grouped query (the metrics read it at every scrape) */
    Map<String, Long> jobCountsByStatus() {
        Map<String, Long> out = new TreeMap<>();
        for (Object[] row : query("SELECT status, COUNT(*) FROM ctl_job GROUP BY status",
                rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
            out.put(String.valueOf(row[0]), (Long) row[1]);
        }
        return out;
    }

    List<Job> jobs(String flowId) {
        return flowId == null ? query("SELECT * FROM ctl_job ORDER BY created_at DESC, job_id", JobStore::job)
                : query("SELECT * FROM ctl_job WHERE flow_id = ? ORDER BY created_at DESC, job_id", JobStore::job, flowId);
    }

    /** @return the jobs this node schedules that have not ended */
    List<Job> scheduling() {
        return query("SELECT * FROM ctl_job WHERE scheduling = TRUE AND status IN ('READY', 'RUNNING') ORDER BY created_at",
                JobStore::job);
    }

    /** Sets the roles this node has in a job (it may be initiator, scheduler and participant). */
    void roles(String jobId, Boolean scheduling, Boolean participating, String scheduler, long now) {
        if (scheduling != null) {
            update("UPDATE ctl_job SET scheduling = ?, updated_at = ? WHERE job_id = ?", scheduling, now, jobId);
        }
        if (participating != null) {
            update("UPDATE ctl_job SET participating = ?, scheduler = ?, updated_at = ? WHERE job_id = ?", participating, scheduler,
                    now, jobId);
        }
    }

    /** Moves a job from one of {@code from} to {@code to}; @return whether it moved (it was in one of them) */
    boolean move(String jobId, List<String> from, String to, String outcome, String reason, long now) {
        String in = String.join(",", from.stream().map(s -> "'" + s + "'").toList());
        return update("UPDATE ctl_job SET status = ?, outcome = COALESCE(?, outcome), reason = COALESCE(?, reason), updated_at = ?"
                + " WHERE job_id = ? AND status IN (" + in + ")", to, outcome, clip(reason), now, jobId) == 1;
    }

    void stopFrom(String jobId, String taskName, long now) {
        update("UPDATE ctl_job SET stop_from = ?, updated_at = ? WHERE job_id = ?", taskName == null ? "" : taskName, now, jobId);
    }

    // --- the scheduler's task rows ---

    private static Task task(ResultSet rs) throws SQLException {
        return new Task(rs.getString("task_id"), rs.getString("node_id"), rs.getString("job_id"), rs.getString("task_name"),
                rs.getString("role"), rs.getString("status"), rs.getString("reason"), rs.getLong("updated_at"));
    }

    void insert(Task t) {
        update("INSERT INTO ctl_task (task_id, node_id, job_id, task_name, role, status, reason, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                t.taskId(), t.nodeId(), t.jobId(), t.taskName(), t.role(), t.status(), clip(t.reason()), t.updatedAt());
    }

    List<Task> tasks(String jobId) {
        return query("SELECT * FROM ctl_task WHERE job_id = ? ORDER BY task_name, node_id", JobStore::task, jobId);
    }

    List<Task> tasksById(String taskId) {
        return query("SELECT * FROM ctl_task WHERE task_id = ? ORDER BY node_id", JobStore::task, taskId);
    }

    /**
     * Sets a party's task status unless it has ended (SUCCESS and FAILED are final: a late poll or callback never
     * changes them). @return whether it changed
     */
    boolean taskStatus(String taskId, String nodeId, String status, String reason, long now) {
        return update("UPDATE ctl_task SET status = ?, reason = COALESCE(?, reason), updated_at = ? WHERE task_id = ? AND node_id = ?"
                + " AND status NOT IN ('SUCCESS', 'FAILED') AND status <> ?", status, clip(reason), now, taskId, nodeId, status) == 1;
    }

    // --- a participant's runs ---

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getString("task_id"), rs.getString("job_id"), rs.getString("task_name"), rs.getString("roles"),
                rs.getString("status"), rs.getString("reason"), rs.getString("reported"), rs.getLong("updated_at"));
    }

    /** @return false when this task id already has a run here */
    boolean insert(Run r) {
        if (run(r.taskId()).isPresent()) {
            return false;
        }
        update("INSERT INTO ctl_run (task_id, job_id, task_name, roles, status, reason, reported, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                r.taskId(), r.jobId(), r.taskName(), r.roles(), r.status(), clip(r.reason()), r.reported(), r.updatedAt());
        return true;
    }

    Optional<Run> run(String taskId) {
        return query("SELECT * FROM ctl_run WHERE task_id = ?", JobStore::run, taskId).stream().findFirst();
    }

    List<Run> runs(String jobId) {
        return query("SELECT * FROM ctl_run WHERE job_id = ? ORDER BY updated_at", JobStore::run, jobId);
    }

    /** @return the runs that are not final, or whose final status the scheduler has not acknowledged yet */
    List<Run> openRuns() {
        return query("SELECT * FROM ctl_run WHERE status NOT IN ('SUCCESS', 'FAILED') OR reported IS NULL OR reported <> status"
                + " ORDER BY updated_at", JobStore::run);
    }

    /** Sets a run's status unless it has ended; @return whether it changed */
    boolean runStatus(String taskId, String status, String reason, long now) {
        return update("UPDATE ctl_run SET status = ?, reason = COALESCE(?, reason), updated_at = ? WHERE task_id = ?"
                + " AND status NOT IN ('SUCCESS', 'FAILED') AND status <> ?", status, clip(reason), now, taskId, status) == 1;
    }

    void reported(String taskId, String status) {
        update("UPDATE ctl_run SET reported = ? WHERE task_id = ?", status, taskId);
    }
}
