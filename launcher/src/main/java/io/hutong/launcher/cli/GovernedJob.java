/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The standard's whole flow between alice (initiator, guest, scheduler) and bob (host) before and around the PSI
 * task of {@code hutong demo}, through each node's operator API only: contract, datasets and their authorisation,
 * project, flow and job approvals, then {@code job/create_all} on alice's platform API, after which alice's
 * scheduler creates, starts and runs the job on both nodes. Each stage prints its time.
 */
final class GovernedJob {

    static final String TASK = "psi_0";

    private final LocalNode alice;
    private final LocalNode bob;
    private final PrintStream out;
    private final String curve;
    private final Map<String, Double> stages = new LinkedHashMap<>();
    final String jobId;

    GovernedJob(LocalNode alice, LocalNode bob, PrintStream out, String curve) {
        this.alice = alice;
        this.bob = bob;
        this.out = out;
        this.curve = curve;
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        this.jobId = "job-" + HexFormat.of().formatHex(id);
    }

    /** @return seconds per stage, in order */
    Map<String, Double> stages() {
        return stages;
    }

    private static JsonNode ok(LocalNode n, AdminClient.Reply r, String what) throws TwoNodePsi.Failure {
        if (!r.ok()) {
            throw new TwoNodePsi.Failure(n.id() + ": " + what + " refused: " + r.status() + " " + r.msg());
        }
        return r.data();
    }

    private void stage(String name, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        stages.put(name, s);
        out.printf(Locale.ROOT, "  %-34s %5.2f s%n", name, s);
    }

