/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.store.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Applies versioned schema scripts ({@code V<n>__<description>.sql}) once each, in version order,
 * recording them in {@code hutong_schema_history}.
 */
final class SchemaMigrator {

    static final Pattern SCRIPT = Pattern.compile("V(\\d+)__([A-Za-z0-9_\\-]+)\\.sql");

    private final DataSource dataSource;

    SchemaMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the history table if it is missing. */
    void init() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS hutong_schema_history ("
                    + "module VARCHAR(100) NOT NULL, version INT NOT NULL, script VARCHAR(255) NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL, PRIMARY KEY (module, version))");
        }
    }

    /**
     * Applies the scripts not yet recorded for {@code module}.
     *
     * @param scripts script file name to its location
     * @return names of the scripts applied now
     */
    // synchronized: bundles activate concurrently and two of them must not race on the history
    synchronized List<String> migrate(String module, Map<String, URL> scripts) throws SQLException {
        TreeMap<Integer, Map.Entry<String, URL>> byVersion = new TreeMap<>();
        for (Map.Entry<String, URL> e : scripts.entrySet()) {
            Matcher m = SCRIPT.matcher(e.getKey());
            if (!m.matches()) {
                throw new SQLException("schema script " + e.getKey() + " of " + module
                        + " is not named V<version>__<description>.sql");
            }
            var previous = byVersion.put(Integer.parseInt(m.group(1)), e);
            if (previous != null) {
                throw new SQLException("schema scripts " + previous.getKey() + " and " + e.getKey()
                        + " of " + module + " share a version");
            }
        }
        List<String> applied = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Set<Integer> done = appliedVersions(c, module);
            for (var entry : byVersion.entrySet()) {
                if (done.contains(entry.getKey())) {
                    continue;
                }
                String name = entry.getValue().getKey();
                apply(c, module, entry.getKey(), name, read(entry.getValue().getValue(), name));
                applied.add(name);
            }
        }
        return applied;
    }

    private static Set<Integer> appliedVersions(Connection c, String module) throws SQLException {
        Set<Integer> done = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM hutong_schema_history WHERE module = ?")) {
            ps.setString(1, module);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getInt(1));
                }
            }
        }
        return done;
    }

    private static void apply(Connection c, String module, int version, String name, String sql) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : statements(sql)) {
                s.execute(statement);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO hutong_schema_history (module, version, script, applied_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, module);
                ps.setInt(2, version);
                ps.setString(3, name);
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("schema script " + name + " of " + module + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Splits a script on semicolons that end a line; comment lines ({@code --}) are dropped. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String stmt = current.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String read(URL url, String name) throws SQLException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read schema script " + name + ": " + e.getMessage(), e);
        }
    }
}
