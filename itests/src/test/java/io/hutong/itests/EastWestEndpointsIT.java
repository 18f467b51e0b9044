/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * Every one of the 32 east-west management endpoints of a real node ({@code bin/hutong start}),
 * called by a partner written independently here from the standard and decision M2 ("carol": its
 * own key, its own signing code, a small HTTP server for the calls the node makes back): the happy
 * path, a missing field (400 naming it), an unknown id (404), an illegal transition (409), and
 * unsigned, wrongly signed, replayed, stale and misaddressed calls (401/403).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EastWestEndpointsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;

    Process bob;
    Path home;
    int ew;
    int admin;
    HttpServer carolServer;
    KeyPair carol;
    String carolAddress;
    final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
    String contract;
    volatile String lastTokenSet;

    record Reply(int status, JsonNode body) {
        String msg() {
            return body.path("msg").asText();
        }
    }

    @BeforeAll
    void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        carol = g.generateKeyPair();
        carolServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        carolServer.createContext("/", x -> {
            byte[] in = x.getRequestBody().readAllBytes();
            String path = x.getRequestURI().getPath();
            lastTokenSet = x.getRequestHeaders().getFirst("x-mprac-token-set");
            received.computeIfAbsent(path, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in));
            String answer = path.endsWith("/node/contract/apply") ? "{\"code\":0,\"msg\":\"ok\",\"data\":{\"contract_id\":\"c-bob-to-carol\"}}"
                    : "{\"code\":0,\"msg\":\"ok\",\"data\":{}}";
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, out.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(out);
            }
        });
        carolServer.start();
        carolAddress = "http://127.0.0.1:" + carolServer.getAddress().getPort();

        ew = NodeOptions.freePort();
        admin = NodeOptions.freePort();
        Path data = tmp.resolve("bob");
        // bob gets an installation of his own (own deploy/), sharing the built bundles
        home = TransportNodes.ownHome(tmp.resolve("bob-home"));
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/hutong").toString(), "start", "--data",
                data.toString(), "--node-id", "bob", "--port", "" + ew, "--admin-port", "" + admin);
        pb.environment().put("JAVA_OPTS", NodeProcess.javaOpts("-Xmx384m"));
        bob = pb.redirectErrorStream(true).redirectOutput(tmp.resolve("bob.out").toFile()).start();
        NodeProcess.awaitReady(data, bob, NodeProcess.text(tmp.resolve("bob.out")));
        NodeProcess.until("bob answers v1/admin/node", NodeProcess.EFFECT, () -> Http.get(adminUrl("v1/admin/node")), r -> r.status() == 200);
        Files.writeString(data.resolve("open.csv"), "id,score\n1,0.5\n2,0.25\n");
        Files.writeString(data.resolve("closed.csv"), "id,score\n1,0.5\n");
        assertEquals(200, adminPost("v1/admin/datasets", "{\"file\":\"open.csv\",\"public\":true}").status());
        assertEquals(200, adminPost("v1/admin/datasets", "{\"file\":\"closed.csv\",\"public\":false}").status());

        // carol applies for a contract (unsigned, as the standard says) and bob's operator approves
        Reply applied = call("POST", "/v1/interconn/node/contract/apply", carolInfo(), false, Map.of());
        assertEquals(200, applied.status(), applied.body().toString());
        contract = applied.body().path("data").path("contract_id").asText();
        assertEquals(200, adminPost("v1/admin/contracts/" + contract + "/approve", "{}").status());
        JsonNode confirm = awaitReceived("/v1/interconn/node/contract/confirm").get(0);
        assertEquals(contract, confirm.path("contract_id").asText());
        assertEquals("APPROVED", confirm.path("status").asText());
        assertEquals("SHA256_ECDSA", confirm.path("auth_type").asText());
        assertTrue(confirm.path("auth_credential").asText().startsWith("-----BEGIN PUBLIC KEY-----"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (bob != null) {
            bob.destroy();
            bob.waitFor(60, TimeUnit.SECONDS);
            bob.destroyForcibly();
        }
        if (carolServer != null) {
            carolServer.stop(0);
        }
    }

    String adminUrl(String path) {
        return "http://127.0.0.1:" + admin + "/" + path;
    }

    Reply adminPost(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(Http.admin(HttpRequest.newBuilder(URI.create(adminUrl(path)))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    List<JsonNode> awaitReceived(String path) {
        // the handler creates the list before it adds the body, so wait for an element, not for the key
        NodeProcess.until("bob calls " + path + " (got " + received.keySet() + ")", NodeProcess.EFFECT,
                () -> received.getOrDefault(path, List.of()), l -> !l.isEmpty());
        return received.get(path);
    }

    String carolInfo() {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(carol.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", carolAddress);
        m.put("auth_credential", pem);
        m.put("auth_type", "SHA256_ECDSA");
        m.put("inst_id", "inst-carol");
        m.put("institution", "Carol Bank");
        m.put("name", "carol");
        m.put("node_id", "carol");
        m.put("system", "itest");
        m.put("system_version", "1.0");
        try {
            return JSON.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Calls bob as carol. Headers can be overridden (a null value leaves the header out); the
     * signature is the M2 canonical form, written here independently of the server's code.
     */
    Reply call(String method, String pathAndQuery, String body, boolean sign, Map<String, String> override) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + ew + pathAndQuery);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-source-node-id", "carol");
        h.put("x-target-node-id", "bob");
        h.put("x-nonce", UUID.randomUUID().toString());
        h.put("x-timestamp", Long.toString(System.currentTimeMillis()));
        h.put("x-trace-id", "trace-1");
        h.put("x-mprac-token-set", "");
        if (method.equals("POST")) {
            h.put("x-csrf-protection", "1");
        }
        h.putAll(override);
        if (sign && !override.containsKey("x-auth-sign")) {
            List<String> pairs = new ArrayList<>();
            if (uri.getRawQuery() != null) {
                for (String p : uri.getRawQuery().split("&")) {
                    String[] kv = p.split("=", 2);
                    pairs.add(URLDecoder.decode(kv[0], StandardCharsets.UTF_8) + "=" + (kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
                }
            }
            pairs.sort(null);
            byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String canonical = String.join("\n", method, uri.getRawPath(), String.join("&", pairs), h.get("x-source-node-id"),
                    h.get("x-target-node-id"), h.get("x-nonce"), h.get("x-timestamp"),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bodyBytes)));
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(carol.getPrivate());
            s.update(canonical.getBytes(StandardCharsets.UTF_8));
            h.put("x-auth-sign", Base64.getEncoder().encodeToString(s.sign()));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
        h.forEach((k, v) -> {
            if (v != null) {
                b.setHeader(k, v);
            }
        });
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    Reply signed(String method, String pathAndQuery, String body) throws Exception {
        return call(method, pathAndQuery, body, true, Map.of());
    }

    static void expect(int status, String msgStart, Reply r) {
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(status == 200 ? 0 : status, r.body().path("code").asInt(), r.body().toString());
        assertTrue(r.msg().startsWith(msgStart), "expected msg starting '" + msgStart + "' but got: " + r.body());
    }

    // ---------------------------------------------------------------- security, on every endpoint

    static final String[][] SIGNED = {
            {"POST", "/v1/interconn/node/contract/terminate"}, {"POST", "/v1/interconn/node/update"},
            {"GET", "/v1/interconn/node/contract/query?contract_id=x"},
            {"GET", "/v1/interconn/dataset/pub/list?contract_id=x"}, {"GET", "/v1/interconn/dataset/pub/query?contract_id=x&dataset_id=y"},
            {"POST", "/v1/interconn/dataset/audit/apply"}, {"POST", "/v1/interconn/dataset/audit/confirm"},
            {"POST", "/v1/interconn/dataset/audit/terminate"}, {"GET", "/v1/interconn/dataset/audit/query?audit_id=x"},
            {"POST", "/v1/interconn/project/audit/apply"}, {"POST", "/v1/interconn/project/audit/confirm"},
            {"POST", "/v1/interconn/project/audit/terminate"}, {"GET", "/v1/interconn/project/audit/query?audit_id=x"},
            {"GET", "/v1/interconn/project/list?contract_id=x"}, {"GET", "/v1/interconn/project/query?contract_id=x&project_id=y"},
            {"GET", "/v1/interconn/component/list?contract_id=x"}, {"GET", "/v1/interconn/component/query?contract_id=x&code=c&version=1"},
            {"POST", "/v1/interconn/flow/audit/apply"}, {"POST", "/v1/interconn/flow/audit/confirm"},
            {"POST", "/v1/interconn/flow/audit/terminate"}, {"GET", "/v1/interconn/flow/audit/query?audit_id=x"},
            {"POST", "/v1/interconn/job/audit/apply"}, {"POST", "/v1/interconn/job/audit/confirm"},
            {"POST", "/v1/interconn/job/audit/terminate"},
            {"POST", "/v1/interconn/model/audit/apply"}, {"POST", "/v1/interconn/model/audit/confirm"},
            {"POST", "/v1/interconn/model/audit/terminate"}, {"GET", "/v1/interconn/model/audit/query?audit_id=x"},
            // the control layer (spec 20 §4.1)
            {"POST", "/v1/interconn/schedule/job/create_all"}, {"POST", "/v1/interconn/schedule/job/create"},
            {"POST", "/v1/interconn/schedule/job/start"}, {"POST", "/v1/interconn/schedule/task/start"},
            {"POST", "/v1/interconn/schedule/job/stop_all"}, {"POST", "/v1/interconn/schedule/job/stop"},
            {"POST", "/v1/interconn/schedule/job/status_all?job_id=x"}, {"POST", "/v1/interconn/schedule/task/poll"},
            {"POST", "/v1/interconn/schedule/task/callback"}};

    static final String[][] UNSIGNED = {
            {"POST", "/v1/interconn/node/contract/apply"}, {"POST", "/v1/interconn/node/contract/confirm"},
            {"GET", "/v1/interconn/node/query?node_id=bob"}};

    @Test
    void everySignedEndpointRefusesUnsignedForgedReplayedStaleAndMisaddressedCalls() throws Exception {
        for (String[] e : SIGNED) {
            String body = e[0].equals("POST") ? "{}" : null;
            String what = e[0] + " " + e[1];
            expect(401, "x-auth-sign header is required", call(e[0], e[1], body, false, Map.of()));
            Map<String, String> forged = Map.of("x-auth-sign", Base64.getEncoder().encodeToString(new byte[70]));
            expect(401, "x-auth-sign does not verify", call(e[0], e[1], body, true, forged));
            expect(401, "x-timestamp is stale", call(e[0], e[1], body, true, Map.of("x-timestamp",
                    Long.toString(System.currentTimeMillis() - 400_000))));
            expect(403, "x-target-node-id is alice but this node is bob", call(e[0], e[1], body, true, Map.of("x-target-node-id", "alice")));
            expect(403, "no APPROVED contract with node mallory", call(e[0], e[1], body, true, Map.of("x-source-node-id", "mallory")));
            String nonce = UUID.randomUUID().toString();
            Reply first = call(e[0], e[1], body, true, Map.of("x-nonce", nonce));
            assertTrue(first.status() != 401 && first.status() != 403, what + " accepts a good call: " + first.body());
            expect(401, "x-nonce " + nonce + " was already used", call(e[0], e[1], body, true, Map.of("x-nonce", nonce)));
            if (e[0].equals("POST")) {
                expect(403, "x-csrf-protection header is required on POST", call(e[0], e[1], body, true,
                        java.util.Collections.singletonMap("x-csrf-protection", null)));
            }
        }
        for (String[] e : UNSIGNED) {
            String body = e[0].equals("POST") ? "{}" : null;
            expect(401, "x-nonce header is required", call(e[0], e[1], body, false, java.util.Collections.singletonMap("x-nonce", null)));
            expect(401, "x-timestamp is stale", call(e[0], e[1], body, false, Map.of("x-timestamp", "1")));
            expect(403, "x-target-node-id is alice", call(e[0], e[1], body, false, Map.of("x-target-node-id", "alice")));
        }
        // the probe needs nothing
        expect(200, "ok", call("GET", "/v1/interconn/node/health", null, false,
                java.util.Collections.singletonMap("x-nonce", null)));
    }

    /**
     * The endpoints that legitimately take an unsigned call, each with its reason (decisions AUTH1-AUTH3).
     * Every other method the east-west plane serves must refuse one: the runtime's own list is walked, so
     * an endpoint added later by any bundle is covered without touching this test.
     */
    static final Map<String, String> EXEMPT = Map.ofEntries(
            Map.entry("POST /v1/interconn/node/contract/apply", "no contract yet: the applicant's key arrives in the call"),
            Map.entry("POST /v1/interconn/node/contract/confirm", "signed with the key it carries, for a contract this node applied for"),
            Map.entry("GET /v1/interconn/node/query", "a node describes itself before any contract"),
            Map.entry("GET /v1/interconn/node/health", "liveness probe (M7)"),
            Map.entry("POST /v1/interconn/chan/x", "PTP transport: the PTP token check"),
            Map.entry("POST /v1/interconn/tee/uas/verify", "UAS: access_key and access_secret"),
            Map.entry("POST /v1/interconn/tee/uas/register", "UAS: access_key and access_secret"),
            Map.entry("GET /v1/interconn/tee/uas/certificate", "UAS: its public certificate"),
            Map.entry("POST /v1/platform/algorithm/task/query", "the node's own scheduler (CR1, AUTH3)"),
            Map.entry("POST /v1/platform/schedule/task/callback", "C1 from the node's own component: the per-task secret (EXT5)"));

    @Test
    void everyServedEastWestMethodRefusesAnUnsignedCall() throws Exception {
        HttpResponse<String> listed = HTTP.send(Http.admin(HttpRequest.newBuilder(URI.create(adminUrl("v1/admin/east-west/endpoints")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode endpoints = JSON.readTree(listed.body()).path("data");
        int checked = 0;
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (JsonNode e : endpoints) {
            String method = e.path("method").asText();
            // path parameters (the transport's {operation: push|pop|...}) become a concrete value
            String path = e.path("path").asText().replaceAll("\\{[^}]*\\}", "x");
            seen.add(method + " " + path);
            if (EXEMPT.containsKey(method + " " + path)) {
                continue;
            }
            String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
            // a stranger without any header
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ew + path))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> bare = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, bare.statusCode(), method + " " + path + " answered a stranger: " + bare.body());
            assertEquals(401, JSON.readTree(bare.body()).path("code").asInt(), bare.body());
            // a partner with every header but the signature
            expect(401, "x-auth-sign header is required", call(method, path, body, false, Map.of()));
            checked++;
        }
        assertTrue(checked >= 28, "the management endpoints are listed and checked: " + seen);
        for (String m : new String[] {"POST /v1/interconn/node/contract/apply", "GET /v1/interconn/node/query",
                "POST /v1/interconn/node/contract/terminate", "POST /v1/interconn/job/audit/apply",
                "POST /v1/interconn/schedule/job/create", "POST /v1/interconn/schedule/task/callback"}) {
            assertTrue(seen.contains(m), m + " is listed: " + seen);
        }
    }

    // ---------------------------------------------------------------- control (spec 20)

    /**
     * The control endpoints take only well-formed, approved work from a contracted partner: malformed and wrongly
     * typed bodies are 400 naming the field, a job bob did not approve is 403, and questions about jobs or tasks bob
     * does not have are 404 — each in the envelope, and nothing is created.
     */
    @Test
    void controlEndpointsRefuseMalformedUnapprovedAndUnknownWork() throws Exception {
        String job = "job-0123456789abcdef0123456789abcdef";
        String dag = "{\"components\":[{\"name\":\"psi_0\",\"componentName\":\"ecdh_psi\",\"provider\":\"hutong\",\"version\":\"1.0.0\"}]}";
        String conf = "{\"initiator\":{\"role\":\"guest\",\"node_id\":\"carol\"},\"role\":{\"guest\":[\"carol\"],\"host\":[\"bob\"]}}";
        String create = "/v1/interconn/schedule/job/create";
        expect(400, "config is required; dag is required; job_id is required", signed("POST", create, "{}"));
        expect(400, "job_id must be job- followed by 32 lower-case hex digits", signed("POST", create,
                "{\"job_id\":\"job-1\",\"dag\":" + dag + ",\"config\":" + conf + "}"));
        expect(400, "invalid JSON body", signed("POST", create, "{\"job_id\":"));
        expect(400, "", signed("POST", create, "{\"job_id\":7,\"dag\":[],\"config\":\"x\"}"));
        expect(400, "dag.components[0].name", signed("POST", create, "{\"job_id\":\"" + job + "\",\"dag\":{\"components\":[{}]},\"config\":"
                + conf + "}"));
        // well formed, from carol as its scheduler, but bob never approved it
        expect(403, "node bob has not approved job " + job, signed("POST", create, "{\"job_id\":\"" + job + "\",\"dag\":" + dag
                + ",\"config\":" + conf + "}"));
        // a scheduler other than the one the configuration names
        String elsewhere = conf.replace("\"role\":{", "\"job_params\":{\"common\":{\"scheduler\":\"alice\"}},\"role\":{");
        expect(403, "job " + job + " is to be created by its scheduler alice", signed("POST", create, "{\"job_id\":\"" + job
                + "\",\"dag\":" + dag + ",\"config\":" + elsewhere + "}"));
        expect(404, "no job " + job + " on node bob", signed("POST", "/v1/interconn/schedule/job/start", "{\"job_id\":\"" + job + "\"}"));
        expect(404, "node bob schedules no job " + job, signed("POST", "/v1/interconn/schedule/job/status_all?job_id=" + job, "{}"));
        expect(404, "no task task_0123456789abcdef0123456789abcdef on node bob", signed("POST", "/v1/interconn/schedule/task/poll",
                "{\"task_id\":\"task_0123456789abcdef0123456789abcdef\",\"role\":\"host\"}"));
        expect(400, "status must be PENDING, READY, RUNNING, SUCCESS or FAILED", signed("POST", "/v1/interconn/schedule/task/callback",
                "{\"task_id\":\"task_0123456789abcdef0123456789abcdef\",\"status\":\"DONE\",\"role\":\"host\"}"));
        // oversize: refused by the plane's limit (1 MiB) before any control code reads it
        for (String endpoint : List.of("job/create", "job/create_all", "task/callback")) {
            RawHttp.Answer big = RawHttp.send("127.0.0.1", ew, "POST /v1/interconn/schedule/" + endpoint + " HTTP/1.1\r\nHost: bob\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (2 << 20) + "\r\n", 2 << 20, false);
            assertEquals(413, big.status(), endpoint + ": " + big.raw());
            assertEquals(413, big.json().path("code").asInt(), big.raw());
        }
        assertEquals(0, JSON.readTree(HTTP.send(Http.admin(HttpRequest.newBuilder(URI.create(adminUrl(
                "v1/platform/schedule/job/query_job_list")))).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("data").path("job_list").size(), "nothing was created on bob");
    }

    // ---------------------------------------------------------------- node

    /**
     * Refusals made before the body is read (415 for a type no reader takes, 404 for a path nobody serves) reach
     * a client sending a large body, and the client's next call on the same connection is answered too: the
     * plane reads the rest of the body first instead of closing the connection under it.
     */
    @Test
    void aRefusalBeforeTheBodyIsReadLeavesTheConnectionUsable() throws Exception {
        String big = "{\"filler\":\"" + "x".repeat(500_000) + "\"}";
        for (int i = 0; i < 10; i++) {
            expect(415, "", call("POST", "/v1/interconn/dataset/audit/apply", big, true, Map.of("Content-Type", "text/plain")));
            expect(200, "ok", signed("GET", "/v1/interconn/node/contract/query?contract_id=" + contract, null));
            expect(404, "", call("POST", "/v1/interconn/nobody/serves/this", big, true, Map.of()));
            expect(200, "ok", signed("GET", "/v1/interconn/node/contract/query?contract_id=" + contract, null));
        }
    }

    @Test
    void nodeEndpoints() throws Exception {
        Reply q = call("GET", "/v1/interconn/node/query?node_id=bob", null, false, Map.of());
        expect(200, "ok", q);
        assertEquals("bob", q.body().path("data").path("node_id").asText());
        assertEquals("http://127.0.0.1:" + ew, q.body().path("data").path("address").asText());
        expect(400, "node_id is required", call("GET", "/v1/interconn/node/query", null, false, Map.of()));
        expect(404, "node zzz is not this node", call("GET", "/v1/interconn/node/query?node_id=zzz", null, false, Map.of()));

        expect(409, "node carol already has a contract with this node in state APPROVED", call("POST", "/v1/interconn/node/contract/apply", carolInfo(), false, Map.of()));
        expect(400, "auth_type is required", call("POST", "/v1/interconn/node/contract/apply",
                carolInfo().replace("\"auth_type\":\"SHA256_ECDSA\",", ""), false, Map.of()));
        expect(400, "node_id dave differs from x-source-node-id carol", call("POST", "/v1/interconn/node/contract/apply",
                carolInfo().replace("\"node_id\":\"carol\"", "\"node_id\":\"dave\""), false, Map.of()));
        expect(400, "invalid JSON body", call("POST", "/v1/interconn/node/contract/apply", "{not json", false, Map.of()));

        Reply status = signed("GET", "/v1/interconn/node/contract/query?contract_id=" + contract, null);
        expect(200, "ok", status);
        assertEquals("APPROVED", status.body().path("data").path("status").asText());
        expect(400, "contract_id is required", signed("GET", "/v1/interconn/node/contract/query", null));
        expect(404, "no contract nope with node carol", signed("GET", "/v1/interconn/node/contract/query?contract_id=nope", null));

        String update = carolInfo().replace("\"node_id\":\"carol\"", "\"contract_id\":\"" + contract + "\"");
        expect(200, "ok", signed("POST", "/v1/interconn/node/update", update));
        expect(400, "address is required", signed("POST", "/v1/interconn/node/update", update.replace("\"address\"", "\"addr\"")));
        expect(404, "no contract nope", signed("POST", "/v1/interconn/node/update", update.replace(contract, "nope")));

        // bob applies to carol; carol answers with a confirm (exempt from the contract-key signature)
        assertEquals(200, adminPost("v1/admin/contracts", "{\"peer_address\":\"" + carolAddress + "\",\"peer_node_id\":\"carol\"}").status());
        String confirm = "{\"contract_id\":\"c-bob-to-carol\",\"status\":\"APPROVED\",\"auth_type\":\"SHA256_ECDSA\",\"auth_credential\":"
                + JSON.readTree(carolInfo()).path("auth_credential").toString() + ",\"expired_time\":0}";
        expect(400, "status must be APPROVED or REJECTED", call("POST", "/v1/interconn/node/contract/confirm",
                confirm.replace("\"APPROVED\"", "\"MAYBE\""), false, Map.of()));
        expect(400, "auth_credential is required", call("POST", "/v1/interconn/node/contract/confirm",
                "{\"contract_id\":\"c-bob-to-carol\",\"status\":\"APPROVED\",\"auth_type\":\"SHA256_ECDSA\"}", false, Map.of()));
        expect(404, "no contract nope applied for by this node", call("POST", "/v1/interconn/node/contract/confirm",
                confirm.replace("c-bob-to-carol", "nope"), false, Map.of()));
        // an approval must be signed with the key it hands over (AUTH2): unsigned it is refused, signed it counts
        expect(401, "x-auth-sign header is required on an APPROVED contract confirm", call("POST",
                "/v1/interconn/node/contract/confirm", confirm, false, Map.of()));
        expect(200, "ok", call("POST", "/v1/interconn/node/contract/confirm", confirm, true, Map.of()));
        // carol's outbox resending it changes nothing and is answered again
        expect(200, "ok", call("POST", "/v1/interconn/node/contract/confirm", confirm, true, Map.of()));

        // terminate the second contract; carol stays authenticated through the first
        expect(400, "contract_id is required", signed("POST", "/v1/interconn/node/contract/terminate", "{}"));
        expect(404, "no contract nope with node carol", signed("POST", "/v1/interconn/node/contract/terminate", "{\"contract_id\":\"nope\"}"));
        expect(200, "ok", signed("POST", "/v1/interconn/node/contract/terminate", "{\"contract_id\":\"c-bob-to-carol\"}"));
        expect(409, "contract c-bob-to-carol is TERMINATED and cannot become TERMINATED",
                signed("POST", "/v1/interconn/node/contract/terminate", "{\"contract_id\":\"c-bob-to-carol\"}"));
        expect(200, "ok", call("GET", "/v1/interconn/node/health", null, false, Map.of()));
    }

    // ---------------------------------------------------------------- dataset, project, component

    @Test
    void datasetEndpoints() throws Exception {
        Reply list = signed("GET", "/v1/interconn/dataset/pub/list?contract_id=" + contract, null);
        expect(200, "ok", list);
        assertEquals(1, list.body().path("data").path("total").asInt(), "only the public dataset is listed");
        assertEquals("open", list.body().path("data").path("records").get(0).path("dataset_id").asText());
        assertEquals("double", list.body().path("data").path("records").get(0).path("column_metas").get(1).path("data_type").asText());
        expect(400, "contract_id is required", signed("GET", "/v1/interconn/dataset/pub/list", null));
        expect(400, "page_size must be positive or -1", signed("GET", "/v1/interconn/dataset/pub/list?page_size=0&contract_id=" + contract, null));
        expect(404, "no contract nope with node carol", signed("GET", "/v1/interconn/dataset/pub/list?contract_id=nope", null));
        Reply empty = signed("GET", "/v1/interconn/dataset/pub/list?page_num=2&contract_id=" + contract, null);
        assertEquals(0, empty.body().path("data").path("records").size());

        expect(200, "ok", signed("GET", "/v1/interconn/dataset/pub/query?dataset_id=open&contract_id=" + contract, null));
        expect(400, "dataset_id is required", signed("GET", "/v1/interconn/dataset/pub/query?contract_id=" + contract, null));
        expect(404, "no dataset nope", signed("GET", "/v1/interconn/dataset/pub/query?dataset_id=nope&contract_id=" + contract, null));
        expect(403, "dataset closed is not public", signed("GET", "/v1/interconn/dataset/pub/query?dataset_id=closed&contract_id=" + contract, null));

        String apply = "{\"audit_id\":\"ds-a1\",\"contract_id\":\"" + contract + "\",\"dataset_id\":\"closed\",\"times_limit\":1}";
        expect(400, "dataset_id is required", signed("POST", "/v1/interconn/dataset/audit/apply", apply.replace("\"dataset_id\"", "\"ds\"")));
        expect(400, "auth_scope key must be NODE, PROJECT or COMPONENT", signed("POST", "/v1/interconn/dataset/audit/apply",
                apply.replace("}", ",\"auth_scope\":{\"WORLD\":[]}}")));
        expect(404, "no dataset nope on node bob", signed("POST", "/v1/interconn/dataset/audit/apply", apply.replace("closed", "nope")));
        expect(200, "ok", signed("POST", "/v1/interconn/dataset/audit/apply", apply));
        expect(200, "ok", signed("POST", "/v1/interconn/dataset/audit/apply", apply)); // the same apply again: idempotent
        expect(409, "dataset audit ds-a1 exists already", signed("POST", "/v1/interconn/dataset/audit/apply", apply.replace("1}", "2}")));
        assertEquals(200, adminPost("v1/admin/audits/dataset/ds-a1/approve", "{}").status());
        awaitReceived("/v1/interconn/dataset/audit/confirm");
        JsonNode confirm = NodeProcess.until("bob confirms ds-a1 to carol", NodeProcess.EFFECT,
                () -> received.get("/v1/interconn/dataset/audit/confirm").stream()
                        .filter(c -> c.path("audit_id").asText().equals("ds-a1")).findFirst().orElse(null), c -> c != null);
        JsonNode permit = confirm.path("resource_permit");
        assertEquals("DATASET", permit.path("resource_type").asText());
        assertEquals("closed", permit.path("resource_id").asText());
        assertEquals("carol", permit.path("request_node_id").asText());
        assertEquals(1, permit.path("times_limit").asInt());
        String tokens = "DATASET:closed/1/" + permit.path("token").asText();
        Reply withPermit = call("GET", "/v1/interconn/dataset/pub/query?dataset_id=closed&contract_id=" + contract, null, true,
                Map.of("x-mprac-token-set", tokens));
        expect(200, "ok", withPermit);
        expect(403, "dataset closed is not public: permit " + permit.path("token").asText() + " is used up", call("GET",
                "/v1/interconn/dataset/pub/query?dataset_id=closed&contract_id=" + contract, null, true, Map.of("x-mprac-token-set", tokens)));

        Reply st = signed("GET", "/v1/interconn/dataset/audit/query?audit_id=ds-a1", null);
        expect(200, "ok", st);
        assertEquals("APPROVED", st.body().path("data").path("status").asText());
        expect(400, "audit_id is required", signed("GET", "/v1/interconn/dataset/audit/query", null));
        expect(404, "no dataset audit nope with node carol", signed("GET", "/v1/interconn/dataset/audit/query?audit_id=nope", null));
    }

    List<String> projects() throws Exception {
        List<String> ids = new ArrayList<>();
        signed("GET", "/v1/interconn/project/list?page_size=-1&contract_id=" + contract, null).body().path("data").path("records")
                .forEach(r -> ids.add(r.path("project_id").asText()));
        return ids;
    }

    @Test
    void projectAndComponentEndpoints() throws Exception {
        String apply = "{\"audit_id\":\"pr-1\",\"contract_id\":\"" + contract + "\",\"project_id\":\"p1\",\"name\":\"joint psi\",\"type\":\"PSI\","
                + "\"datasets\":[{\"dataset_id\":\"open\",\"name\":\"open\",\"owner\":\"bob\"}]}";
        expect(400, "datasets[0].owner is required", signed("POST", "/v1/interconn/project/audit/apply", apply.replace(",\"owner\":\"bob\"", "")));
        expect(400, "type must be one of", signed("POST", "/v1/interconn/project/audit/apply", apply.replace("\"PSI\"", "\"GAME\"")));
        expect(404, "no contract nope with node carol", signed("POST", "/v1/interconn/project/audit/apply", apply.replace(contract, "nope")));
        expect(200, "ok", signed("POST", "/v1/interconn/project/audit/apply", apply));
        assertTrue(!projects().contains("p1"), "an unapproved project is not listed");
        assertEquals(200, adminPost("v1/admin/audits/project/pr-1/approve", "{}").status());
        Reply list = signed("GET", "/v1/interconn/project/list?page_size=-1&contract_id=" + contract, null);
        expect(200, "ok", list);
        assertTrue(projects().contains("p1"), list.body().toString());
        expect(400, "contract_id is required", signed("GET", "/v1/interconn/project/list", null));
        expect(404, "no contract nope", signed("GET", "/v1/interconn/project/list?contract_id=nope", null));
        Reply detail = signed("GET", "/v1/interconn/project/query?project_id=p1&contract_id=" + contract, null);
        expect(200, "ok", detail);
        assertEquals("open", detail.body().path("data").path("datasets").path("bob").get(0).asText());
        assertEquals(2, detail.body().path("data").path("nodes").size());
        expect(400, "project_id is required", signed("GET", "/v1/interconn/project/query?contract_id=" + contract, null));
        expect(404, "no approved project nope", signed("GET", "/v1/interconn/project/query?project_id=nope&contract_id=" + contract, null));

        Reply components = signed("GET", "/v1/interconn/component/list?contract_Id=" + contract, null);
        expect(200, "ok", components);
        assertEquals(1, components.body().path("data").path("total").asInt(), "the node ships ecdh_psi: " + components.body());
        assertTrue(components.body().toString().contains("ecdh_psi"), components.body().toString());
        expect(400, "contract_id is required", signed("GET", "/v1/interconn/component/list", null));
        expect(404, "no contract nope", signed("GET", "/v1/interconn/component/list?contract_id=nope", null));
        expect(400, "version is required", signed("GET", "/v1/interconn/component/query?code=ecdh_psi&contract_id=" + contract, null));
        expect(200, "ok", signed("GET", "/v1/interconn/component/query?code=ecdh_psi&version=1.0.0&contract_id=" + contract, null));
        expect(404, "no component ecdh_psi version 9.9.9 on this node", signed("GET",
                "/v1/interconn/component/query?code=ecdh_psi&version=9.9.9&contract_id=" + contract, null));

        // an algorithm bundle deployed at runtime appears in the list, and leaves it when removed
        Path jar = home.resolve("deploy/test-intersection.jar");
        io.hutong.itests.TestBundles.write(jar, "io.hutong.itests.component", "1.0.0",
                io.hutong.itests.component.ComponentActivator.class,
                "org.osgi.framework,io.hutong.api.component;version=\"[1.0,2)\"", Map.of(),
                io.hutong.itests.component.TestIntersection.class);
        Reply listed = awaitSigned("/v1/interconn/component/list?contract_id=" + contract,
                r -> r.body().path("data").path("total").asInt() == 2);
        expect(200, "ok", listed);
        assertEquals(2, listed.body().path("data").path("total").asInt(), listed.body().toString());
        assertTrue(listed.body().toString().contains("test_intersection"), listed.body().toString());
        Reply one = signed("GET", "/v1/interconn/component/query?code=test_intersection&version=2.1.0&contract_id=" + contract, null);
        expect(200, "ok", one);
        assertTrue(one.body().path("data").toString().contains("Test intersection"), one.body().toString());
        expect(404, "no component test_intersection version 9.9.9 on this node", signed("GET",
                "/v1/interconn/component/query?code=test_intersection&version=9.9.9&contract_id=" + contract, null));
        Files.delete(jar);
        Reply gone = awaitSigned("/v1/interconn/component/list?contract_id=" + contract,
                r -> r.body().path("data").path("total").asInt() == 1);
        assertEquals(1, gone.body().path("data").path("total").asInt(), "removed with its bundle: " + gone.body());
    }

    /** Repeats a signed GET (each with a fresh nonce) until {@code accept} holds or 60 s pass. */
    private Reply awaitSigned(String path, java.util.function.Predicate<Reply> accept) throws Exception {
        try {
            return NodeProcess.until("a signed GET " + path, NodeProcess.EFFECT, () -> signed("GET", path, null), accept);
        } catch (AssertionError e) {
            return signed("GET", path, null); // the caller's assertion says what was expected
        }
    }

    // ---------------------------------------------------------------- approvals of every kind

    @Test
    void approvalEndpointsOfEveryKind() throws Exception {
        Map<String, String> applies = new LinkedHashMap<>();
        applies.put("project", "{\"contract_id\":\"" + contract + "\",\"project_id\":\"p9\",\"name\":\"n\"}");
        // a DAG and conf as spec 20 §5 has them (GOV4): carol is guest, bob host
        String dag = "{\"components\":[{\"name\":\"psi_0\",\"componentName\":\"ecdh_psi\",\"provider\":\"hutong\",\"version\":\"1.0.0\","
                + "\"input\":[],\"output\":[{\"key\":\"result\",\"type\":\"dataset\"}]}]}";
        String conf = "{\"initiator\":{\"role\":\"guest\",\"node_id\":\"carol\"},\"role\":{\"guest\":[\"carol\"],\"host\":[\"bob\"]}}";
        applies.put("flow", "{\"flow_id\":\"f9\",\"name\":\"n\",\"dag\":" + dag + "}");
        applies.put("job", "{\"job_id\":\"job-99999999999999999999999999999999\",\"flow_id\":\"f9\",\"name\":\"n\",\"project_id\":\"p9\","
                + "\"dag\":" + dag + ",\"conf\":" + conf + "}");
        applies.put("model", "{\"model_id\":\"m9\",\"apply_project_id\":\"p9\"}");
        applies.put("dataset", "{\"contract_id\":\"" + contract + "\",\"dataset_id\":\"open\"}");
        String[] required = {"project:name", "flow:dag", "job:conf", "model:apply_project_id", "dataset:dataset_id"};
        int i = 0;
        for (var e : applies.entrySet()) {
            String kind = e.getKey();
            String base = "/v1/interconn/" + kind + "/audit/";
            String id = kind + "-k1";
            String body = e.getValue().replaceFirst("\\{", "{\"audit_id\":\"" + id + "\",");
            // apply: 400 naming the missing field, then OK
            String field = required[i++].split(":")[1];
            String missing = JSON.writeValueAsString(((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body)).without(field));
            expect(400, field + " is required", signed("POST", base + "apply", missing));
            expect(400, "audit_id is required", signed("POST", base + "apply", e.getValue()));
            expect(200, "ok", signed("POST", base + "apply", body));
            if (!kind.equals("job")) {
                assertEquals("APPLIED", signed("GET", base + "query?audit_id=" + id, null).body().path("data").path("status").asText());
            }
            // terminate before approval is an illegal move
            expect(409, kind + " audit " + id + " is APPLIED and cannot become TERMINATED", signed("POST", base + "terminate",
                    "{\"audit_id\":\"" + id + "\"}"));
            assertEquals(200, adminPost("v1/admin/audits/" + kind + "/" + id + "/approve", "{}").status());
            expect(200, "ok", signed("POST", base + "terminate", "{\"audit_id\":\"" + id + "\"}"));
            expect(409, kind + " audit " + id + " is TERMINATED and cannot become TERMINATED", signed("POST", base + "terminate",
                    "{\"audit_id\":\"" + id + "\"}"));
            expect(400, "audit_id is required", signed("POST", base + "terminate", "{}"));
            expect(404, "no " + kind + " audit nope with node carol", signed("POST", base + "terminate", "{\"audit_id\":\"nope\"}"));
            if (!kind.equals("job")) {
                assertEquals("TERMINATED", signed("GET", base + "query?audit_id=" + id, null).body().path("data").path("status").asText());
                expect(404, "no " + kind + " audit nope", signed("GET", base + "query?audit_id=nope", null));
            }

            // confirm: bob applies at carol (carol's server says ok), carol answers
            String bobApply = e.getValue().replace(contract, "").replace("\"contract_id\":\"\",", "");
            Reply mine = adminPost("v1/admin/audits/" + kind, bobApply.replaceFirst("\\{", "{\"peer_node_id\":\"carol\","));
            assertEquals(200, mine.status(), mine.body().toString());
            String bobsId = mine.body().path("data").path("audit_id").asText();
            expect(400, "status must be APPROVED or REJECTED", signed("POST", base + "confirm", "{\"audit_id\":\"" + bobsId + "\",\"status\":\"OK\"}"));
            expect(404, "no " + kind + " audit nope applied for at node carol", signed("POST", base + "confirm",
                    "{\"audit_id\":\"nope\",\"status\":\"APPROVED\"}"));
            expect(200, "ok", signed("POST", base + "confirm", "{\"audit_id\":\"" + bobsId + "\",\"status\":\"APPROVED\","
                    + "\"resource_permit\":\"bare-token-" + kind + "\"}"));
            expect(409, kind + " audit " + bobsId + " is APPROVED and cannot become REJECTED", signed("POST", base + "confirm",
                    "{\"audit_id\":\"" + bobsId + "\",\"status\":\"REJECTED\"}"));
        }
        // the permits carol issued arrive in x-mprac-token-set on bob's next call to carol
        assertEquals(200, adminPost("v1/admin/audits/model", "{\"peer_node_id\":\"carol\",\"model_id\":\"m10\",\"apply_project_id\":\"p9\"}").status());
        assertTrue(lastTokenSet.contains("FLOW:f9/1/bare-token-flow"), lastTokenSet);
        assertTrue(lastTokenSet.contains("MODEL:m9/1/bare-token-model"), lastTokenSet);
    }

    // ---------------------------------------------------------------- operator views

    @Test
    void theOperatorApiIsDescribedAndIncomingApplicationsShowOnTheConsolePage() throws Exception {
        Http.Reply openapi = Http.get(adminUrl("v1/admin/governance/openapi.json"));
        assertEquals(200, openapi.status());
        assertTrue(openapi.json().path("paths").has("/v1/admin/contracts"), openapi.body());
        assertEquals(404, Http.get("http://127.0.0.1:" + ew + "/v1/admin/contracts").status(), "the operator API is not east-west");

        expect(200, "ok", signed("POST", "/v1/interconn/model/audit/apply", "{\"audit_id\":\"console-m1\",\"model_id\":\"m-console\","
                + "\"apply_project_id\":\"p1\"}"));
        java.util.Properties login = new java.util.Properties();
        try (var r = Files.newBufferedReader(tmp.resolve("bob/console-credentials.properties"))) {
            login.load(r);
        }
        Http.Reply page = Http.get(adminUrl("system/console/governance"), login.getProperty("username"), login.getProperty("password"));
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("console-m1") && page.body().contains("m-console"), page.body());
        assertEquals(401, Http.get(adminUrl("system/console/governance")).status(), "the console page needs the login");
        JsonNode pending = JSON.readTree(Http.get(adminUrl("v1/admin/applications")).body()).path("data");
        boolean listed = false;
        for (JsonNode a : pending) {
            listed |= a.path("id").asText().equals("console-m1") && a.path("from_node_id").asText().equals("carol");
        }
        assertTrue(listed, pending.toString());

        // the page's buttons decide: a contract dave applied for is rejected, the model application approved
        Reply daveApplied = call("POST", "/v1/interconn/node/contract/apply", carolInfo().replace("\"node_id\":\"carol\"", "\"node_id\":\"dave\""),
                false, Map.of("x-source-node-id", "dave"));
        assertEquals(200, daveApplied.status(), daveApplied.body().toString());
        String dave = daveApplied.body().path("data").path("contract_id").asText();
        String url = adminUrl("system/console/governance");
        String auth = Http.basic(login.getProperty("username"), login.getProperty("password"));
        String listedPage = Http.send("GET", url, null, null, "Authorization", auth).body();
        assertTrue(listedPage.contains("name='kind' value='contract'/><input type='hidden' name='id' value='" + dave + "'/>")
                && listedPage.contains("name='kind' value='model'/><input type='hidden' name='id' value='console-m1'/>")
                && listedPage.contains("value='approve'>Approve</button>") && listedPage.contains("value='reject'>Reject</button>"), listedPage);

        // a form another site makes the operator's browser post changes nothing (ADMIN2)
        byte[] approveModel = "action=approve&kind=model&id=console-m1".getBytes(StandardCharsets.UTF_8);
        String form = "application/x-www-form-urlencoded";
        Http.Reply forged = Http.send("POST", url, form, approveModel, "Authorization", auth, "Origin", "http://evil.example");
        assertEquals(403, forged.status(), forged.body());
        assertEquals(403, Http.send("POST", url, form, approveModel, "Authorization", auth, "Referer", "http://evil.example/governance").status());
        assertEquals(401, Http.send("POST", url, form, approveModel, "Referer", url).status(), "no login, no decision");
        assertEquals("APPLIED", audit("model", "console-m1").path("status").asText(), "the refused forms decided nothing");

        Http.Reply approved = Http.send("POST", url, form, approveModel, "Authorization", auth, "Referer", url);
        assertEquals(302, approved.status(), approved.body());
        JsonNode modelConfirm = NodeProcess.until("bob confirms console-m1 to carol", NodeProcess.EFFECT,
                () -> received.getOrDefault("/v1/interconn/model/audit/confirm", List.of()).stream()
                        .filter(c -> c.path("audit_id").asText().equals("console-m1")).findFirst().orElse(null), c -> c != null);
        assertEquals("APPROVED", modelConfirm.path("status").asText(), modelConfirm.toString());
        assertEquals("APPROVED", audit("model", "console-m1").path("status").asText());

        // as a browser does: post the form, follow the redirect (post/redirect/get)
        HttpResponse<String> rejected = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Referer", url)
                .header("Content-Type", form).POST(HttpRequest.BodyPublishers.ofString("action=reject&kind=contract&id=" + dave)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, rejected.statusCode(), rejected.body());
        String outcome = Http.send("GET", URI.create(url).resolve(rejected.headers().firstValue("Location").orElseThrow()).toString(), null, null,
                "Authorization", auth).body();
        assertTrue(outcome.contains("contract " + dave + " REJECTED"), "the page shows the outcome: " + outcome);
        assertFalse(outcome.contains("value='" + dave + "'/>") || outcome.contains("value='console-m1'/>"),
                "decided applications leave the pending list: " + outcome);
        NodeProcess.until("bob tells dave the contract is rejected", NodeProcess.EFFECT,
                () -> received.getOrDefault("/v1/interconn/node/contract/confirm", List.of()).stream()
                        .filter(c -> c.path("contract_id").asText().equals(dave)).findFirst().orElse(null),
                c -> c != null && c.path("status").asText().equals("REJECTED"));

        // a second click (another tab, a reload of the form) is refused as a readable page, not a stack trace
        Http.Reply twice = Http.send("POST", url, form, approveModel, "Authorization", auth, "Referer", url);
        assertEquals(409, twice.status(), twice.body());
        assertTrue(twice.body().contains("model audit console-m1 is APPROVED and cannot become APPROVED"), twice.body());
        Http.Reply unknown = Http.send("POST", url, form, "action=approve&kind=model&id=console-none".getBytes(StandardCharsets.UTF_8),
                "Authorization", auth, "Referer", url);
        assertEquals(404, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("no model audit console-none"), unknown.body());
        Http.Reply escaped = Http.send("POST", url, form, "action=approve&kind=%3Cscript%3E&id=x".getBytes(StandardCharsets.UTF_8),
                "Authorization", auth, "Referer", url);
        assertEquals(404, escaped.status(), escaped.body());
        assertFalse(escaped.body().contains("<script>"), "what the form sent is escaped: " + escaped.body());
    }

    /** The admin API's view of one approval on bob. */
    JsonNode audit(String kind, String id) throws Exception {
        for (JsonNode a : JSON.readTree(Http.get(adminUrl("v1/admin/audits?kind=" + kind)).body()).path("data")) {
            if (a.path("audit_id").asText().equals(id)) {
                return a;
            }
        }
        throw new AssertionError("bob has no " + kind + " audit " + id);
    }

    // ---------------------------------------------------------------- limits at the edge (issue 10, EDGE)

    static void expectEnvelope(RawHttp.Answer a, int status, String msgStart) throws Exception {
        assertEquals(status, a.status(), a.raw());
        assertTrue(String.valueOf(a.header("Content-Type")).startsWith("application/json"), a.raw());
        JsonNode body = a.json();
        assertEquals(status, body.path("code").asInt(), a.raw());
        assertTrue(body.path("msg").asText().startsWith(msgStart), a.raw());
        assertFalse(a.raw().contains("<html"), a.raw());
    }

    @Test
    void concurrentOversizeUnauthenticatedBodiesAreRefusedAndTheNodeStaysUp() throws Exception {
        // the issue: 12 concurrent 50 MB unauthenticated bodies at a small heap gave OutOfMemoryError and HTML 500s
        // (bob runs with -Xmx384m); chunked, so only reading can tell the size, and one declared size
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<RawHttp.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String path = i % 2 == 0 ? "/v1/interconn/node/contract/confirm" : "/v1/interconn/tee/uas/verify";
                answers.add(pool.submit(() -> RawHttp.send("127.0.0.1", ew, "POST " + path + " HTTP/1.1\r\nHost: bob\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", 50L << 20, true)));
            }
            for (java.util.concurrent.Future<RawHttp.Answer> a : answers) {
                expectEnvelope(a.get(), 413, "request body exceeds the limit of 1048576 bytes");
            }
        } finally {
            pool.shutdownNow();
        }
        expectEnvelope(RawHttp.send("127.0.0.1", ew, "POST /v1/interconn/node/contract/confirm HTTP/1.1\r\nHost: bob\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (50L << 20) + "\r\n", 0, false), 413, "request body exceeds");
        // the admin plane too, before its authentication or method matching
        expectEnvelope(RawHttp.send("127.0.0.1", admin, "POST /v1/admin/datasets HTTP/1.1\r\nHost: bob\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (8L << 20) + "\r\n", 8L << 20, false), 413, "request body exceeds");
        assertTrue(bob.isAlive());
        assertEquals(200, Http.get(adminUrl("v1/admin/node")).status(), "bob still answers");
        assertFalse(Files.readString(tmp.resolve("bob.out")).contains("OutOfMemoryError"));
    }

    @Test
    void jettyErrorsAnswerTheEnvelopeOnBothPlanes() throws Exception {
        for (int port : new int[] {ew, admin}) {
            expectEnvelope(RawHttp.send("127.0.0.1", port, "GET /v1/interconn/node/health HTTP/1.1\r\nHost: bob\r\nX-Big: "
                    + "a".repeat(20_000) + "\r\n", 0, false), 431, "request header fields too large");
            expectEnvelope(RawHttp.send("127.0.0.1", port, "GET /v1/interconn/node/health?x=" + "a".repeat(100_000)
                    + " HTTP/1.1\r\nHost: bob\r\n", 0, false), 414, "URI too long");
            expectEnvelope(RawHttp.send("127.0.0.1", port, "GARBAGE\r\n", 0, false), 400, "bad request");
            expectEnvelope(RawHttp.send("127.0.0.1", port, "PUT /v1/%zz HTTP/1.1\r\nHost: bob\r\nContent-Length: 0\r\n", 0, false),
                    400, "bad request");
            // the admin plane answers a stranger 401 whatever the path (it names no endpoint); with the token, 404
            String token = port == admin ? "Authorization: Bearer " + Http.ADMIN_TOKEN.strip() + "\r\n" : "";
            expectEnvelope(RawHttp.send("127.0.0.1", port, "GET /no/such/path HTTP/1.1\r\nHost: bob\r\n" + token, 0, false),
                    404, "no such endpoint");
        }
        expectEnvelope(RawHttp.send("127.0.0.1", ew, "DELETE /v1/interconn/node/health HTTP/1.1\r\nHost: bob\r\n", 0, false),
                405, "method not allowed");
    }

    @Test
    void unsignedContractApplicationsAreRateLimitedPerSource() throws Exception {
        // the issue stored 200 unauthenticated applications in 5 s; a source of its own (127.0.0.7) so the
        // other tests' calls from 127.0.0.1 keep their budget
        int passed = 0;
        RawHttp.Answer limited = null;
        for (int i = 0; i < 25; i++) {
            RawHttp.Answer a = RawHttp.send("127.0.0.7", ew, "POST /v1/interconn/node/contract/apply HTTP/1.1\r\nHost: bob\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n", 2, false);
            if (a.status() == 429) {
                limited = a;
            } else {
                passed++;
            }
        }
        assertEquals(20, passed, "20 per window reach the endpoint (the default budget)");
        assertNotNull(limited);
        expectEnvelope(limited, 429, "too many requests to /v1/interconn/node/contract/apply");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 120, limited.raw());
    }
}
