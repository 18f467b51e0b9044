/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.itests.TransportNodes.Node;
import io.hutong.itests.TransportNodes.Reply;

/**
 * {@code hutong.war} deployed on a real Payara Micro ({@code java -jar payara-micro.jar --deploy hutong.war}, every
 * listener on loopback) interoperating with a standalone node ({@code bin/hutong start}): no operator endpoint on a
 * port peers reach, a contract signed between the two, PTP messages both ways (the WAR node sends over gRPC, the
 * standalone node over HTTP to the WAR node's east-west listener) and an ECDH-PSI task between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarPayaraIT {

    @TempDir
    static Path tmp;

    /** Payara Micro's root directory and the WAR node's home, under target/ and wiped at every run. */
    private static final Path WORK = Path.of("target", "war-payara").toAbsolutePath();

    private TransportNodes nodes;
    /** The node of hutong.war inside Payara Micro. */
    private Node war;
    /** The standalone node. */
    private Node bob;
    private int payaraPort;
    private int warGrpc;

    @BeforeAll
    void startPayaraAndAStandaloneNode() throws Exception {
        nodes = new TransportNodes(tmp);
        CompletableFuture<Node> standalone = CompletableFuture.supplyAsync(() -> {
            try {
                return nodes.start("bob");
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        long t0 = System.nanoTime();
        war = deployOnPayara("alice");
        System.out.printf("WarPayaraIT: Payara Micro with hutong.war ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        bob = standalone.get(NodeProcess.START.toSeconds() + 60, TimeUnit.SECONDS);
    }

    /** Starts Payara Micro deploying the built WAR, configured through system properties, and waits until it serves. */
    private Node deployOnPayara(String id) throws Exception {
        deleteTree(WORK);
        Path home = WORK.resolve("home");
        // the operator's etc/ of the node home (as a mounted one would be): its *.cfg apply as in the standalone node;
        // here the SM2 UAS key every test node makes (TESTS8), which the node log then names
        Files.createDirectories(home.resolve("etc"));
        StringBuilder uas = new StringBuilder();
        NodeOptions.UAS_SM2.forEach((k, v) -> uas.append(k).append('=').append(v).append('\n'));
        Files.writeString(home.resolve("etc/" + NodeOptions.UAS_PID + ".cfg"), uas.toString());
        payaraPort = NodeOptions.freePort();
        // the node's east-west port is Payara's own (decision WAR6): every helper that calls the node east-west goes there
        Node n = new Node(id, home.resolve("data"), payaraPort, NodeOptions.freePort());
        n.home = home;
        warGrpc = NodeOptions.freePort();
        // the app server's HTTP listener on loopback too, before it binds (a Payara Micro pre-boot asadmin command)
        Path preboot = WORK.resolve("preboot.asadmin");
        Files.writeString(preboot, "set configs.config.server-config.network-config.network-listeners.network-listener."
                + "http-listener.address=127.0.0.1\n"
                // the east-west header limit is the server's in a WAR: 16 KiB as on a standalone node (README, WAR9)
                + "set configs.config.server-config.network-config.protocols.protocol.http-listener.http."
                + "header-buffer-length-bytes=16384\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dhutong.home=" + home, "-Dhutong.node-id=" + id, "-Dhutong.port=" + n.eastWest,
                "-Dhutong.admin-port=" + n.admin, "-Dhutong.grpc-port=" + warGrpc,
                "-jar", System.getProperty("payara.micro", "target/payara/payara-micro.jar"),
                "--nohazelcast", "--port", "" + payaraPort, "--rootdir", WORK.resolve("root").toString(),
                "--prebootcommandfile", preboot.toString(),
                "--deploy", System.getProperty("hutong.war", "../distribution/target/hutong.war")));
        Path out = WORK.resolve("payara.out");
        n.process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        nodes.adopt(n);
        NodeProcess.awaitReady(n.data, n.process, NodeProcess.text(out));
        // ready.json is written inside the deployment; the deployment ends once the server maps the WAR
        NodeProcess.until("Payara Micro serving " + ready(), NodeProcess.START, () -> get(ready(), Map.of()).status(),
                s -> s == 200);
        return n;
    }

    private String ready() {
        return "http://127.0.0.1:" + payaraPort + "/ready";
    }

    @AfterAll
    void stopAll() throws Exception {
        if (war != null && war.process.isAlive()) {
            // SIGTERM: Payara undeploys, the WAR's listener stops the framework and removes ready.json
            war.process.destroy();
            if (war.process.waitFor(60, TimeUnit.SECONDS)) {
                assertFalse(Files.exists(war.data.resolve("run/ready.json")), "undeploying stops the node");
            }
        }
        nodes.close();
    }

    private static Reply get(String url, Map<String, String> headers) {
        return TransportNodes.send(url, "GET", headers, null, null);
    }

    private static Map<String, String> noToken() {
        return Map.of("Authorization", "Bearer wrong-token-of-the-right-length-0000");
    }

    /**
     * A peer reaches the WAR node's east-west port and, when it is exposed, the application server's: neither serves
     * the operator API or the web console, even with the admin token; the admin port does, and only with it.
     */
    @Test
    @Order(1)
    void noPortPeersReachServesAnOperatorEndpoint() throws Exception {
        // the east-west plane is Payara's port, at its root: the standard's exact paths
        assertEquals(payaraPort, war.eastWest);
        List<String> peerReachable = List.of("http://127.0.0.1:" + payaraPort, "http://127.0.0.1:" + payaraPort + "/hutong");
        for (String base : peerReachable) {
            for (String path : List.of("/v1/admin/status", "/v1/admin/routes", "/system/console", "/system/console/bundles")) {
                Reply r = get(base + path, Map.of()); // Http.admin adds the real admin token
                assertEquals(404, r.status(), base + path + " must not exist: " + new String(r.body(), StandardCharsets.UTF_8));
            }
            Reply put = TransportNodes.send(base + "/v1/admin/routes/mallory", "PUT", Map.of(), "application/json",
                    "{\"address\":\"127.0.0.1:9\",\"protocol\":\"http\",\"mode\":\"encapsulation\"}".getBytes());
            // 404/405 from the node's east-west plane: never taken
            assertTrue(List.of(403, 404, 405).contains(put.status()), base + " took a route change: " + put.status());
        }
        assertFalse(get(war.adminUrl("/v1/admin/routes"), Map.of()).json().toString().contains("mallory"),
                "no route was changed through a port peers reach");
        assertEquals("{\"code\":404,\"msg\":\"no such endpoint\",\"data\":null}",
                new String(get("http://127.0.0.1:" + payaraPort + "/v1/admin/status", Map.of()).body(), StandardCharsets.UTF_8),
                "Payara's port answers in the node's envelope, as a standalone node's east-west listener does");
        assertEquals(200, get("http://127.0.0.1:" + payaraPort + "/v1/interconn/node/health", Map.of()).status());

        // the admin plane: its own loopback listener, the token required
        assertEquals(401, get(war.adminUrl("/v1/admin/status"), noToken()).status());
        assertEquals(401, get(war.adminUrl("/system/console/bundles"), noToken()).status());
        JsonNode status = get(war.adminUrl("/v1/admin/status"), Map.of()).json();
        assertEquals("alice", status.path("data").path("node_id").asText(), status.toString());

        // what the app server's port says: ready, nothing about ports, paths or ids
        Reply ready = get(ready(), Map.of());
        assertEquals(200, ready.status());
        String body = new String(ready.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"status\":\"ready\""), body);
        for (String secret : List.of("" + war.admin, war.data.toString(), "alice")) {
            assertFalse(body.contains(secret), "the readiness answer names " + secret + ": " + body);
        }
        assertTrue(Files.readString(war.home.resolve("logs/hutong.log")).contains("created the UAS SM2 signing key"),
                "the home's etc/*.cfg configure the WAR node; its log is the home's logs/hutong.log");
        JsonNode readyJson = TransportNodes.JSON.readTree(war.data.resolve("run/ready.json").toFile());
        assertEquals(payaraPort, readyJson.path("ports").path("east_west").asInt(), "peers reach the node on Payara's port");
        assertEquals(war.admin, readyJson.path("ports").path("admin").asInt());
        assertEquals(warGrpc, readyJson.path("ports").path("grpc").asInt(), "gRPC keeps its own port: " + readyJson);
    }

    /**
     * Payara's port is the node's east-west plane with the node's own edge: a call without a signature or with a forged
     * one is refused in the standard's envelope, not with the server's HTML, and an oversize body is refused before it
     * is read, in the envelope too (PlaneGuard through the Felix HTTP bridge, decision WAR9). Last: a forged signature
     * is judged only for a node with an approved contract, which the tests before sign.
     */
    @Test
    @Order(5)
    void payarasPortRefusesUnsignedForgedAndOversizeCallsInTheEnvelope() throws Exception {
        // the header limit is the server's, set to a standalone node's 16 KiB by the README's asadmin command
        assertEquals(200, get("http://127.0.0.1:" + payaraPort + "/v1/interconn/node/health",
                Map.of("X-Padding", "a".repeat(12 * 1024))).status(), "a 12 KiB header passes, as on a standalone node");
        String url = "http://127.0.0.1:" + payaraPort + "/v1/interconn/schedule/job/stop";
        Map<String, String> json = Map.of("x-csrf-protection", "1");
        Reply unsigned = TransportNodes.send(url, "POST", json, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        expectEnvelope(unsigned, 401);
        Reply forged = TransportNodes.send(url, "POST", Map.of("x-csrf-protection", "1",
                "x-auth-sign", java.util.Base64.getEncoder().encodeToString(new byte[70]), "x-source-node-id", "bob",
                "x-target-node-id", "alice", "x-timestamp", Long.toString(System.currentTimeMillis()),
                "x-nonce", UUID.randomUUID().toString()), "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        // Prometheus counts the requests of Payara's port as the east-west plane's, as on a standalone node
        String metrics = text(get(war.adminUrl("/v1/admin/metrics"), Map.of()));
        assertTrue(metrics.contains("hutong_http_requests_total{endpoint=\"/v1/interconn/node/health\",method=\"GET\","
                + "plane=\"east_west\",status=\"200\"}"), metrics);
        // with the contract the tests before sign, the signature is what fails; run alone, the missing contract
        expectEnvelope(forged, forged.status() == 403 ? 403 : 401);
        assertTrue(text(forged).contains(forged.status() == 403 ? "no APPROVED contract" : "x-auth-sign"), text(forged));

        RawHttp.Answer big = RawHttp.send("127.0.0.1", payaraPort, "POST /v1/interconn/node/contract/confirm HTTP/1.1\r\n"
                + "Host: alice\r\nContent-Type: application/json\r\nContent-Length: " + (50L << 20) + "\r\n", 0, false);
        assertEquals(413, big.status(), big.raw());
        assertTrue(String.valueOf(big.header("Content-Type")).startsWith("application/json"), big.raw());
        assertEquals(413, big.json().path("code").asInt(), big.raw());
        assertTrue(big.json().path("msg").asText().startsWith("request body exceeds"), big.raw());
        RawHttp.Answer chunked = RawHttp.send("127.0.0.1", payaraPort, "POST /v1/interconn/node/contract/confirm HTTP/1.1\r\n"
                + "Host: alice\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n", 8L << 20, true);
        assertEquals(413, chunked.status(), chunked.raw());
        assertEquals(200, get("http://127.0.0.1:" + payaraPort + "/v1/interconn/node/health", Map.of()).status(),
                "the node still serves after refusing");
    }

    private static void expectEnvelope(Reply r, int status) {
        assertEquals(status, r.status(), text(r));
        assertTrue(String.valueOf(r.contentType()).startsWith("application/json"), r.contentType() + " " + text(r));
        JsonNode body = r.json();
        assertEquals(status, body.path("code").asInt(), text(r));
        assertFalse(body.path("msg").asText().isEmpty(), text(r));
        assertFalse(text(r).toLowerCase(java.util.Locale.ROOT).contains("<html"), text(r));
    }

    private static String text(Reply r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The WAR node applies for a contract with the standalone node, whose operator approves it. */
    @Test
    @Order(2)
    void aContractIsSignedBetweenTheWarNodeAndAStandaloneNode() throws Exception {
        ObjectNode apply = TransportNodes.JSON.createObjectNode().put("peer_address", "http://127.0.0.1:" + bob.eastWest)
                .put("peer_node_id", "bob");
        Reply applied = TransportNodes.post(war.adminUrl("/v1/admin/contracts"), Map.of(), "application/json",
                TransportNodes.JSON.writeValueAsBytes(apply));
        assertEquals(200, applied.status(), new String(applied.body(), StandardCharsets.UTF_8));
        JsonNode pending = NodeProcess.until("alice's application at bob", NodeProcess.EFFECT,
                () -> get(bob.adminUrl("/v1/admin/applications"), Map.of()).json().path("data"),
                d -> d.findValuesAsText("kind").contains("contract"));
        String contract = "";
        for (JsonNode application : pending) {
            if ("contract".equals(application.path("kind").asText())) {
                contract = application.path("id").asText();
            }
        }
        Reply approved = TransportNodes.post(bob.adminUrl("/v1/admin/contracts/" + contract + "/approve"), Map.of(),
                "application/json", "{}".getBytes());
        assertEquals(200, approved.status(), new String(approved.body(), StandardCharsets.UTF_8));
        String id = contract;
        for (Node n : List.of(war, bob)) {
            NodeProcess.until("contract APPROVED at " + n.id, NodeProcess.EFFECT,
                    () -> get(n.adminUrl("/v1/admin/contracts"), Map.of()).json().path("data"),
                    d -> GovernanceIT.has(d, "contract_id", id, "APPROVED"));
        }
    }

    /** Routes both ways: the WAR node reaches bob over gRPC, bob reaches the WAR node's east-west listener over HTTP. */
    private void route() throws Exception {
        Reply toBob = TransportNodes.send(war.adminUrl("/v1/admin/routes/bob"), "PUT", Map.of(), "application/json",
                ("{\"address\":\"127.0.0.1:" + TransportNodes.grpcPort(bob) + "\",\"protocol\":\"grpc\",\"mode\":\"encapsulation\"}")
                        .getBytes());
        assertEquals(200, toBob.status(), new String(toBob.body(), StandardCharsets.UTF_8));
        assertEquals(200, TransportNodes.route(bob, war, "http", "encapsulation").status());
    }

    @Test
    @Order(3)
    void ptpMessagesTravelBothWays() throws Exception {
        route();
        String session = "war-" + UUID.randomUUID();
        assertEquals("E0000000000", TransportNodes.pushJson(war, session, "bob", "to-bob", "from the WAR".getBytes(), Map.of()).code());
        assertEquals("from the WAR", new String(TransportNodes.popJson(bob, session, "to-bob", 30_000).content(), StandardCharsets.UTF_8));
        assertEquals("E0000000000", TransportNodes.pushJson(bob, session, "alice", "to-alice", "from bob".getBytes(), Map.of()).code());
        assertEquals("from bob", new String(TransportNodes.popJson(war, session, "to-alice", 30_000).content(), StandardCharsets.UTF_8));
    }

    /** ECDH-PSI between the two: each ends with exactly the rows of its input the other also holds, in input order. */
    @Test
    @Order(4)
    void ecdhPsiBetweenTheWarNodeAndTheStandaloneNode() throws Exception {
        route();
        String task = "war-psi-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> a = new ArrayList<>(List.of("id,x"));
        List<String> b = new ArrayList<>(List.of("id,y"));
        for (int i = 0; i < 40; i++) {
            a.add("id" + i + ",a" + i);
        }
        for (int i = 25; i < 60; i++) {
            b.add("id" + i + ",b" + i);
        }
        write(war, task, a);
        write(bob, task, b);
        start(bob, task, "host.0");
        start(war, task, "guest.0");
        for (Node n : List.of(war, bob)) {
            JsonNode end = NodeProcess.until(task + " ended on " + n.id, NodeProcess.EFFECT,
                    () -> get(n.adminUrl("/v1/admin/tasks/" + task), Map.of()).json().path("data"),
                    s -> !"RUNNING".equals(s.path("status").asText()));
            assertEquals("SUCCESS", end.path("status").asText(), n.id + ": " + end + "\n"
                    + new String(get(n.adminUrl("/v1/admin/tasks/" + task + "/log"), Map.of()).body(), StandardCharsets.UTF_8));
        }
        List<String> aliceGets = new ArrayList<>(List.of("id,x"));
        List<String> bobGets = new ArrayList<>(List.of("id,y"));
        for (int i = 25; i < 40; i++) {
            aliceGets.add("id" + i + ",a" + i);
            bobGets.add("id" + i + ",b" + i);
        }
        assertEquals(String.join("\n", aliceGets) + "\n", Files.readString(war.data.resolve("storage/out/" + task + ".csv")));
        assertEquals(String.join("\n", bobGets) + "\n", Files.readString(bob.data.resolve("storage/out/" + task + ".csv")));
    }

    private static void write(Node n, String task, List<String> lines) throws IOException {
        Path file = n.data.resolve("storage/data/" + task + ".csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static void start(Node n, String task, String role) throws Exception {
        Map<String, String> env = TransportNodes.ecdhPsiEnv(task, role, Map.of("recv_timeout_ms", "60000"));
        ObjectNode body = TransportNodes.JSON.createObjectNode();
        body.put("component", "ecdh_psi");
        ObjectNode e = body.putObject("env");
        env.forEach(e::put);
        Reply r = TransportNodes.post(n.adminUrl("/v1/admin/tasks"), Map.of(), "application/json",
                TransportNodes.JSON.writeValueAsBytes(body));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
