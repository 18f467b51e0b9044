/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.hutong.api.component.TaskStatus;

/**
 * The task journal in the node database (table {@code component_task}). A failing write is logged,
 * never passed to the task: the algorithm's outcome does not depend on the bookkeeping.
 */
final class StoredTaskJournal implements TaskJournal {

    private static final Logger LOG = Logger.getLogger(StoredTaskJournal.class.getName());
    private static final String COLUMNS = "task_id, component, version, role, status, reason, progress, stage, started, ended";

    private final DataSource db;

    StoredTaskJournal(DataSource db) {
        this.db = db;
    }

    @Override
    public void started(TaskStatus s, Path logFile) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM component_task WHERE task_id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO component_task (" + COLUMNS
                         + ", log_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                del.setString(1, s.taskId());
                del.executeUpdate();
                ins.setString(1, s.taskId());
                ins.setString(2, clip(s.component(), 255));
                ins.setString(3, clip(s.version(), 128));
                ins.setString(4, clip(s.role(), 128));
                ins.setString(5, s.state());
                ins.setString(6, clip(s.reason(), 4000));
                ins.setDouble(7, s.progress());
                ins.setString(8, clip(s.stage(), 255));
                ins.setTimestamp(9, Timestamp.from(s.started()));
                ins.setTimestamp(10, s.ended() == null ? null : Timestamp.from(s.ended()));
                ins.setString(11, logFile.toString());
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot record the start of task " + s.taskId(), e);
        }
    }

    @Override
    public void ended(TaskStatus s) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE component_task SET status = ?, reason = ?, progress = ?,"
                     + " stage = ?, ended = ? WHERE task_id = ? AND started = ?")) {
            ps.setString(1, s.state());
            ps.setString(2, clip(s.reason(), 4000));
            ps.setDouble(3, s.progress());
            ps.setString(4, clip(s.stage(), 255));
            ps.setTimestamp(5, s.ended() == null ? null : Timestamp.from(s.ended()));
            ps.setString(6, s.taskId());
            ps.setTimestamp(7, Timestamp.from(s.started()));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot record the end of task " + s.taskId(), e);
        }
    }

    @Override
    public Optional<TaskStatus> find(String taskId) {
        List<TaskStatus> found = query("SELECT " + COLUMNS + " FROM component_task WHERE task_id = ?", taskId, null);
        return found.stream().findFirst();
    }

    @Override
    public Optional<Path> logFile(String taskId) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT log_file FROM component_task WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Path.of(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot read task " + taskId, e);
            return Optional.empty();
        }
    }

    @Override
    public List<TaskStatus> finished(int limit) {
        return query("SELECT " + COLUMNS + " FROM component_task WHERE ended IS NOT NULL ORDER BY ended DESC", null, limit);
    }

    @Override
    public void forget(Instant endedBefore) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM component_task WHERE ended < ?")) {
            ps.setTimestamp(1, Timestamp.from(endedBefore));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot forget old tasks", e);
        }
    }

    @Override
    public int abandon(Instant now, String reason) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE component_task SET status = ?, reason = ?, stage = ?, ended = ?"
                     + " WHERE ended IS NULL")) {
            ps.setString(1, TaskStatus.FAILED);
            ps.setString(2, reason);
            ps.setString(3, "failed");
            ps.setTimestamp(4, Timestamp.from(now));
            return ps.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot end the tasks left RUNNING", e);
            return 0;
        }
    }

    private List<TaskStatus> query(String sql, String taskId, Integer limit) {
        List<TaskStatus> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (taskId != null) {
                ps.setString(1, taskId);
            }
            if (limit != null) {
                ps.setMaxRows(limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp ended = rs.getTimestamp(10);
                    out.add(new TaskStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getDouble(7), rs.getString(8),
                            rs.getTimestamp(9).toInstant(), ended == null ? null : ended.toInstant()));
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot read tasks", e);
        }
        return out;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
