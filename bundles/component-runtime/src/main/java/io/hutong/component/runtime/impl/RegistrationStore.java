/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.component.ComponentLauncher.LaunchSpec;

/** The registered external components in the node database (table {@code component_registration}, decision EXT1). */
final class RegistrationStore {

    private static final Logger LOG = Logger.getLogger(RegistrationStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The launch spec as stored. */
    private record StoredLaunch(String type, List<String> command, String directory) {
    }

    private final DataSource db;

    RegistrationStore(DataSource db) {
        this.db = db;
    }

    /** Stores a registration, replacing an earlier one of the same componentName and version. */
    void save(ComponentRegistration r) throws SQLException {
        String info;
        String launch;
        try {
            info = JSON.writeValueAsString(r.selfDescription());
            launch = JSON.writeValueAsString(new StoredLaunch(r.launch().type(), r.launch().command(), r.launch().directory()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("component_info cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM component_registration WHERE component_name = ? AND version = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO component_registration (component_name, version,"
                         + " provider, image_url, component_info, launch, registered) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                del.setString(1, r.componentName());
                del.setString(2, r.version());
                del.executeUpdate();
                ins.setString(1, r.componentName());
                ins.setString(2, r.version());
                ins.setString(3, r.provider());
                ins.setString(4, r.imageUrl());
                ins.setString(5, info);
                ins.setString(6, launch);
                ins.setTimestamp(7, Timestamp.from(r.registered()));
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** @return every registration; one that cannot be read back is logged and left out */
    List<ComponentRegistration> all() throws SQLException {
        List<ComponentRegistration> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT component_name, version, provider, image_url, component_info,"
                     + " launch, registered FROM component_registration ORDER BY component_name, version");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    Map<String, Object> info = JSON.readValue(rs.getString(5), new TypeReference<LinkedHashMap<String, Object>>() {
                    });
                    StoredLaunch l = JSON.readValue(rs.getString(6), StoredLaunch.class);
                    out.add(new ComponentRegistration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            info, new LaunchSpec(l.type(), l.command(), l.directory()), rs.getTimestamp(7).toInstant()));
                } catch (JsonProcessingException e) {
                    LOG.log(Level.WARNING, "registration of component " + rs.getString(1) + " " + rs.getString(2)
                            + " is unreadable; it is not offered", e);
                }
            }
        }
        return out;
    }
}