    /** Waits for a condition on a node's admin API (an answer travels through the partner's outbox). */
    private JsonNode await(LocalNode n, String path, Predicate<JsonNode> done, String what) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            AdminClient.Reply r = n.admin().get(path);
            if (r.ok() && done.test(r.data())) {
                return r.data();
            }
            if (System.nanoTime() > deadline) {
                throw new TwoNodePsi.Failure(n.id() + ": " + what + " did not happen within 60 s (" + path + ": " + r.body() + ")");
            }
            if (!n.alive()) {
                throw new TwoNodePsi.Failure("node " + n.id() + " stopped:\n" + n.tail(12));
            }
            Thread.sleep(100);
        }
    }

    /** @return the id of bob's pending application of a kind */
    private String pending(String kind) throws Exception {
        JsonNode apps = await(bob, "v1/admin/applications", d -> find(d, kind) != null, "a " + kind + " application reaching bob");
        return find(apps, kind);
    }

    private static String find(JsonNode apps, String kind) {
        for (JsonNode a : apps) {
            if (a.path("kind").asText().equalsIgnoreCase(kind)) {
                return a.path("id").asText();
            }
        }
        return null;
    }

    private static boolean has(JsonNode list, String field, String value, String status) {
        for (JsonNode x : list) {
            if (x.path(field).asText().equals(value) && x.path("status").asText().equals(status)) {
                return true;
            }
        }
        return false;
    }

    private void approve(String kind, String resourceField, String resourceId) throws Exception {
        String id = pending(kind);
        ok(bob, bob.admin().post("v1/admin/audits/" + kind + "/" + id + "/approve", "{}"), kind + " approval");
        await(alice, "v1/admin/audits?kind=" + kind, d -> has(d, resourceField, resourceId, "APPROVED"), "bob's " + kind + " approval reaching alice");
    }

    ObjectNode dag() {
        ObjectNode dag = Jackson.MAPPER.createObjectNode().put("version", "2.0");
        ObjectNode psi = dag.putArray("components").addObject();
        psi.put("name", TASK).put("componentName", TwoNodePsi.COMPONENT).put("provider", "hutong").put("version", "1.0.0");
        psi.putArray("input");
        psi.putArray("output").addObject().put("key", TwoNodePsi.DATA).put("type", "dataset");
        return dag;
    }

    ObjectNode config() {
        ObjectNode c = Jackson.MAPPER.createObjectNode().put("version", "2.0.0");
        c.putObject("initiator").put("role", "guest").put("node_id", "alice");
        ObjectNode role = c.putObject("role");
        role.putArray("guest").add("alice");
        role.putArray("host").add("bob");
        c.putObject("job_params").putObject("common").put("sync_type", "poll");
        ObjectNode tp = c.putObject("task_params");
        ObjectNode common = tp.putObject("common").putObject(TASK);
        common.put("field_names", PsiDatasets.KEY).put("result_to_rank", "-1").put("curve_type", curve);
        if (!"curve25519".equals(curve)) {
            common.put("hash_type", "sha_256").put("hash2curve_strategy", "try_and_rehash").put("point_octet_format", "x962_compressed");
        }
        tp.putObject("guest").putObject("0").putObject(TASK).put("dataset_id", "alice_ids");
        tp.putObject("host").putObject("0").putObject(TASK).put("dataset_id", "bob_ids");
        return c;
    }

    /** Contract, datasets, authorisation and approvals: everything before the job can be created. */
    void prepare() throws Exception {
        out.println("governance (alice applies, bob's operator approves):");
        long t = System.nanoTime();
        ok(alice, alice.admin().post("v1/admin/contracts", Map.of("peer_address", "http://127.0.0.1:" + bob.eastWestPort(),
                "peer_node_id", "bob")), "contract application");
        String contract = pending("contract");
        ok(bob, bob.admin().post("v1/admin/contracts/" + contract + "/approve", "{}"), "contract approval");
        await(alice, "v1/admin/contracts", d -> has(d, "contract_id", contract, "APPROVED"), "bob's contract approval reaching alice");
        stage("contract", t);

        t = System.nanoTime();
        ok(alice, alice.admin().post("v1/admin/datasets", Map.of("file", "storage/demo/alice.csv", "dataset_id", "alice_ids",
                "join_columns", PsiDatasets.KEY)), "dataset alice_ids");
        ok(bob, bob.admin().post("v1/admin/datasets", Map.of("file", "storage/demo/bob.csv", "dataset_id", "bob_ids",
                "join_columns", PsiDatasets.KEY)), "dataset bob_ids");
        ok(alice, alice.admin().post("v1/admin/audits/dataset", Map.of("peer_node_id", "bob", "dataset_id", "bob_ids",
                "times_limit", 10)), "dataset application");
        approve("dataset", "resource_id", "bob_ids");
        stage("datasets and their authorisation", t);

        t = System.nanoTime();
        ok(alice, alice.admin().post("v1/admin/audits/project", Map.of("peer_node_id", "bob", "project_id", "demo-psi",
                "name", "PSI demo", "type", "PSI", "datasets", List.of(Map.of("dataset_id", "bob_ids", "name", "bob_ids", "owner", "bob")))),
                "project application");
        approve("project", "resource_id", "demo-psi");
        ok(alice, alice.admin().post("v1/admin/audits/flow", Map.of("peer_node_id", "bob", "flow_id", "demo-psi-flow",
                "name", "PSI flow", "project_id", "demo-psi", "dag", dag(), "config", config())), "flow application");
        approve("flow", "resource_id", "demo-psi-flow");
        ok(alice, alice.admin().post("v1/admin/audits/job", Map.of("peer_node_id", "bob", "job_id", jobId, "flow_id", "demo-psi-flow",
                "name", "PSI demo job", "project_id", "demo-psi", "dag", dag(), "conf", config())), "job application");
        approve("job", "resource_id", jobId);
        stage("project, flow and job approvals", t);
    }

    /** Creates the job on alice's platform API; her scheduler creates it on both nodes. */
    void create() throws Exception {
        long t = System.nanoTime();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", jobId);
        body.put("flow_id", "demo-psi-flow");
        body.put("dag", dag());
        body.put("config", config());
        ok(alice, alice.admin().post("v1/platform/schedule/job/create_all", body), "job/create_all");
        stage("job created on both nodes", t);
    }

    /** @return the PSI task's id once the scheduler has started it */
    String awaitTask() throws Exception {
        long t = System.nanoTime();
        JsonNode s = await(alice, "v1/platform/schedule/job/status_all?job_id=" + jobId, d -> {
            // started on every party (rows leave READY once each node has accepted task/start)
            int started = 0;
            for (JsonNode task : d.path("tasks")) {
                if (task.path("task_name").asText().equals(TASK)) {
                    if ("READY".equals(task.path("status").asText())) {
                        return false;
                    }
                    started++;
                }
            }
            return started == 2 || "FINISHED".equals(d.path("job_status").asText());
        }, "the scheduler starting task " + TASK);
        for (JsonNode task : s.path("tasks")) {
            if (task.path("task_name").asText().equals(TASK)) {
                stage("job started, task " + TASK + " started", t);
                return task.path("task_id").asText();
            }
        }
        throw new TwoNodePsi.Failure("job " + jobId + " ended before its task started: " + s.path("reason").asText());
    }

    /** Waits until the scheduler reports the job FINISHED, and checks it succeeded. */
    void awaitFinished() throws Exception {
        long t = System.nanoTime();
        JsonNode s = await(alice, "v1/platform/schedule/job/status_all?job_id=" + jobId,
                d -> "FINISHED".equals(d.path("job_status").asText()), "job " + jobId + " finishing");
        if (!"SUCCESS".equals(s.path("outcome").asText())) {
            throw new TwoNodePsi.Failure("job " + jobId + " FINISHED " + s.path("outcome").asText() + ": " + s.path("reason").asText());
        }
        stage("job FINISHED (scheduler saw the task end)", t);
    }

    /** @return {@code <namespace>/<name>} of a party's PSI result, as the scheduler named the output (spec 30 §3.4) */
    String output(String taskId, String role) {
        return jobId + "-" + role.replace('.', '-') + "/" + taskId + "-" + TwoNodePsi.DATA;
    }
}
