/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The governance walk of spec 10 between two real nodes ({@code bin/hutong start} processes), driven
 * as an operator would: through the {@code bin/hutong} CLI and the admin API. Contract, dataset
 * authorisation with its permit, project, flow and job approvals, a node restart in the middle,
 * an outbox that waits for a partner that is down, contract termination and the refusals after it.
 */
class GovernanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    /** A node process and its ports. */
    final class Node {
        final String id;
        final Path data;
        final int ew;
        final int admin;
        final Map<String, String> env;
        Process process;

        Node(String id, Map<String, String> env) throws IOException {
            this.id = id;
            this.data = tmp.resolve(id);
            this.ew = NodeOptions.freePort();
            this.admin = NodeOptions.freePort();
            this.env = env;
        }

        Node start() throws Exception {
            List<String> cmd = List.of(NodeOptions.testHome().resolve("bin/hutong").toString(), "start", "--data", data.toString(),
                    "--node-id", id, "--port", "" + ew, "--admin-port", "" + admin);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("JAVA_OPTS", NodeProcess.javaOpts("-Xmx384m"));
            pb.environment().putAll(env);
            Files.createDirectories(data);
            process = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve(id + ".out").toFile())).start();
            started.add(process);
            NodeProcess.awaitReady(data, process, () -> {
                Path log = data.resolve("logs/hutong.log");
                String tail = NodeProcess.text(log).get().lines()
                        .filter(l -> l.contains("SEVERE") || l.contains("WARNING") || l.contains("ready")).reduce("", (a, b) -> a + "\n" + b);
                return NodeProcess.text(tmp.resolve(id + ".out")).get() + "\nlog warnings:" + tail;
            });
            // the management resources register shortly after readiness
            NodeProcess.until(id + " answers v1/admin/node", NodeProcess.EFFECT, () -> Http.get(adminUrl("v1/admin/node")),
                    r -> r.status() == 200);
            return this;
        }

        void stop() throws InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), id + " stops on SIGTERM");
        }

        String adminUrl(String path) {
            return "http://127.0.0.1:" + admin + "/" + path;
        }

        JsonNode get(String path) {
            Http.Reply r = Http.get(adminUrl(path));
            assertEquals(200, r.status(), path + ": " + r.body());
            return r.json().path("data");
        }

        /**
         * Runs {@code bin/hutong <args> --data <this node's data>} in this JVM (see {@link InProcessCli}: the
         * same command classes, status and messages, without a JVM start per command).
         *
         * @return exit status and output
         */
        Cli cli(String... args) {
            List<String> cmd = new ArrayList<>(List.of(args));
            cmd.addAll(List.of("--data", data.toString()));
            InProcessCli.Run r = InProcessCli.run(cmd.toArray(String[]::new));
            return new Cli(r.status(), r.out());
        }

        Cli ok(String... args) throws Exception {
            Cli c = cli(args);
            assertEquals(0, c.status(), String.join(" ", args) + ":\n" + c.out());
            return c;
        }

        JsonNode await(String path, Predicate<JsonNode> until) {
            return NodeProcess.until(id + " " + path + " in the expected state", NodeProcess.EFFECT, () -> get(path), until);
        }
    }

    record Cli(int status, String out) {
    }

    static boolean has(JsonNode list, String field, String value, String status) {
        for (JsonNode n : list) {
            if (n.path(field).asText().equals(value) && n.path("status").asText().equals(status)) {
                return true;
            }
        }
        return false;
    }

    static String pending(Node n, String kind) {
        for (JsonNode a : n.get("v1/admin/applications")) {
            if (a.path("kind").asText().equals(kind)) {
                return a.path("id").asText();
            }
        }
        throw new AssertionError("no pending " + kind + " application at " + n.id + ": " + n.get("v1/admin/applications"));
    }

    /**
     * Both nodes on H2, where there is no PostgreSQL server; with one (always in CI), the walk below
     * covers H2 too and this one is reported skipped, saving five node starts (decision TESTS3).
     */
    @Test
    void governanceWalkOnH2() throws Exception {
        Assumptions.assumeTrue(System.getenv("HUTONG_TEST_PG_URL") == null,
                "governanceWalkOnPostgres runs bob on H2 (and alice on PostgreSQL)");
        walk(Map.of(), Map.of());
    }

    /** alice on PostgreSQL, bob on H2: one walk shows both stores behind a real node, each in one role. */
    @Test
    void governanceWalkOnPostgres() throws Exception {
        walk(postgres(), Map.of());
    }

    /** HUTONG_JDBC_* pointing at a new schema of the test run's PostgreSQL server. */
    static Map<String, String> postgres() throws Exception {
        String url = System.getenv("HUTONG_TEST_PG_URL");
        if (url == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI must provide HUTONG_TEST_PG_URL (see .ci/run)");
            }
            Assumptions.abort("no PostgreSQL: set HUTONG_TEST_PG_URL (see .ci/run)");
        }
        String user = System.getenv("HUTONG_TEST_PG_USER");
        String password = System.getenv("HUTONG_TEST_PG_PASSWORD");
        String schema = "g_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return Map.of("HUTONG_JDBC_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "HUTONG_JDBC_USER", user, "HUTONG_JDBC_PASSWORD", password);
    }

    void walk(Map<String, String> aliceEnv, Map<String, String> bobEnv) throws Exception {
        Node alice = new Node("alice", aliceEnv).start();
        Node bob = new Node("bob", bobEnv).start();
        if (!aliceEnv.isEmpty()) {
            assertEquals("postgresql", Http.get("http://127.0.0.1:" + alice.admin + "/v1/admin/status").json().path("data")
                    .path("health").path("core").get(0).path("details").path("dialect").asText(), "the node runs on PostgreSQL");
        }
        assertTrue(alice.ok("node").out().contains("node alice at http://127.0.0.1:" + alice.ew));

        // contract: alice applies, bob's operator sees and approves it
        alice.ok("contract", "apply", "--peer-address", "http://127.0.0.1:" + bob.ew, "--peer-node-id", "bob");
        assertTrue(bob.ok("approval", "pending").out().contains("from alice"));
        String contract = pending(bob, "contract");
        bob.ok("contract", "approve", contract);
        alice.await("v1/admin/contracts", d -> has(d, "contract_id", contract, "APPROVED"));
        Cli again = bob.cli("contract", "approve", contract);
        assertEquals(1, again.status());
        assertTrue(again.out().contains("409 contract " + contract + " is APPROVED and cannot become APPROVED"), again.out());

        // bob publishes a private dataset: alice cannot see its columns before authorisation
        Files.writeString(bob.data.resolve("customers.csv"), "id,age,income,city\n1,34,5000.5,bj\n2,45,7000.25,sh\n3,23,3000,bj\n");
        Cli published = bob.ok("dataset", "publish", "customers.csv", "--join-columns", "id", "--public", "false");
        assertTrue(published.out().contains("income") && published.out().contains("CONTINUOUS"), published.out());
        assertEquals(0, alice.get("v1/admin/peers/bob/datasets").path("total").asInt(), "a private dataset is not listed");
        Cli hidden = alice.cli("dataset", "peer", "bob", "customers");
        assertEquals(1, hidden.status());
        assertTrue(hidden.out().contains("403 node bob refused: dataset customers is not public"), hidden.out());

        // alice applies for the dataset; bob restarts before answering and still has the application
        alice.ok("approval", "apply", "dataset", "--peer-node-id", "bob", "--dataset-id", "customers", "--times-limit", "3");
        bob.stop();
        bob.start();
        String datasetAudit = pending(bob, "dataset");
        bob.ok("approval", "approve", "dataset", datasetAudit);
        alice.await("v1/admin/permits", d -> d.size() == 1 && d.get(0).path("resource_id").asText().equals("customers"));
        Cli columns = alice.ok("dataset", "peer", "bob", "customers");
        assertTrue(columns.out().contains("income") && columns.out().contains("double"), columns.out());
        assertTrue(bob.ok("permits").out().contains("used 1/3"), "each look at the private dataset uses the permit once");
        assertTrue(alice.ok("permits").out().contains("used 1/3"), "the holder counts the use its owner counted (GOV3)");

        // project, flow and job approvals
        Path dag = tmp.resolve("dag.json");
        Files.writeString(dag, "{\"version\":\"2.0\",\"components\":[{\"name\":\"psi_0\",\"componentName\":\"ecdh_psi\",\"provider\":\"hutong\","
                + "\"version\":\"1.0.0\",\"input\":[],\"output\":[{\"key\":\"result\",\"type\":\"dataset\"}]}]}");
        Path conf = tmp.resolve("conf.json");
        Files.writeString(conf, "{\"initiator\":{\"role\":\"guest\",\"node_id\":\"alice\"},\"role\":{\"guest\":[\"alice\"],\"host\":[\"bob\"]}}");
        alice.ok("approval", "apply", "project", "--peer-node-id", "bob", "--project-id", "p1", "--name", "PSI together", "--type", "PSI",
                "--datasets", "[{\"dataset_id\":\"customers\",\"name\":\"customers\",\"owner\":\"bob\"}]");
        bob.ok("approval", "approve", "project", pending(bob, "project"));
        alice.await("v1/admin/audits?kind=project", d -> has(d, "resource_id", "p1", "APPROVED"));
        assertEquals("PSI together", alice.get("v1/admin/peers/bob/projects").path("records").get(0).path("name").asText());

        alice.ok("approval", "apply", "flow", "--peer-node-id", "bob", "--flow-id", "f1", "--name", "psi flow", "--project-id", "p1",
                "--dag", "@" + dag);
        bob.ok("approval", "approve", "flow", pending(bob, "flow"));
        alice.await("v1/admin/audits?kind=flow", d -> has(d, "resource_id", "f1", "APPROVED"));

        // the job is approved while alice is down: bob's confirm waits in the outbox, across a restart of bob
        alice.ok("approval", "apply", "job", "--peer-node-id", "bob", "--job-id", "job-0123456789abcdef0123456789abcdef",
                "--flow-id", "f1", "--name", "psi run", "--project-id", "p1", "--dag", "@" + dag, "--conf", "@" + conf);
        String jobAudit = pending(bob, "job");
        alice.stop();
        bob.ok("approval", "approve", "job", jobAudit);
        bob.await("v1/admin/outbox", d -> {
            for (JsonNode c : d) {
                if (c.path("path").asText().endsWith("/job/audit/confirm") && c.path("attempts").asInt() >= 1
                        && c.path("state").asText().equals("PENDING")) {
                    return true;
                }
            }
            return false;
        });
        bob.stop();
        alice.start();
        bob.start(); // the restarted bob resumes its outbox at once
        alice.await("v1/admin/audits?kind=job", d -> has(d, "audit_id", jobAudit, "APPROVED"));
        theApprovedJobRunsAndShowsInTheCliAndTheConsole(alice, bob, Files.readString(dag), Files.readString(conf));

        // a rejected application ends REJECTED on both sides
        alice.ok("approval", "apply", "model", "--peer-node-id", "bob", "--model-id", "m1", "--apply-project-id", "p1");
        String model = pending(bob, "model");
        bob.ok("approval", "reject", "model", model);
        alice.await("v1/admin/audits?kind=model", d -> has(d, "audit_id", model, "REJECTED"));

        // terminating the contract: both sides TERMINATED, permits revoked, later calls refused
        alice.ok("contract", "terminate", contract);
        bob.await("v1/admin/contracts", d -> has(d, "contract_id", contract, "TERMINATED"));
        assertTrue(bob.ok("permits").out().contains("REVOKED"));
        // every approval under it ended on both sides (GOV1): only the rejected model stays REJECTED
        for (Node n : new Node[] {alice, bob}) {
            JsonNode under = n.get("v1/admin/audits?contract_id=" + contract);
            assertEquals(5, under.size(), under.toString());
            for (JsonNode a : under) {
                assertEquals(a.path("kind").asText().equals("model") ? "REJECTED" : "TERMINATED", a.path("status").asText(), a.toString());
            }
        }
        Cli refused = alice.cli("dataset", "peer", "bob");
        assertNotEquals(0, refused.status());
        assertTrue(refused.out().contains("no APPROVED contract with node bob"), refused.out());
        Http.Reply unsigned = Http.get("http://127.0.0.1:" + bob.ew + "/v1/interconn/dataset/pub/list?contract_id=" + contract);
        assertEquals(401, unsigned.status());
        assertEquals("x-source-node-id header is required", unsigned.json().path("msg").asText());

        alice.stop();
        bob.stop();
    }

    /**
     * The approved job created on alice's platform API (N1) and scheduled by alice on both nodes: its PSI
     * task binds no dataset, so each party's task fails at once and the job ends FINISHED with the failure.
     * {@code hutong job list|show|log|stop} and the console's Jobs page read it through the platform API,
     * on the initiator and on the participant (whose status comes from the scheduler).
     */
    void theApprovedJobRunsAndShowsInTheCliAndTheConsole(Node alice, Node bob, String dag, String conf) throws Exception {
        String job = "job-0123456789abcdef0123456789abcdef";
        String body = "{\"job_id\":\"" + job + "\",\"flow_id\":\"f1\",\"dag\":" + dag + ",\"config\":" + conf + "}";
        Http.Reply created = Http.post(alice.adminUrl("v1/platform/schedule/job/create_all"), null, null, "application/json",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, created.status(), created.body());
        JsonNode done = alice.await("v1/platform/schedule/job/status_all?job_id=" + job, d -> d.path("job_status").asText().equals("FINISHED"));
        assertEquals(1, done.path("status").size(), "one task, one id on both nodes: " + done);
        String taskId = done.path("status").fieldNames().next();
        assertEquals(2, done.path("tasks").size(), "the scheduler's view has the task on each node: " + done);

        Cli list = alice.ok("job", "list", "--flow-id", "f1");
        assertTrue(list.out().contains(job) && list.out().contains("FINISHED"), list.out());
        assertTrue(alice.ok("job", "list", "--flow-id", "f-other").out().contains("no jobs of flow f-other"));
        Cli show = alice.ok("job", "show", job);
        assertTrue(show.out().contains("status    FINISHED (FAILED)") && show.out().contains("scheduler alice")
                && show.out().contains("psi_0  ecdh_psi 1.0.0"), show.out());
        for (JsonNode t : done.path("tasks")) {
            // each node's task as the scheduler reports it, under its DAG instance
            assertTrue(show.out().matches("(?s).*" + taskId + " +" + t.path("node_id").asText() + " +" + t.path("status").asText() + ".*"),
                    t + " in " + show.out());
        }
        Cli waited = alice.cli("job", "show", job, "--wait");
        assertEquals(1, waited.status(), "a job whose tasks failed is not a success: " + waited.out());
        Cli fromBob = bob.ok("job", "show", job);
        assertTrue(fromBob.out().contains("status    FINISHED") && fromBob.out().contains(taskId), "bob asks alice, the scheduler: " + fromBob.out());

        Cli log = alice.ok("job", "log", job);
        assertTrue(log.out().contains("== psi_0 " + taskId + " ==") && log.out().contains("task started: component ecdh_psi"), log.out());
        Cli lines = alice.ok("job", "log", taskId, "--start", "0", "--length", "1");
        assertEquals(2, lines.out().lines().count(), "one line and the count: " + lines.out());
        assertTrue(lines.out().contains("task accepted: component ecdh_psi") && lines.out().contains("(1 of "), lines.out());
        Cli errors = alice.ok("job", "log", taskId, "--level", "error");
        assertTrue(errors.out().contains("FAILED"), errors.out());
        Cli unknownTask = alice.cli("job", "log", "task_ffffffffffffffffffffffffffffffff");
        assertEquals(1, unknownTask.status());
        assertTrue(unknownTask.out().contains("failed: 404"), unknownTask.out());

        Cli badStop = alice.cli("job", "stop", job, "--task", "no_such_task");
        assertEquals(1, badStop.status(), badStop.out());
        assertTrue(badStop.out().contains("failed: 400"), badStop.out());
        assertTrue(alice.ok("job", "stop", job).out().contains("stop requested for job " + job), "a finished job may be stopped again");
        JsonNode now = alice.get("v1/platform/schedule/job/status_all?job_id=" + job);
        assertEquals("FINISHED", now.path("job_status").asText(), "and stays FINISHED: " + now);

        // the console's Jobs page: the list, the job's DAG with both nodes' task states and the reason, its log tail
        String auth = Http.basic(login(alice, "username"), login(alice, "password"));
        String page = alice.adminUrl("system/console/jobs");
        Http.Reply listed = Http.send("GET", page, null, null, "Authorization", auth);
        assertEquals(200, listed.status(), listed.body());
        assertTrue(listed.body().contains("<a href='jobs?job_id=" + job + "'>" + job + "</a></td><td>FINISHED</td>"), listed.body());
        Http.Reply detail = Http.send("GET", page + "?job_id=" + job, null, null, "Authorization", auth);
        assertEquals(200, detail.status(), detail.body());
        String html = detail.body();
        assertTrue(html.contains("Job <b>" + job + "</b> — <b>FINISHED</b> (FAILED) — scheduler alice — flow f1"), html);
        assertTrue(html.contains("<td>psi_0</td><td>ecdh_psi 1.0.0 (hutong)</td>"), html);
        for (JsonNode t : now.path("tasks")) {
            assertTrue(html.contains(taskId + " @ " + t.path("node_id").asText() + ": " + t.path("status").asText()), t + " in " + html);
        }
        assertTrue(html.contains("Progress: 1 task(s): 1 " + now.path("status").path(taskId).asText()), html);
        assertTrue(html.contains("Logs on this node") && html.contains("task started: component ecdh_psi"), html);
        assertTrue(!html.contains("Stop job") && html.contains("data-open='false'"), "nothing to stop or refresh often once it ended: " + html);
        Http.Reply part = Http.send("GET", page + "/view.part?job_id=" + job, null, null, "Authorization", auth);
        assertTrue(part.body().contains("<td>psi_0</td>") && !part.body().contains("<html"), part.body());
        Http.Reply onBob = Http.send("GET", bob.adminUrl("system/console/jobs") + "?job_id=" + job, null, null, "Authorization",
                Http.basic(login(bob, "username"), login(bob, "password")));
        assertTrue(onBob.body().contains("<b>FINISHED</b>") && onBob.body().contains(taskId + " @ this node: "), onBob.body());

        byte[] stop = ("action=stop&job_id=" + job).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(403, Http.send("POST", page, "application/x-www-form-urlencoded", stop, "Authorization", auth,
                "Origin", "http://evil.example").status(), "a cross-origin form stops nothing");
        Http.Reply badTask = Http.send("POST", page, "application/x-www-form-urlencoded",
                ("action=stop_task&job_id=" + job + "&task_name=%3Cb%3Enope").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Authorization", auth, "Referer", page);
        assertEquals(400, badTask.status(), badTask.body());
        assertTrue(badTask.body().contains("the platform API refused") && !badTask.body().contains("<b>nope"), badTask.body());
        Http.Reply stopped = Http.send("POST", page, "application/x-www-form-urlencoded", stop, "Authorization", auth, "Referer", page);
        assertEquals(302, stopped.status(), stopped.body());
    }

    /** A value of the node's generated console login. */
    static String login(Node n, String key) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(n.data.resolve("console-credentials.properties"))) {
            p.load(r);
        }
        return p.getProperty(key);
    }
}
