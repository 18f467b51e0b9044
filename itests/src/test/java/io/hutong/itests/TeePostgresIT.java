/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

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

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The UAS on a node whose store is PostgreSQL: its key and the access keys live in PostgreSQL and come
 * back when the attestation bundle restarts; the test gets a schema of its own.
 */
@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TeePostgresIT {

    // a node start, however loaded the machine (TESTS1: 300 s; NodeProcess.START needs Awaitility, which the probe lacks)
    private static final Duration READY = Duration.ofSeconds(300);

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
        return NodeOptions.node("node", Map.of(
                "io.hutong.store", Map.<String, Object>of("jdbc.url", url + (url.contains("?") ? "&" : "?")
                        + "currentSchema=" + schema, "jdbc.user", user, "jdbc.password", password),
                "io.hutong.tee.uas", Map.<String, Object>of("verification.at", TeeEvidence.INSIDE_WINDOW.toString())));
    }

    private String admin() {
        return "http://127.0.0.1:" + context.getProperty("hutong.port.admin");
    }

    private String eastWest() {
        return "http://127.0.0.1:" + context.getProperty("hutong.port.east_west");
    }

    private JsonNode uas() throws InterruptedException {
        Http.Reply r = Http.await(admin() + "/v1/admin/tee/uas", READY, x -> x.status() == 200);
        assertEquals(r.body(), 200, r.status());
        Http.await(eastWest() + "/v1/interconn/tee/uas/certificate", READY, x -> x.status() == 200);
        return r.json().path("data");
    }

    private String verify(JsonNode key) throws IOException {
        return TeeEvidence.post(eastWest() + "/v1/interconn/tee/uas/verify", Map.of(
                "access_key", key.path("access_key").asText(), "access_secret", key.path("access_secret").asText(),
                "nonce", "5EED", "report", TeeEvidence.dcapPassport())).json().path("result_code").asText();
    }

    @Test
    public void theUasKeyAndAccessKeysAreKeptInPostgresAcrossARestartOfTheAttestationBundle() throws Exception {
        boolean available = System.getenv("HUTONG_TEST_PG_URL") != null;
        if ("true".equals(System.getenv("CI"))) {
            assertTrue("CI must provide HUTONG_TEST_PG_URL, _USER, _PASSWORD (.ci/run)", available);
        }
        Assume.assumeTrue("no PostgreSQL: set HUTONG_TEST_PG_URL, _USER, _PASSWORD", available);
        String uasKey = uas().path("public_key_sha256").asText();
        Http.Reply issued = TeeEvidence.post(admin() + "/v1/admin/tee/access-keys", Map.of("description", "pg"));
        assertEquals(issued.body(), 200, issued.status());
        JsonNode key = issued.json().path("data");
        assertEquals("0", verify(key));

        Bundle tee = null;
        for (Bundle b : context.getBundles()) {
            if ("io.hutong.tee.attestation".equals(b.getSymbolicName())) {
                tee = b;
            }
        }
        tee.stop();
        tee.start();
        assertEquals("same UAS key after restart", uasKey, uas().path("public_key_sha256").asText());
        assertEquals("the access key is still accepted", "0", verify(key));
        JsonNode keys = Http.get(admin() + "/v1/admin/tee/access-keys").json().path("data");
        assertEquals(1, keys.size());
        assertEquals("pg", keys.get(0).path("description").asText());
    }
}
