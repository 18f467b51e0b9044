/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.hutong.api.http.Envelope;
import io.hutong.api.node.NodeIdentity;
import jakarta.ws.rs.WebApplicationException;

/**
 * A management node for tests: the real {@link Governance} on a real database, reachable over real
 * loopback HTTP. A small dispatcher stands in for the Jakarta REST layer (exercised by the itests) and
 * routes each east-west path to the same Governance call the resource makes.
 */
final class TestNode implements AutoCloseable {

    final String id;
    final KeyPair keys;
    final NodeIdentity identity;
    final GovernanceStore store;
    final Governance gov;
    final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    final DataSource ds;
    private final HttpServer server;
    final String address;
    boolean useSystemClock = true;

    TestNode(String id, DataSource ds) throws Exception {
        this(id, ds, newKeys(), 0, true);
    }

    private TestNode(String id, DataSource ds, KeyPair keys, int port, boolean fresh) throws Exception {
        this.id = id;
        this.ds = ds;
        this.keys = keys;
        identity = new Identity(id, keys);
        if (fresh) {
            migrate(ds);
        }
        store = new GovernanceStore(ds);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        address = "http://127.0.0.1:" + server.getAddress().getPort();
        gov = new Governance(store, identity, new Governance.NodeInfo(id, address, "inst-" + id, "Institution " + id, id, null),
                Duration.ofSeconds(60), 300_000, 10, () -> useSystemClock ? System.currentTimeMillis() : clock.get());
        server.createContext("/", this::handle);
        server.start();
    }

    private static KeyPair newKeys() throws java.security.GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** @return the node started again on its database, keys and port, as after a restart */
    static TestNode restart(TestNode stopped, int port) throws Exception {
        return new TestNode(stopped.id, stopped.ds, stopped.keys, port, false);
    }

    static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    /** Runs the bundle's migration scripts as the store bundle would (statements split on ';'). */
    static void migrate(DataSource ds) throws IOException, SQLException {
        for (String script : new String[] {"V1__node_identity.sql", "V2__governance.sql"}) {
            String sql;
            try (InputStream in = TestNode.class.getResourceAsStream("/db/management/" + script)) {
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
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        EastWestRequest r = new EastWestRequest(x.getRequestMethod(), x.getRequestURI().getRawPath(), x.getRequestURI().getRawQuery(),
                name -> x.getRequestHeaders().getFirst(name), body);
        int status = 200;
        Object out;
        try {
            out = Envelope.ok(dispatch(r));
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
            out = Envelope.error(status, e.getMessage());
        }
        byte[] bytes = Json.write(out).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }

    private Object dispatch(EastWestRequest r) {
        String p = r.path().substring("/v1/interconn/".length());
        switch (p) {
            case "node/contract/apply":
                return Map.of("contract_id", gov.contractApply(gov.check(r, false), Json.object(r.body())));
            case "node/contract/confirm":
                gov.contractConfirm(gov.check(r, false), r, Json.object(r.body()));
                return Map.of();
            case "node/contract/terminate":
                gov.contractTerminate(gov.check(r, true), Json.object(r.body()));
                return Map.of();
            case "node/contract/query":
                return Map.of("status", gov.contractQuery(gov.check(r, true), r.param("contract_id")).name());
            case "node/query":
                gov.check(r, false);
                return gov.nodeQuery(r.param("node_id"));
            default:
                break;
        }
        for (AuditKind k : AuditKind.values()) {
            if (p.startsWith(k.path + "/audit/")) {
                Governance.Caller c = gov.check(r, true);
                switch (p.substring((k.path + "/audit/").length())) {
                    case "apply" -> gov.auditApply(k, c, Json.object(r.body()));
                    case "confirm" -> gov.auditConfirm(k, c, Json.object(r.body()));
                    case "terminate" -> gov.auditTerminate(k, c, Json.object(r.body()));
                    case "query" -> {
                        return Map.of("status", gov.auditQuery(k, c, r.param("audit_id")).name());
                    }
                    default -> throw Refusal.notFound("no such endpoint");
                }
                return Map.of();
            }
        }
        throw Refusal.notFound("no such endpoint " + r.path());
    }

    /** A real node identity with an in-memory key (the stored one is tested with the store). */
    record Identity(String nodeId, KeyPair keys) implements NodeIdentity {
        @Override
        public String authType() {
            return "SHA256_ECDSA";
        }

        @Override
        public PublicKey publicKey() {
            return keys.getPublic();
        }

        @Override
        public String publicKeyPem() {
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        }

        @Override
        public byte[] sign(byte[] data) {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(keys.getPrivate());
                s.update(data);
                return s.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
