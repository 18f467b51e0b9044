/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.store.impl;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;

import org.apache.felix.hc.api.HealthCheck;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.postgresql.ds.PGConnectionPoolDataSource;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;
import io.hutong.api.store.Database;

/**
 * The node database: embedded H2 in file mode under the data directory unless a JDBC URL configures
 * PostgreSQL (or another H2 location). One connection pool serves every layer bundle.
 */
@Component(service = {Database.class, DataSource.class, HealthCheck.class},
        configurationPid = "io.hutong.store", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {HealthCheck.NAME + "=" + Layers.CORE + "/database", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.CORE})
@Designate(ocd = StoreConfig.class)
public class NodeDatabase implements Database, DataSource, LayerCheck {

    /** Framework property naming the node's data directory (set by the launcher from --data). */
    static final String DATA_DIR = "hutong.data";

    private final JdbcConnectionPool pool;
    private final String dialect;
    private final String displayUrl;
    private final SchemaMigrator migrator;

    @Activate
    public NodeDatabase(BundleContext context, StoreConfig config) throws SQLException {
        String url = config.jdbc_url().strip();
        String user = config.jdbc_user();
        String password = config.jdbc_password();
        if (url.isEmpty()) {
            String data = context.getProperty(DATA_DIR);
            Path dir = Path.of(data == null ? "data" : data, "db").toAbsolutePath();
            // WRITE_DELAY=0: a commit reaches the file before it returns; H2's default keeps it in memory up to
            // half a second, and a node killed in that time forgot what it had answered (a scheduler its started
            // tasks, decision CTL5)
            url = "jdbc:h2:file:" + dir.resolve("hutong").toString().replace(File.separatorChar, '/') + ";WRITE_DELAY=0";
        }
        ConnectionPoolDataSource source;
        if (url.startsWith("jdbc:postgresql:")) {
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setURL(url);
            if (!user.isEmpty()) {
                pg.setUser(user);
                pg.setPassword(password);
            }
            source = pg;
            dialect = "postgresql";
        } else if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            source = h2;
            dialect = "h2";
        } else {
            throw new SQLException("io.hutong.store: jdbc.url must start with jdbc:h2: or jdbc:postgresql:, got " + url);
        }
        // H2's pool accepts any ConnectionPoolDataSource, so PostgreSQL needs no extra pool library.
        pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(config.pool_max());
        displayUrl = url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        try {
            migrator = new SchemaMigrator(pool);
            migrator.init();
        } catch (SQLException e) {
            pool.dispose();
            throw new SQLException("cannot open database " + displayUrl + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    void close() {
        // Disposing closes the idle connections; H2 then closes the file and releases its lock.
        pool.dispose();
    }

    @Override
    public DataSource dataSource() {
        return this;
    }

    @Override
    public String dialect() {
        return dialect;
    }

    @Override
    public List<String> migrate(String module, Bundle bundle, String folder) throws SQLException {
        Map<String, URL> scripts = new LinkedHashMap<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*.sql", false);
        while (entries != null && entries.hasMoreElements()) {
            URL u = entries.nextElement();
            String path = u.getPath();
            scripts.put(path.substring(path.lastIndexOf('/') + 1), u);
        }
        return migrator.migrate(module, scripts);
    }

    // --- DataSource: delegate to the pool ---

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("the node database uses the configured credentials only");
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return pool.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
        throw new java.sql.SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // --- LayerCheck ---

    @Override
    public Health health() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return Health.up(dialect + " reachable", Map.of("dialect", dialect, "url", displayUrl,
                    "active_connections", pool.getActiveConnections()));
        } catch (SQLException e) {
            return new Health(Health.State.DOWN, "database unreachable: " + e.getMessage(),
                    Map.of("dialect", dialect, "url", displayUrl));
        }
    }
}
