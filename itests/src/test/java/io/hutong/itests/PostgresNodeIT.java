/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.api.node.NodeIdentity;

/**
 * A node whose store is configured for PostgreSQL ({@code io.hutong.store} {@code jdbc.url}), on the
 * real server {@code .ci/run} starts; the test gets a schema of its own.
 */
@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresNodeIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws IOException, SQLException {
        String url = System.getenv("HUTONG_TEST_PG_URL");
        if (url == null) {
            return NodeOptions.node("core"); // under CI the test fails below; elsewhere PostgresPaxExam skips it before any boot
        }
        String user = System.getenv("HUTONG_TEST_PG_USER");
        String password = System.getenv("HUTONG_TEST_PG_PASSWORD");
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = java.sql.DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return NodeOptions.node("node", Map.of("io.hutong.store", Map.of(
                "jdbc.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "jdbc.user", user, "jdbc.password", password)));
    }

    private JsonNode status() throws InterruptedException {
        Http.Reply r = Http.await("http://127.0.0.1:" + context.getProperty("hutong.port.admin") + "/v1/admin/status",
                Duration.ofSeconds(300), x -> x.status() == 200 && "UP".equals(x.json().path("data").path("status").asText()));
        assertEquals(r.body(), 200, r.status());
        return r.json().path("data");
    }

    @Test
    public void nodeIdentityIsKeptInPostgresAcrossARestartOfItsBundles() throws Exception {
        boolean available = System.getenv("HUTONG_TEST_PG_URL") != null;
        // CI always has a server (.ci/run starts one): there a missing one is a failure, not a skip
        if ("true".equals(System.getenv("CI"))) {
            assertTrue("CI must provide HUTONG_TEST_PG_URL, _USER, _PASSWORD (.ci/run)", available);
        }
        Assume.assumeTrue("no PostgreSQL: set HUTONG_TEST_PG_URL, _USER, _PASSWORD", available);
        JsonNode db = null;
        for (JsonNode h : status().path("health").path("core")) {
            if ("database".equals(h.path("name").asText())) {
                db = h;
            }
        }
        assertEquals("postgresql", db.path("details").path("dialect").asText());
        byte[] key = publicKey();

        // stop and start the store and the management layer: the identity must come back from PostgreSQL
        Bundle store = find("io.hutong.store");
        Bundle management = find("io.hutong.management");
        management.stop();
        store.stop();
        store.start();
        management.start();
        assertEquals("itest-node", status().path("node_id").asText());
        assertArrayEquals("same key pair after restart", key, publicKey());
        // the planes' REST applications are rebuilt as the restarted layers (and those depending on the
        // database, like the component runtime) register their resources again: the endpoint comes back
        assertEquals(200, Http.await("http://127.0.0.1:" + context.getProperty("hutong.port.east_west")
                + "/v1/interconn/node/health", Duration.ofSeconds(300), x -> x.status() == 200).status());
    }

    private byte[] publicKey() {
        ServiceReference<NodeIdentity> ref = context.getServiceReference(NodeIdentity.class);
        try {
            return context.getService(ref).publicKey().getEncoded();
        } finally {
            context.ungetService(ref);
        }
    }

    private Bundle find(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " not installed");
    }
}
