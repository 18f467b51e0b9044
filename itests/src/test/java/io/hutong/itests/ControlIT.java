/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.itests.algorithm.CopyAlgorithm;
import io.hutong.itests.algorithm.LateLoaded;

/**
 * The control layer between three real nodes (issue 11): alice initiates, bob takes part, carol is an independent
 * scheduler. Contracts, datasets and job approvals go through the operator API as an operator makes them; jobs are
 * created on alice's platform API ({@code /v1/platform/schedule/job/create_all}) and run by the scheduler the
 * configuration names. The nodes are shared by the tests; the one that kills carol runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = NodeProcess.EFFECT;

    @TempDir
    static Path tmp;

    final TransportNodes cluster = new TransportNodes(tmp);
    TransportNodes.Node alice;
    TransportNodes.Node bob;
    TransportNodes.Node carol;

    @BeforeAll
    void start() throws Exception {
        List<CompletableFuture<TransportNodes.Node>> starting = new ArrayList<>();
        for (String id : List.of("alice", "bob", "carol")) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return node(id);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        alice = starting.get(0).get(NodeProcess.START.toSeconds() + 60, TimeUnit.SECONDS);
        bob = starting.get(1).get(NodeProcess.START.toSeconds() + 60, TimeUnit.SECONDS);
        carol = starting.get(2).get(NodeProcess.START.toSeconds() + 60, TimeUnit.SECONDS);
        contract(alice, bob);
        contract(alice, carol);
        contract(bob, carol);
        route(alice, bob);
        route(bob, alice);
        // alice has ids 0..999, bob 500..1499: 500 in common
        StringBuilder a = new StringBuilder("id,x\n");
        StringBuilder b = new StringBuilder("id,y\n");
        for (int i = 0; i < 1000; i++) {
            a.append("id").append(i).append(',').append(i).append('\n');
            b.append("id").append(i + 500).append(',').append(i).append('\n');
        }
        publish(alice, "alice_ids", a.toString());
        publish(bob, "bob_ids", b.toString());
        ok(post(alice, "/v1/admin/audits/dataset", Map.of("peer_node_id", "bob", "dataset_id", "bob_ids", "times_limit", 100)));
        approve(bob, "dataset", "alice");
        awaitData(alice, "/v1/admin/permits", d -> d.toString().contains("bob_ids"), "alice holding bob's dataset permit");
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private TransportNodes.Node node(String id) throws Exception {
        TransportNodes.Node n = new TransportNodes.Node(id, tmp.resolve(id), NodeOptions.freePort(), NodeOptions.freePort());
        n.home = TransportNodes.ownHome(tmp.resolve(id + "-home"));
        TestBundles.writeComponents(n.deploy().resolve("itest-copy.jar"), "io.hutong.itests.copy", "1.0.0",
                "org.osgi.framework,io.hutong.api.component,io.hutong.api.transport",
                Map.of(CopyAlgorithm.VERSION_HEADER, "1.0.0"), CopyAlgorithm.class, LateLoaded.class);
        cluster.adopt(n);
        cluster.launch(n);
        return n;
    }

    // ---------------------------------------------------------------- the operator API

    static Http.Reply post(TransportNodes.Node n, String path, Object body) throws Exception {
        return Http.post(n.adminUrl(path), null, null, "application/json", JSON.writeValueAsBytes(body));
    }

    static Http.Reply get(TransportNodes.Node n, String path) {
        return Http.get(n.adminUrl(path));
    }

    static JsonNode ok(Http.Reply r) {
        assertEquals(200, r.status(), r.body());
        return r.json().path("data");
    }

    static JsonNode awaitData(TransportNodes.Node n, String path, java.util.function.Predicate<JsonNode> done, String what) {
        return NodeProcess.until(what, WAIT, () -> get(n, path), r -> r.status() == 200 && done.test(r.json().path("data")))
                .json().path("data");
    }

    /** Approves the first pending application of {@code kind} from {@code from} on {@code n}. */
    static void approve(TransportNodes.Node n, String kind, String from) throws Exception {
        JsonNode apps = awaitData(n, "/v1/admin/applications", d -> pendingId(d, kind, from) != null, kind + " application at " + n.id);
        String id = pendingId(apps, kind, from);
        ok(post(n, kind.equals("contract") ? "/v1/admin/contracts/" + id + "/approve" : "/v1/admin/audits/" + kind + "/" + id + "/approve",
                Map.of()));
    }

    static String pendingId(JsonNode apps, String kind, String from) {
        for (JsonNode a : apps) {
            if (a.path("kind").asText().equalsIgnoreCase(kind) && a.path("from_node_id").asText().equals(from)) {
                return a.path("id").asText();
            }
        }
        return null;
    }

    static void contract(TransportNodes.Node from, TransportNodes.Node to) throws Exception {
        ok(post(from, "/v1/admin/contracts", Map.of("peer_address", "http://127.0.0.1:" + to.eastWest, "peer_node_id", to.id)));
        approve(to, "contract", from.id);
        NodeProcess.until("contract " + from.id + " - " + to.id + " approved", WAIT, () -> get(from, "/v1/admin/contracts"),
                r -> {
                    for (JsonNode c : r.json().path("data")) {
                        if (c.path("peer_node_id").asText().equals(to.id) && c.path("status").asText().equals("APPROVED")) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    static void route(TransportNodes.Node on, TransportNodes.Node to) throws Exception {
        Http.Reply r = Http.send("PUT", on.adminUrl("/v1/admin/routes/" + to.id), "application/json",
                JSON.writeValueAsBytes(Map.of("address", "127.0.0.1:" + to.eastWest, "protocol", "http", "mode", "encapsulation")),
                "Authorization", "Bearer " + Http.ADMIN_TOKEN);
        assertEquals(200, r.status(), r.body());
    }

    static void publish(TransportNodes.Node n, String id, String csv) throws Exception {
        Path file = n.data.resolve("storage/demo/" + id + ".csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
        ok(post(n, "/v1/admin/datasets", Map.of("file", "storage/demo/" + id + ".csv", "dataset_id", id, "join_columns", "id")));
    }

    // ---------------------------------------------------------------- jobs

    static String newJobId() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return "job-" + HexFormat.of().formatHex(b);
    }

    static ObjectNode component(ObjectNode dag, String name, String componentName, String input, String output) {
        ObjectNode c = ((com.fasterxml.jackson.databind.node.ArrayNode) dag.withArray("components")).addObject();
        c.put("name", name).put("componentName", componentName).put("provider", "hutong").put("version", "1.0.0");
        if (input == null) {
            c.putArray("input");
        } else {
            c.putArray("input").addObject().put("key", input).put("type", "dataset");
        }
        c.putArray("output").addObject().put("key", output).put("type", "dataset");
        return c;
    }

    static ObjectNode dag() {
        return JSON.createObjectNode().put("version", "2.0");
    }

    /** A configuration: alice guest.0 (initiator), bob host.0; {@code scheduler} and {@code sync} in job_params.common. */
    static ObjectNode config(String scheduler, String sync) {
        ObjectNode c = JSON.createObjectNode().put("version", "2.0.0");
        c.putObject("initiator").put("role", "guest").put("node_id", "alice");
        c.putObject("role").putArray("guest").add("alice");
        ((ObjectNode) c.get("role")).putArray("host").add("bob");
        ObjectNode common = c.putObject("job_params").putObject("common").put("sync_type", sync);
        if (scheduler != null) {
            common.put("scheduler", scheduler);
        }
        ObjectNode tp = c.putObject("task_params");
        tp.putObject("common");
        tp.putObject("guest").putObject("0");
        tp.putObject("host").putObject("0");
        return c;
    }

    static ObjectNode taskCommon(ObjectNode config, String instance) {
        return ((ObjectNode) config.path("task_params").path("common")).putObject(instance);
    }

    static ObjectNode party(ObjectNode config, String role, String instance) {
        return ((ObjectNode) config.path("task_params").path(role).path("0")).putObject(instance);
    }

    static void psi(ObjectNode dag, ObjectNode config) {
        component(dag, "psi_0", "ecdh_psi", null, "train_data");
        taskCommon(config, "psi_0").put("field_names", "id").put("result_to_rank", "-1").put("curve_type", "curve25519");
        party(config, "guest", "psi_0").put("dataset_id", "alice_ids");
        party(config, "host", "psi_0").put("dataset_id", "bob_ids");
    }

    /** bob approves job {@code jobId} as alice applies for it. */
    void approveJob(String jobId, ObjectNode dag, ObjectNode config) throws Exception {
        ok(post(alice, "/v1/admin/audits/job", Map.of("peer_node_id", "bob", "job_id", jobId, "flow_id", "f1", "name", "itest job",
                "project_id", "p1", "dag", dag, "conf", config)));
        approve(bob, "job", "alice");
        awaitData(alice, "/v1/admin/audits?kind=job", d -> {
            for (JsonNode a : d) {
                if (a.path("resource_id").asText().equals(jobId) && a.path("status").asText().equals("APPROVED")) {
                    return true;
                }
            }
            return false;
        }, "bob's approval of " + jobId);
    }

    Http.Reply create(String jobId, ObjectNode dag, ObjectNode config) throws Exception {
        return post(alice, "/v1/platform/schedule/job/create_all", Map.of("job_id", jobId, "flow_id", "f1", "dag", dag, "config", config));
    }

    static JsonNode status(TransportNodes.Node n, String jobId) {
        return ok(get(n, "/v1/platform/schedule/job/status_all?job_id=" + jobId));
    }

    static JsonNode awaitFinished(TransportNodes.Node n, String jobId) {
        return NodeProcess.until("job " + jobId + " FINISHED on " + n.id, WAIT,
                () -> get(n, "/v1/platform/schedule/job/status_all?job_id=" + jobId),
                r -> r.status() == 200 && "FINISHED".equals(r.json().path("data").path("job_status").asText())).json().path("data");
    }

    /** @return the scheduler's task rows of {@code instance}, once every party has it in {@code state} */
    static List<JsonNode> awaitTask(TransportNodes.Node scheduler, String jobId, String instance, String state) {
        JsonNode d = NodeProcess.until(instance + " " + state + " on both parties", WAIT, () -> status(scheduler, jobId), s -> {
            int n = 0;
            for (JsonNode t : s.path("tasks")) {
                if (t.path("task_name").asText().equals(instance) && t.path("status").asText().equals(state)) {
                    n++;
                }
            }
            return n == 2;
        });
        List<JsonNode> out = new ArrayList<>();
        d.path("tasks").forEach(t -> {
            if (t.path("task_name").asText().equals(instance)) {
                out.add(t);
            }
        });
        return out;
    }

    static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- the tests

    @Test
    @Order(1)
    void theGovernedPsiJobRunsInPollModeWithTheInitiatorAsScheduler() throws Exception {
        String jobId = newJobId();
        ObjectNode dag = dag();
        ObjectNode config = config(null, "poll");
        psi(dag, config);
        approveJob(jobId, dag, config);
        assertEquals(jobId, ok(create(jobId, dag, config)).path("job_id").asText());

        JsonNode done = awaitFinished(alice, jobId);
        assertEquals("SUCCESS", done.path("outcome").asText(), done.toString());
        String taskId = done.path("tasks").get(0).path("task_id").asText();
        assertEquals("SUCCESS", done.path("status").path(taskId).asText(), done.toString());
        // each party holds its own rows of the 500 common ids, where the scheduler named the output (spec 30 §3.4)
        assertEquals(501, lines(alice.data.resolve("storage/" + jobId + "-guest-0/" + taskId + "-train_data")).size());
        assertEquals(501, lines(bob.data.resolve("storage/" + jobId + "-host-0/" + taskId + "-train_data")).size());
        // bob, a participant, ends the job by itself once its tasks have ended, and lists it
        awaitData(bob, "/v1/platform/schedule/job/query_job_list", d -> "FINISHED".equals(d.path("job_list").path(jobId).asText()),
                "bob listing " + jobId + " FINISHED");
        // the task's log on the platform API
        int num = ok(get(alice, "/v1/platform/schedule/task/get_log_line?task_id=" + taskId + "&log_level=info")).path("num").asInt();
        assertTrue(num > 0, "the task log has lines");
        String two = ok(get(alice, "/v1/platform/schedule/task/get_log?task_id=" + taskId + "&log_level=info&start=0&length=2"))
                .path("data").asText();
        assertEquals(2, two.split("\n").length, two);
        assertEquals(400, get(alice, "/v1/platform/schedule/task/get_log?task_id=" + taskId + "&log_level=loud&start=0").status());
        // the platform API describes itself
        JsonNode api = JSON.readTree(get(alice, "/v1/platform/schedule/openapi.json").body());
        for (String p : List.of("job/create_all", "job/stop_all", "job/stop_task", "job/status_all", "job/query_job_list",
                "task/get_log_line", "task/get_log")) {
            assertTrue(api.path("paths").has("/v1/platform/schedule/" + p), p + " described: " + api.path("paths"));
        }
    }

    @Test
    @Order(2)
    void aDagRunsInCallbackModeWithAnIndependentScheduler() throws Exception {
        String jobId = newJobId();
        ObjectNode dag = dag();
        ObjectNode config = config("carol", "callback");
        psi(dag, config);
        component(dag, "copy_1", "itest_copy", "psi_0.train_data", "result");
        approveJob(jobId, dag, config);
        ok(create(jobId, dag, config));

        JsonNode done = awaitFinished(carol, jobId);
        assertEquals("SUCCESS", done.path("outcome").asText(), done.toString());
        assertEquals(4, done.path("tasks").size(), "two tasks on two parties: " + done);
        // alice's platform API asks the scheduler, carol
        assertEquals("FINISHED", status(alice, jobId).path("job_status").asText());
        String copyTask = null;
        for (JsonNode t : done.path("tasks")) {
            if (t.path("task_name").asText().equals("copy_1")) {
                copyTask = t.path("task_id").asText();
            }
        }
        // the downstream task read the PSI result of its own node (its input named by the scheduler)
        List<String> copied = lines(bob.data.resolve("storage/" + jobId + "-host-0/" + copyTask + "-result"));
        assertTrue(copied.contains("id,y") && copied.contains("id500,0"), copied.subList(0, Math.min(6, copied.size())).toString());
        assertEquals(3 + 501, copied.size(), "the copy's 3 lines of its own and the 501 lines of bob's PSI result");
    }

    @Test
    @Order(3)
    void aJobIsRefusedOnAParticipantThatDidNotApproveIt() throws Exception {
        String jobId = newJobId();
        ObjectNode dag = dag();
        ObjectNode config = config(null, "poll");
        psi(dag, config);
        Http.Reply r = create(jobId, dag, config);
        assertEquals(403, r.status(), r.body());
        assertEquals(403, r.json().path("code").asInt(), r.body());
        assertTrue(r.json().path("msg").asText().contains("node bob has not approved job " + jobId), r.body());
        assertEquals("REJECTED", ok(get(alice, "/v1/platform/schedule/job/query_job_list")).path("job_list").path(jobId).asText());
        assertEquals(404, get(bob, "/v1/platform/schedule/job/status_all?job_id=" + jobId).status(), "nothing was created on bob");

        // the platform API takes only the operator's well-formed work, in the envelope
        String createAll = alice.adminUrl("/v1/platform/schedule/job/create_all");
        Http.Reply stranger = Http.send("POST", createAll, "application/json", "{}".getBytes());
        assertEquals(401, stranger.status(), stranger.body());
        assertEquals(401, stranger.json().path("code").asInt(), stranger.body());
        Http.Reply malformed = Http.post(createAll, null, null, "application/json", "{\"dag\":".getBytes());
        assertEquals(400, malformed.json().path("code").asInt(), malformed.body());
        assertTrue(malformed.json().path("msg").asText().startsWith("invalid JSON body"), malformed.body());
        Http.Reply missing = Http.post(createAll, null, null, "application/json", "{}".getBytes());
        assertEquals("config is required; dag is required", missing.json().path("msg").asText(), missing.body());
        Http.Reply wrongType = Http.post(createAll, null, null, "application/json",
                "{\"job_id\":7,\"dag\":[],\"config\":\"x\"}".getBytes());
        assertEquals(400, wrongType.status(), wrongType.body());
        assertEquals(400, wrongType.json().path("code").asInt(), wrongType.body());
        RawHttp.Answer big = RawHttp.send("127.0.0.1", alice.admin, "POST /v1/platform/schedule/job/create_all HTTP/1.1\r\nHost: a\r\n"
                + "Content-Type: application/json\r\nAuthorization: Bearer " + Http.ADMIN_TOKEN + "\r\nContent-Length: " + (2 << 20)
                + "\r\n", 2 << 20, false);
        assertEquals(413, big.status(), big.raw());
        assertEquals(413, big.json().path("code").asInt(), big.raw());

        // approved, but what alice creates is not what bob approved
        approveJob(jobId, dag, config);
        String other = newJobId();
        ObjectNode changed = config.deepCopy();
        ((ObjectNode) changed.path("task_params").path("common").path("psi_0")).put("curve_type", "sm2");
        approveJob(other, dag, config);
        Http.Reply differs = create(other, dag, changed);
        assertEquals(403, differs.status(), differs.body());
        assertTrue(differs.json().path("msg").asText().contains("differs from the job node bob approved"), differs.body());
    }

    /** The scheduler's node ending its own part first does not end the job: bob still runs. */
    @Test
    @Order(4)
    void aJobRunsUntilEveryPartyHasEndedNotJustTheSchedulersOwnNode() throws Exception {
        Path go = tmp.resolve("go-bob-" + System.nanoTime());
        String jobId = newJobId();
        ObjectNode dag = dag();
        component(dag, "copy_0", "itest_copy", null, "result");
        ObjectNode config = config(null, "poll");
        party(config, "guest", "copy_0").put("dataset_id", "alice_ids");
        party(config, "host", "copy_0").put("dataset_id", "bob_ids").put("wait_for", go.toString());
        approveJob(jobId, dag, config);
        ok(create(jobId, dag, config));
        NodeProcess.until("alice's own run ending", WAIT, () -> status(alice, jobId).path("runs"),
                runs -> runs.size() == 1 && "SUCCESS".equals(runs.get(0).path("status").asText()));
        JsonNode meanwhile = status(alice, jobId);
        assertEquals("RUNNING", meanwhile.path("job_status").asText(), "bob has not ended yet: " + meanwhile);
        Files.writeString(go, "go");
        JsonNode done = awaitFinished(alice, jobId);
        assertEquals("SUCCESS", done.path("outcome").asText(), done.toString());
    }

    @Test
    @Order(5)
    void aFailedTaskStopsTheJobEverywhereAndAParticipantCanStopAJob() throws Exception {
        Path never = tmp.resolve("never-created");
        // bob's task fails; alice's waits: the scheduler stops alice's, which ends FAILED
        String failing = newJobId();
        ObjectNode dag = dag();
        component(dag, "copy_0", "itest_copy", null, "result");
        ObjectNode config = config(null, "poll");
        party(config, "guest", "copy_0").put("dataset_id", "alice_ids").put("wait_for", never.toString());
        party(config, "host", "copy_0").put("dataset_id", "bob_ids").put("fail", "boom");
        approveJob(failing, dag, config);
        ok(create(failing, dag, config));
        JsonNode failed = awaitFinished(alice, failing);
        assertEquals("FAILED", failed.path("outcome").asText(), failed.toString());
        assertTrue(failed.path("reason").asText().contains("failed on node bob"), failed.toString());
        JsonNode aliceRun = NodeProcess.until("alice's run stopped", WAIT, () -> status(alice, failing).path("runs").get(0),
                run -> "FAILED".equals(run.path("status").asText()));
        assertTrue(aliceRun.path("reason").asText().startsWith("stopped"), aliceRun.toString());

        // both wait; bob, a participant, asks for the stop on his own platform API
        String waiting = newJobId();
        ObjectNode config2 = config(null, "poll");
        taskCommon(config2, "copy_0").put("wait_for", never.toString());
        party(config2, "guest", "copy_0").put("dataset_id", "alice_ids");
        party(config2, "host", "copy_0").put("dataset_id", "bob_ids");
        approveJob(waiting, dag, config2);
        ok(create(waiting, dag, config2));
        awaitTask(alice, waiting, "copy_0", "RUNNING");
        ok(post(bob, "/v1/platform/schedule/job/stop_all", Map.of("job_id", waiting)));
        JsonNode stopped = awaitFinished(alice, waiting);
        assertEquals("STOPPED", stopped.path("outcome").asText(), stopped.toString());
        for (TransportNodes.Node n : List.of(alice, bob)) {
            JsonNode run = NodeProcess.until(n.id + "'s run stopped", WAIT, () -> status(n, waiting).path("runs").get(0),
                    r -> "FAILED".equals(r.path("status").asText()));
            String taskId = run.path("task_id").asText();
            // the component runtime ended the task itself (it was cancelled, not left running)
            NodeProcess.until(n.id + "'s task cancelled", WAIT, () -> get(n, "/v1/admin/tasks/" + taskId),
                    r -> r.status() == 200 && "FAILED".equals(r.json().path("data").path("status").asText()));
        }
    }

    /** A participant killed mid-job loses its in-process task (CR3): after its restart the job ends FAILED everywhere. */
    @Test
    @Order(7)
    void aParticipantKilledMidJobEndsTheJobFailedAfterItsRestart() throws Exception {
        String jobId = newJobId();
        ObjectNode dag = dag();
        component(dag, "copy_0", "itest_copy", null, "result");
        ObjectNode config = config(null, "poll");
        taskCommon(config, "copy_0").put("wait_for", tmp.resolve("never-" + System.nanoTime()).toString());
        party(config, "guest", "copy_0").put("dataset_id", "alice_ids");
        party(config, "host", "copy_0").put("dataset_id", "bob_ids");
        approveJob(jobId, dag, config);
        ok(create(jobId, dag, config));
        awaitTask(alice, jobId, "copy_0", "RUNNING");

        bob.process.destroyForcibly();
        assertTrue(bob.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals("RUNNING", status(alice, jobId).path("job_status").asText(), "an unreachable party is not yet a failed one");
        Files.deleteIfExists(bob.data.resolve("run/ready.json"));
        cluster.launch(bob);
        JsonNode done = awaitFinished(alice, jobId);
        assertEquals("FAILED", done.path("outcome").asText(), done.toString());
        assertTrue(done.path("reason").asText().contains("on node bob"), done.toString());
        JsonNode aliceRun = NodeProcess.until("alice's run stopped", WAIT, () -> status(alice, jobId).path("runs").get(0),
                r -> "FAILED".equals(r.path("status").asText()));
        assertTrue(aliceRun.path("reason").asText().startsWith("stopped"), aliceRun.toString());
    }

    @Test
    @Order(8)
    void aSchedulerKilledMidJobResumesAfterItsRestart() throws Exception {
        Path go = tmp.resolve("go-" + System.nanoTime());
        String jobId = newJobId();
        ObjectNode dag = dag();
        component(dag, "copy_0", "itest_copy", null, "result");
        component(dag, "copy_1", "itest_copy", "copy_0.result", "result");
        ObjectNode config = config("carol", "poll");
        taskCommon(config, "copy_0").put("wait_for", go.toString());
        party(config, "guest", "copy_0").put("dataset_id", "alice_ids");
        party(config, "host", "copy_0").put("dataset_id", "bob_ids");
        approveJob(jobId, dag, config);
        ok(create(jobId, dag, config));
        String copy0 = awaitTask(carol, jobId, "copy_0", "RUNNING").get(0).path("task_id").asText();

        carol.process.destroyForcibly(); // SIGKILL: no shutdown of any kind
        assertTrue(carol.process.waitFor(60, TimeUnit.SECONDS));
        Files.writeString(go, "go");
        // the parties finish copy_0 while their scheduler is gone; asked about the job, they say it cannot be reached
        for (TransportNodes.Node n : List.of(alice, bob)) {
            NodeProcess.until(n.id + " finishing copy_0", WAIT, () -> get(n, "/v1/admin/tasks/" + copy0),
                    r -> r.status() == 200 && "SUCCESS".equals(r.json().path("data").path("status").asText()));
        }
        Http.Reply away = get(alice, "/v1/platform/schedule/job/status_all?job_id=" + jobId);
        assertEquals(503, away.status(), away.body());
        assertTrue(away.json().path("msg").asText().startsWith("node carol is not reachable"), away.body());
        Files.deleteIfExists(carol.data.resolve("run/ready.json")); // a killed node leaves its last one behind
        cluster.launch(carol);
        JsonNode done = awaitFinished(carol, jobId);
        assertEquals("SUCCESS", done.path("outcome").asText(), done.toString());
        assertEquals(4, done.path("tasks").size(), done.toString());
    }

    /** @return {@code examples/components/intersection_count}, the external Python component (decision EXT6) */
    static Path intersectionCount() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/components/intersection_count"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "examples/components/intersection_count is not above " + Path.of("").toAbsolutePath());
        return dir.resolve("examples/components/intersection_count");
    }

    @Test
    @Order(6)
    void theExternalPythonComponentRunsInADagAfterEcdhPsi() throws Exception {
        for (TransportNodes.Node n : List.of(alice, bob)) {
            ok(post(n, "/v1/platform/schedule/component/register", Map.of(
                    "imageUrl", "registry.example.org/hutong/intersection_count:1.0.0",
                    "component_info", JSON.readTree(intersectionCount().resolve("component.json").toFile()),
                    "launch", Map.of("command", List.of("python3", intersectionCount().resolve("intersection_count.py").toString())))));
        }
        String jobId = newJobId();
        ObjectNode dag = dag();
        ObjectNode config = config(null, "callback");
        psi(dag, config);
        component(dag, "count_1", "intersection_count", "psi_0.train_data", "result");
        approveJob(jobId, dag, config);
        ok(create(jobId, dag, config));

        JsonNode done = awaitFinished(alice, jobId);
        assertEquals("SUCCESS", done.path("outcome").asText(), done.toString());
        String countTask = null;
        for (JsonNode t : done.path("tasks")) {
            if (t.path("task_name").asText().equals("count_1")) {
                countTask = t.path("task_id").asText();
            }
        }
        assertTrue(countTask != null, done.toString());
        for (TransportNodes.Node n : List.of(alice, bob)) {
            String role = n == alice ? "guest-0" : "host-0";
            JsonNode result = JSON.readTree(n.data.resolve("storage/" + jobId + "-" + role + "/" + countTask + "-result").toFile());
            assertEquals(500, result.path("self_count").asInt(), result.toString());
            assertEquals(500, result.path("peer_count").asInt(), result.toString());
            String log = Http.get(n.adminUrl("/v1/admin/tasks/" + countTask + "/log")).body();
            assertTrue(log.contains("counted 500 rows") && log.contains("callback: SUCCESS"), log);
        }
    }
}
