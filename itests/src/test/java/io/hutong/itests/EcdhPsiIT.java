/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
 * The ECDH-PSI component between two real nodes, alice (guest.0, rank 0) and bob (host.0, rank 1), started
 * through each node's admin API ({@code POST /v1/admin/tasks}) with the environment contract a scheduler would
 * give, over the PTP transport: every size, overlap and key shape, both receiver modes and both curves, a peer that
 * stops mid-run, and the algorithm bundle updated under a running task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcdhPsiIT {

    @TempDir
    static Path tmp;

    private TransportNodes nodes;
    private Node alice;
    private Node bob;

    @BeforeAll
    void startTwoNodes() throws Exception {
        // the full JIT: the X25519 ladder of 100 000 rows per party runs 2.3 times longer on C1 alone (TESTS13)
        nodes = new TransportNodes(tmp, true);
        Node[] pair = nodes.startBoth("alice", "bob");
        alice = pair[0];
        bob = pair[1];
        assertEquals(200, TransportNodes.route(alice, bob, "http", "encapsulation").status());
        assertEquals(200, TransportNodes.route(bob, alice, "http", "encapsulation").status());
    }

    @AfterAll
    void stopNodes() {
        nodes.close();
    }

    /** One party's side of a run: its input lines (header first) and what it ended with. */
    record Side(Node node, String role, List<String> csv) {
    }

    record Outcome(JsonNode alice, JsonNode bob) {
    }

    private static List<String> csv(String header, List<String> rows) {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static List<String> ids(int from, int to, Function<Integer, String> row) {
        List<String> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(row.apply(i));
        }
        return rows;
    }

    private JsonNode startTask(Node n, String task, String role, Map<String, String> parameters) throws Exception {
        ObjectNode body = TransportNodes.JSON.createObjectNode();
        body.put("component", "ecdh_psi");
        ObjectNode env = body.putObject("env");
        TransportNodes.ecdhPsiEnv(task, role, parameters).forEach(env::put);
        Reply r = TransportNodes.post(n.adminUrl("/v1/admin/tasks"), Map.of(), "application/json",
                TransportNodes.JSON.writeValueAsBytes(body));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        return r.json().path("data");
    }

    private JsonNode status(Node n, String task) {
        return TransportNodes.send(n.adminUrl("/v1/admin/tasks/" + task), "GET", Map.of(), null, null).json()
                .path("data");
    }

    private String log(Node n, String task) {
        return new String(TransportNodes.send(n.adminUrl("/v1/admin/tasks/" + task + "/log"), "GET", Map.of(), null,
                null).body(), StandardCharsets.UTF_8);
    }

    private JsonNode awaitEnd(Node n, String task, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonNode s = status(n, task);
            if (!"RUNNING".equals(s.path("status").asText())) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + task + " on " + n.id + " still running after " + seconds + " s: "
                        + s + "\n" + log(n, task));
            }
            Thread.sleep(200);
        }
    }

    private void awaitProgress(Node n, String task, double atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            JsonNode s = status(n, task);
            assertEquals("RUNNING", s.path("status").asText(), "task ended before the test could act: " + s);
            if ("psi".equals(s.path("stage").asText()) && s.path("progress").asDouble() >= atLeast) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no progress: " + s);
            Thread.sleep(100);
        }
    }

    private void writeInput(Node n, String task, List<String> lines) throws Exception {
        Path file = n.data.resolve("storage/data/" + task + ".csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private Path output(Node n, String task) {
        return n.data.resolve("storage/out/" + task + ".csv");
    }

    /** Starts both sides and waits for both to end. */
    private Outcome run(String task, List<String> aliceCsv, List<String> bobCsv, Map<String, String> parameters,
            int seconds) throws Exception {
        writeInput(alice, task, aliceCsv);
        writeInput(bob, task, bobCsv);
        startTask(bob, task, "host.0", parameters);
        startTask(alice, task, "guest.0", parameters);
        return new Outcome(awaitEnd(alice, task, seconds), awaitEnd(bob, task, seconds));
    }

    /** The rows of {@code mine} (header first) whose key columns' values the other side also has, in input order. */
    private static List<String> expected(List<String> mine, List<String> theirs, List<String> keys) {
        Set<String> other = new HashSet<>();
        for (String line : theirs.subList(1, theirs.size())) {
            other.add(key(theirs.get(0), line, keys));
        }
        List<String> out = new ArrayList<>();
        out.add(mine.get(0));
        for (String line : mine.subList(1, mine.size())) {
            if (other.contains(key(mine.get(0), line, keys))) {
                out.add(line);
            }
        }
        return out;
    }

    private static String key(String header, String line, List<String> keys) {
        List<String> columns = List.of(header.split(",", -1));
        String[] fields = line.split(",", -1);
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            parts.add(fields[columns.indexOf(k)].strip());
        }
        return String.join(",", parts);
    }

    private void assertSucceeded(Outcome o, String task) {
        assertEquals("SUCCESS", o.alice().path("status").asText(), o.alice() + "\n" + log(alice, task));
        assertEquals("SUCCESS", o.bob().path("status").asText(), o.bob() + "\n" + log(bob, task));
    }

    private void assertResult(Node n, String task, List<String> expected) throws Exception {
        assertEquals(String.join("\n", expected) + "\n", Files.readString(output(n, task), StandardCharsets.UTF_8));
    }

    private JsonNode report(Node n, String task) throws Exception {
        return TransportNodes.JSON.readTree(n.data.resolve("storage/out/" + task + ".csv.report.json").toFile());
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("recv_timeout_ms", "60000");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    /** @return the example external component shipped in {@code examples/components/intersection_count} */
    private static Path intersectionCount() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/components/intersection_count"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "examples/components/intersection_count is not above " + Path.of("").toAbsolutePath());
        return dir.resolve("examples/components/intersection_count");
    }

    private Reply register(Node n, JsonNode body) throws Exception {
        return TransportNodes.post(n.adminUrl("/v1/platform/schedule/component/register"), Map.of(), "application/json",
                TransportNodes.JSON.writeValueAsBytes(body));
    }

    private ObjectNode registration() throws Exception {
        ObjectNode body = TransportNodes.JSON.createObjectNode();
        body.put("imageUrl", "registry.example.org/hutong/intersection_count:1.0.0");
        body.set("component_info", TransportNodes.JSON.readTree(intersectionCount().resolve("component.json").toFile()));
        body.putObject("launch").putArray("command").add("python3")
                .add(intersectionCount().resolve("intersection_count.py").toString());
        return body;
    }

    /** Starts intersection_count on one node through the admin task API, counting {@code out/<input>}. */
    private void startCount(Node n, String task, String role, String input) throws Exception {
        startCount(n, task, role, input, "120");
    }

    private void startCount(Node n, String task, String role, String input, String timeoutSeconds) throws Exception {
        ObjectNode body = TransportNodes.JSON.createObjectNode();
        body.put("component", "intersection_count");
        body.put("version", "1.0.0");
        ObjectNode env = body.putObject("env");
        TransportNodes.ecdhPsiEnv(task, role, Map.of("timeout_seconds", timeoutSeconds)).forEach(env::put);
        env.remove("runtime.component.input.train_data");
        env.remove("runtime.component.output.train_data");
        env.put("runtime.component.input.data", "{\"namespace\":\"out\",\"name\":\"" + input + "\"}");
        env.put("runtime.component.output.result", "{\"namespace\":\"out\",\"name\":\"" + task + ".json\"}");
        Reply r = TransportNodes.post(n.adminUrl("/v1/admin/tasks"), Map.of(), "application/json",
                TransportNodes.JSON.writeValueAsBytes(body));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
    }

    /**
     * The env contract proven by a component written outside Java: both nodes register the Python example,
     * run it on their ECDH-PSI result, and the two processes exchange their counts through their nodes'
     * container API over PTP and report through system.callback. Forged callbacks and bad registrations
     * are refused with the envelope.
     */
    @Test
    @Order(0)
    void anExternalPythonComponentCountsThePsiResultAndBothPartiesExchangeTheCounts() throws Exception {
        for (Node n : List.of(alice, bob)) {
            Reply r = register(n, registration());
            assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
            assertEquals("intersection_count", r.json().path("data").path("componentName").asText());
        }
        List<String> a = csv("id,x", ids(0, 300, i -> "id" + i + ",a" + i));
        List<String> b = csv("id,y", ids(120, 500, i -> "id" + i + ",b" + i));
        assertSucceeded(run("psi-count", a, b, params(), 300), "psi-count");

        startCount(bob, "count-1", "host.0", "psi-count.csv");
        startCount(alice, "count-1", "guest.0", "psi-count.csv");
        for (Node n : List.of(alice, bob)) {
            JsonNode s = awaitEnd(n, "count-1", 300);
            String log = log(n, "count-1");
            assertEquals("SUCCESS", s.path("status").asText(), s + "\n" + log);
            assertEquals("intersection_count", s.path("component").asText());
            assertTrue(log.contains("counted 180 rows"), log);
            assertTrue(log.contains("callback: RUNNING") && log.contains("callback: SUCCESS"), log);
            JsonNode result = TransportNodes.JSON.readTree(n.data.resolve("storage/out/count-1.json").toFile());
            assertEquals(180, result.path("self_count").asInt(), result.toString());
            assertEquals(180, result.path("peer_count").asInt(), result.toString());
            assertTrue(result.path("match").asBoolean());
        }

        // A stranger on the east-west plane cannot set a task's state: no secret, a wrong one.
        String callback = "http://127.0.0.1:" + alice.eastWest + "/v1/platform/schedule/task/callback";
        byte[] forged = "{\"task_id\":\"count-1\",\"status\":\"FAILED\",\"role\":\"guest\"}".getBytes(StandardCharsets.UTF_8);
        for (String url : List.of(callback, callback + "?secret=" + "0".repeat(64))) {
            Reply r = TransportNodes.post(url, Map.of(), "application/json", forged);
            assertEquals(403, r.status(), new String(r.body(), StandardCharsets.UTF_8));
            assertEquals(403, r.json().path("code").asInt());
            assertTrue(r.json().path("data").isNull());
        }
        Reply garbage = TransportNodes.post(callback + "?secret=x", Map.of(), "application/json", "{\"task_id\":".getBytes());
        assertEquals(400, garbage.status());
        assertEquals(400, garbage.json().path("code").asInt());
        assertEquals("SUCCESS", status(alice, "count-1").path("status").asText());

        // Counts that differ: each process says so on stderr and the task fails.
        for (Node n : List.of(alice, bob)) {
            Path input = n.data.resolve("storage/out/uneven.csv");
            Files.writeString(input, n == alice ? "id\n1\n2\n3\n" : "id\n1\n2\n", StandardCharsets.UTF_8);
        }
        startCount(bob, "count-2", "host.0", "uneven.csv");
        startCount(alice, "count-2", "guest.0", "uneven.csv");
        for (Node n : List.of(alice, bob)) {
            JsonNode s = awaitEnd(n, "count-2", 300);
            String log = log(n, "count-2");
            assertEquals("FAILED", s.path("status").asText(), s + "\n" + log);
            assertTrue(log.contains("stderr: intersection_count: the counts differ"), log);
        }

        // Registrations that are malformed or too large are refused with the envelope.
        ObjectNode bad = registration();
        ((ObjectNode) bad.get("component_info")).put("componentName", "../x");
        Reply r = register(alice, bad);
        assertEquals(400, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.json().path("msg").asText().contains("componentName"), r.json().toString());
        ObjectNode noCommand = registration();
        ((ObjectNode) noCommand.get("launch")).putArray("command");
        r = register(alice, noCommand);
        assertEquals(400, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.json().path("msg").asText().contains("launch.command"), r.json().toString());
        RawHttp.Answer huge = RawHttp.send("127.0.0.1", alice.admin, "POST /v1/platform/schedule/component/register HTTP/1.1\r\n"
                + "Host: alice\r\nContent-Type: application/json\r\nContent-Length: " + (2L << 20) + "\r\n", 2L << 20, false);
        assertEquals(413, huge.status(), huge.raw());
        assertEquals(413, huge.json().path("code").asInt(), huge.raw());
    }

    @Test
    @Order(1)
    void emptyAndSingleItemSets() throws Exception {
        List<String> none = csv("id", List.of());
        List<String> one = csv("id", List.of("only"));
        Outcome o = run("psi-size-0", none, one, params(), 120);
        assertSucceeded(o, "psi-size-0");
        assertResult(alice, "psi-size-0", List.of("id"));
        assertResult(bob, "psi-size-0", List.of("id"));
        assertEquals(1.0, o.alice().path("progress").asDouble());

        o = run("psi-size-1", one, one, params(), 120);
        assertSucceeded(o, "psi-size-1");
        assertResult(alice, "psi-size-1", one);
        assertResult(bob, "psi-size-1", one);
        assertEquals(1, report(bob, "psi-size-1").path("intersection_count").asInt());
    }

    @Test
    @Order(2)
    void tenThousandRowsWithDuplicatesNonAsciiIdsAndTwoKeyColumns() throws Exception {
        // alice: id,name,score; bob: name,id (other column order, padded values); keys id + name
        List<String> a = csv("id,name,score", ids(0, 10_000, i -> "u" + i + ",姓名" + (i % 5) + "," + i * 0.5));
        a.add("u7000,姓名0,dup");   // a duplicate of a common row: reported twice
        List<String> b = csv("name,id", ids(7_000, 13_000, i -> " 姓名" + (i % 5 == 3 ? 9 : i % 5) + " ,u" + i));
        b.add("姓名0,u7000");
        Map<String, String> p = params("field_names", "id,name", "algo", "ecdh_psi", "protocol_families", "ecc",
                "curve_type", "curve25519", "hash_type", "sha_256", "hash2curve_strategy", "direct_hash_as_point_x",
                "point_octet_format", "uncompressed", "bit_length_after_truncated", "-1", "result_to_rank", "-1");
        Outcome o = run("psi-10k", a, b, p, 300);
        assertSucceeded(o, "psi-10k");
        List<String> expectedA = expected(a, b, List.of("id", "name"));
        List<String> expectedB = expected(b, a, List.of("id", "name"));
        assertEquals(2_400 + 2, expectedA.size(), "3 000 common ids, 4 of 5 names agree, plus the duplicate");
        assertResult(alice, "psi-10k", expectedA);
        assertResult(bob, "psi-10k", expectedB);
        JsonNode report = report(alice, "psi-10k");
        assertEquals(10_001, report.path("self_items").asLong());
        assertEquals(6_001, report.path("peer_items").asLong());
        assertEquals(2_401, report.path("intersection_count").asLong());
        assertEquals("hutong-fast", report.path("x25519_provider").asText(), "the highest-ranked provider");
        assertTrue(log(alice, "psi-10k").contains("handshake done"), log(alice, "psi-10k"));
    }

    @Test
    @Order(3)
    void disjointAndIdenticalSets() throws Exception {
        List<String> a = csv("id", ids(0, 2_000, i -> "a" + i));
        List<String> b = csv("id", ids(0, 2_000, i -> "b" + i));
        Outcome o = run("psi-disjoint", a, b, params(), 300);
        assertSucceeded(o, "psi-disjoint");
        assertResult(alice, "psi-disjoint", List.of("id"));
        assertResult(bob, "psi-disjoint", List.of("id"));

        o = run("psi-identical", a, a, params(), 300);
        assertSucceeded(o, "psi-identical");
        assertResult(alice, "psi-identical", a);
        assertResult(bob, "psi-identical", a);
    }

    @Test
    @Order(4)
    void resultToOneRankOnly() throws Exception {
        List<String> a = csv("id", ids(0, 3_000, i -> "x" + i));
        List<String> b = csv("id", ids(1_000, 5_000, i -> "x" + i));
        Outcome o = run("psi-to-bob", a, b, params("result_to_rank", "1"), 300);
        assertSucceeded(o, "psi-to-bob");
        assertFalse(Files.exists(output(alice, "psi-to-bob")), "alice (rank 0) does not learn the intersection");
        assertResult(bob, "psi-to-bob", expected(b, a, List.of("id")));
        assertFalse(report(alice, "psi-to-bob").path("received_result").asBoolean());
        assertEquals(2_000, report(bob, "psi-to-bob").path("intersection_count").asLong());
    }

    @Test
    @Order(5)
    void sm2Suite() throws Exception {
        List<String> a = csv("id", ids(0, 600, i -> "s" + i));
        List<String> b = csv("id", ids(400, 1_000, i -> "s" + i));
        Outcome o = run("psi-sm2", a, b, params("curve_type", "sm2", "hash_type", "sha_256", "hash2curve_strategy",
                "try_and_rehash", "point_octet_format", "x962_compressed"), 300);
        assertSucceeded(o, "psi-sm2");
        assertResult(alice, "psi-sm2", expected(a, b, List.of("id")));
        assertResult(bob, "psi-sm2", expected(b, a, List.of("id")));
        assertEquals("sm2", report(alice, "psi-sm2").path("curve_type").asText());
    }

    @Test
    @Order(6)
    void mismatchedParametersAreRefusedOnBothSides() throws Exception {
        List<String> a = csv("id", List.of("1"));
        writeInput(alice, "psi-refused", a);
        writeInput(bob, "psi-refused", a);
        startTask(bob, "psi-refused", "host.0", params("curve_type", "sm2"));
        startTask(alice, "psi-refused", "guest.0", params());
        JsonNode ra = awaitEnd(alice, "psi-refused", 120);
        JsonNode rb = awaitEnd(bob, "psi-refused", 120);
        assertEquals("FAILED", ra.path("status").asText());
        assertEquals("FAILED", rb.path("status").asText());
        assertTrue(ra.path("reason").asText().contains("handshake refused"), ra.toString());
        assertTrue(rb.path("reason").asText().contains("HANDSHAKE_REFUSED"), rb.toString());

        // a bad parameter fails at once, naming it
        writeInput(alice, "psi-bad", a);
        startTask(alice, "psi-bad", "guest.0", params("result_to_rank", "7"));
        JsonNode bad = awaitEnd(alice, "psi-bad", 60);
        assertEquals("FAILED", bad.path("status").asText());
        assertTrue(bad.path("reason").asText().contains("result_to_rank"), bad.toString());
    }

    @Test
    @Order(7)
    void hundredThousandRowsWhileTheAlgorithmBundleIsUpdated() throws Exception {
        List<String> a = csv("id", ids(0, 100_000, i -> "id" + i));
        List<String> b = csv("id", ids(70_000, 170_000, i -> "id" + i));
        writeInput(alice, "psi-100k", a);
        writeInput(bob, "psi-100k", b);
        long before = bundle(bob, "io.hutong.algo.ecdhpsi").path("id").asLong();
        startTask(bob, "psi-100k", "host.0", params());
        startTask(alice, "psi-100k", "guest.0", params());
        awaitProgress(bob, "psi-100k", 0.2);
        // the running tasks keep the code they started with (CR7); the next task runs on the updated bundle
        TransportIT.updateBundle(alice, "io.hutong.algo.ecdhpsi");
        TransportIT.updateBundle(bob, "io.hutong.algo.ecdhpsi");
        JsonNode ra = awaitEnd(alice, "psi-100k", 900);
        JsonNode rb = awaitEnd(bob, "psi-100k", 900);
        assertSucceeded(new Outcome(ra, rb), "psi-100k");
        assertResult(alice, "psi-100k", expected(a, b, List.of("id")));
        assertResult(bob, "psi-100k", expected(b, a, List.of("id")));
        JsonNode report = report(bob, "psi-100k");
        assertEquals(30_000, report.path("intersection_count").asLong());
        System.out.println("ECDH-PSI 100 000 x 100 000 between two nodes: " + report);

        assertEquals(before, bundle(bob, "io.hutong.algo.ecdhpsi").path("id").asLong(), "updated in place");
        List<String> small = csv("id", ids(0, 100, i -> "again" + i));
        Outcome o = runWhenRegistered("psi-after-update", small, small);
        assertSucceeded(o, "psi-after-update");
        assertResult(alice, "psi-after-update", small);
    }

    /** Runs once the updated component is registered again on both nodes. */
    private Outcome runWhenRegistered(String task, List<String> a, List<String> b) throws Exception {
        for (Node n : List.of(alice, bob)) {
            NodeProcess.until("the updated bundle active again on " + n.id, NodeProcess.EFFECT,
                    () -> "Active".equals(bundle(n, "io.hutong.algo.ecdhpsi").path("state").asText())
                            && TransportNodes.send(n.adminUrl("/v1/admin/status"), "GET", Map.of(), null, null).status() == 200,
                    ok -> ok);
            // its DS component registers right after the bundle starts: the runtime lists it then
            NodeProcess.until("ecdh_psi registered on " + n.id, NodeProcess.EFFECT, () -> components(n),
                    names -> names.stream().anyMatch(c -> c.equals("ecdh_psi") || c.startsWith("ecdh_psi ")));
        }
        return run(task, a, b, params(), 120);
    }

    /** @return the components the node's runtime lists in its health ({@code name version}) */
    private static List<String> components(Node n) {
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode h : TransportNodes.send(n.adminUrl("/v1/admin/status"), "GET", Map.of(), null, null).json()
                .path("data").path("health").path("component")) {
            if ("runtime".equals(h.path("name").asText())) {
                h.path("details").path("components").forEach(c -> names.add(c.asText()));
            }
        }
        return names;
    }

    private JsonNode bundle(Node n, String symbolicName) throws Exception {
        String auth = n.consoleLogin();
        Reply list = TransportNodes.send(n.adminUrl("/system/console/bundles.json"), "GET", Map.of("Authorization",
                auth), null, null);
        for (JsonNode b : list.json().path("data")) {
            if (symbolicName.equals(b.path("symbolicName").asText())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " not installed on " + n.id);
    }

    @Test
    @Order(8)
    void aPeerThatStopsMidRunFailsTheTaskOnBothSidesInBoundedTime() throws Exception {
        List<String> a = csv("id", ids(0, 40_000, i -> "p" + i));
        writeInput(alice, "psi-stop", a);
        writeInput(bob, "psi-stop", a);
        Map<String, String> p = params("recv_timeout_ms", "10000");
        startTask(bob, "psi-stop", "host.0", p);
        startTask(alice, "psi-stop", "guest.0", p);
        awaitProgress(bob, "psi-stop", 0.2);
        // bob's operator stops his side
        Reply cancelled = TransportNodes.send(bob.adminUrl("/v1/admin/tasks/psi-stop"), "DELETE", Map.of(), null, null);
        assertEquals(200, cancelled.status(), new String(cancelled.body(), StandardCharsets.UTF_8));
        long start = System.nanoTime();
        JsonNode rb = awaitEnd(bob, "psi-stop", 30);
        JsonNode ra = awaitEnd(alice, "psi-stop", 90);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals("FAILED", rb.path("status").asText(), rb.toString());
        assertEquals("FAILED", ra.path("status").asText(), ra.toString());
        assertTrue(rb.path("reason").asText().contains("cancelled"), rb.toString());
        // alice learns it either from bob's transport (the session he released refuses her next message) or,
        // when nothing of hers is in flight, from the receive timeout
        String why = ra.path("reason").asText();
        assertTrue(why.contains("session session_psi-stop has been released") || why.contains("it stopped or the link is down"),
                ra.toString());
        assertTrue(seconds < 60, "alice failed after " + seconds + " s");
    }

    @Test
    @Order(9)
    void aPeerWhoseNodeStopsMidRunFailsTheTaskInBoundedTime() throws Exception {
        List<String> a = csv("id", ids(0, 40_000, i -> "q" + i));
        writeInput(alice, "psi-node-gone", a);
        writeInput(bob, "psi-node-gone", a);
        Map<String, String> p = params("recv_timeout_ms", "10000");
        startTask(bob, "psi-node-gone", "host.0", p);
        startTask(alice, "psi-node-gone", "guest.0", p);
        awaitProgress(bob, "psi-node-gone", 0.2);
        bob.process.destroyForcibly();   // bob's node dies: nothing tells alice
        long start = System.nanoTime();
        JsonNode ra = awaitEnd(alice, "psi-node-gone", 90);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals("FAILED", ra.path("status").asText(), ra.toString());
        assertTrue(ra.path("reason").asText().contains("it stopped or the link is down"), ra.toString());
        assertTrue(seconds < 60, "alice failed after " + seconds + " s");
    }

    /** After test 9 killed bob's node: started again, it still offers the component registered before (EXT1). */
    @Test
    @Order(10)
    void anExternalComponentRegisteredBeforeARestartIsStillOffered() throws Exception {
        if (bob.process.isAlive()) {
            TransportNodes.stop(bob); // run without test 9
        }
        bob.process.waitFor();
        // the killed node left its ready.json behind: the restarted node writes a new one when it is ready
        Files.deleteIfExists(bob.data.resolve("run/ready.json"));
        nodes.launch(bob);
        String status = new String(TransportNodes.send(bob.adminUrl("/v1/admin/status"), "GET", Map.of(), null, null).body(),
                StandardCharsets.UTF_8);
        assertTrue(status.contains("intersection_count 1.0.0"), "the runtime lists it: " + status);
        startCount(bob, "count-after-restart", "host.0", "psi-count.csv", "2");
        JsonNode s = awaitEnd(bob, "count-after-restart", 300);
        String log = log(bob, "count-after-restart");
        assertEquals("FAILED", s.path("status").asText(), s + "\n" + log);
        assertTrue(log.contains("counted 180 rows"), "the registered script ran: " + log);
        assertTrue(log.contains("stderr: intersection_count: no count from guest.0"), log);
    }
}
