/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code hutong job list|show|log|stop}: the jobs of a running node through the standard's north-south
 * platform API on its admin plane (spec 20 §4.3: {@code /v1/platform/schedule/job/query_job_list},
 * {@code job/status_all}, {@code task/get_log_line}, {@code task/get_log}, {@code job/stop_all},
 * {@code job/stop_task}).
 */
public final class JobCommand implements CliCommand {

    static final String API = "v1/platform/schedule/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Job states after which nothing changes any more (spec 20 §3.3). */
    static final List<String> FINAL = List.of("FINISHED", "REJECTED");

    private final String verb;

    public JobCommand(String verb) {
        this.verb = verb;
    }

    @Override
    public String name() {
        return "job " + verb;
    }

    @Override
    public String usage() {
        return switch (verb) {
            case "list" -> "job list [--flow-id FLOW_ID] [--json]   the jobs the node knows, with their status (query_job_list)";
            case "show" -> "job show JOB_ID [--wait] [--json]   a job's status, its DAG and task states (status_all); --wait follows it"
                    + " until it ends (exit 0 when every task succeeded)";
            case "log" -> "job log JOB_ID|TASK_ID [--level info|debug|error] [--start LINE] [--length LINES]   the log of a task this node ran,"
                    + " or of each task of a job (get_log_line, get_log)";
            default -> "job stop JOB_ID [--task TASK_NAME]   stop a job everywhere, or a task and everything after it (stop_all, stop_task)";
        };
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        List<String> args = AdminClient.mutable(argv);
        boolean json = args.remove("--json");
        AdminClient node = AdminClient.from(home, args);
        switch (verb) {
            case "list" -> {
                String flow = AdminClient.take(args, "--flow-id");
                expect(args, 0, "");
                return GovernanceCli.print(node.get(API + "job/query_job_list" + query("flow_id", flow)), json, out, d -> {
                    JsonNode list = d.path("job_list");
                    if (list.isEmpty()) {
                        out.println("no jobs" + (flow == null ? "" : " of flow " + flow));
                    }
                    list.fields().forEachRemaining(e -> out.printf("%-40s %s%n", e.getKey(), e.getValue().asText()));
                });
            }
            case "show" -> {
                boolean wait = args.remove("--wait");
                expect(args, 1, "JOB_ID");
                return wait ? follow(node, args.get(0), json, out) : GovernanceCli.print(status(node, args.get(0)), json, out, d -> show(d, out));
            }
            case "log" -> {
                String level = AdminClient.take(args, "--level");
                String start = AdminClient.take(args, "--start");
                String length = AdminClient.take(args, "--length");
                expect(args, 1, "JOB_ID or TASK_ID");
                level = level == null ? "info" : level.toLowerCase(Locale.ROOT);
                if (!List.of("info", "debug", "error").contains(level)) {
                    throw new IllegalArgumentException("--level must be info, debug or error");
                }
                nonNegative(start, "--start");
                nonNegative(length, "--length");
                return log(node, args.get(0), level, start == null ? "0" : start, length, out);
            }
            default -> {
                String task = AdminClient.take(args, "--task");
                expect(args, 1, "JOB_ID");
                ObjectNode body = JSON.createObjectNode().put("job_id", args.get(0));
                AdminClient.Reply r;
                if (task == null) {
                    r = node.post(API + "job/stop_all", body);
                } else {
                    r = node.post(API + "job/stop_task", body.put("task_name", task));
                }
                return GovernanceCli.print(r, json, out, d -> out.println("stop requested for job " + args.get(0)
                        + (task == null ? "" : " from task " + task + " on") + "; the scheduler stops it on every party"));
            }
        }
    }

    private static AdminClient.Reply status(AdminClient node, String jobId) throws Exception {
        return node.get(API + "job/status_all" + query("job_id", jobId));
    }

    /** Prints the job's status, then each change, until it is FINISHED or REJECTED. */
    private static int follow(AdminClient node, String jobId, boolean json, PrintStream out) throws Exception {
        Map<String, String> seen = new HashMap<>();
        String lastJob = "";
        while (true) {
            AdminClient.Reply r = status(node, jobId);
            if (!r.ok()) {
                out.println("failed: " + r.status() + " " + r.msg());
                return 1;
            }
            JsonNode d = r.data();
            String state = d.path("job_status").asText();
            if (!json) {
                if (!state.equals(lastJob)) {
                    out.printf("job %s %s%n", jobId, state);
                    lastJob = state;
                }
                for (Row t : rows(d)) {
                    String key = t.taskName + " " + t.taskId + " " + t.nodeId;
                    if (!t.status.equals(seen.put(key, t.status))) {
                        out.printf("  %-24s %-38s %-12s %s%s%n", t.taskName, t.taskId, t.nodeId, t.status,
                                t.reason.isEmpty() ? "" : ": " + t.reason);
                    }
                }
            }
            if (FINAL.contains(state)) {
                if (json) {
                    out.println(AdminClient.pretty(d));
                } else {
                    show(d, out);
                }
                return succeeded(d) ? 0 : 1;
            }
            Thread.sleep(1000);
        }
    }

    /** @return true when the job finished and every task in its status map is SUCCESS */
    static boolean succeeded(JsonNode d) {
        if (!"FINISHED".equals(d.path("job_status").asText())) {
            return false;
        }
        boolean[] ok = {d.path("status").size() > 0};
        d.path("status").forEach(s -> ok[0] &= "SUCCESS".equals(s.asText()));
        return ok[0];
    }

    private static int log(AdminClient node, String id, String level, String start, String length, PrintStream out) throws Exception {
        if (!id.startsWith("job-")) {
            return taskLog(node, id, level, start, length, out, false);
        }
        AdminClient.Reply s = status(node, id);
        if (!s.ok()) {
            out.println("failed: " + s.status() + " " + s.msg());
            return 1;
        }
        // the tasks this node ran (Hutong's "runs" of status_all), else every task id of the standard's status map
        Map<String, String> tasks = new LinkedHashMap<>();
        s.data().path("runs").forEach(r -> tasks.put(r.path("task_id").asText(), r.path("task_name").asText()));
        if (tasks.isEmpty()) {
            s.data().path("status").fieldNames().forEachRemaining(t -> tasks.put(t, ""));
        }
        if (tasks.isEmpty()) {
            out.println("job " + id + " has no task yet");
            return 0;
        }
        int exit = 0;
        for (Map.Entry<String, String> t : tasks.entrySet()) {
            out.printf("== %s%s ==%n", t.getValue().isEmpty() ? "" : t.getValue() + " ", t.getKey());
            exit = Math.max(exit, taskLog(node, t.getKey(), level, start, length, out, true));
        }
        return exit;
    }

    private static int taskLog(AdminClient node, String taskId, String level, String start, String length, PrintStream out,
                               boolean ofJob) throws Exception {
        AdminClient.Reply lines = node.get(API + "task/get_log_line" + query("task_id", taskId) + "&log_level=" + level);
        if (!lines.ok()) {
            if (ofJob && lines.status() == 404) {
                out.println("(" + lines.msg() + ")");
                return 0;
            }
            out.println("failed: " + lines.status() + " " + lines.msg());
            return 1;
        }
        AdminClient.Reply r = node.get(API + "task/get_log" + query("task_id", taskId) + "&log_level=" + level + "&start=" + start
                + (length == null ? "" : "&length=" + length));
        if (!r.ok()) {
            out.println("failed: " + r.status() + " " + r.msg());
            return 1;
        }
        String text = r.data().path("data").asText();
        out.print(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.println();
        }
        long num = lines.data().path("num").asLong();
        long shown = text.isEmpty() ? 0 : text.split("\n", -1).length;
        if (!ofJob || shown < num) {
            out.printf("(%d of %d %s line(s) from line %s)%n", shown, num, level, start);
        }
        return 0;
    }

    /** One task on one node, from what status_all answers. */
    record Row(String taskName, String taskId, String nodeId, String status, String reason) {
    }

    /**
     * The tasks of a job: Hutong's {@code tasks} (the scheduler's view: every task on every node) or
     * {@code runs} (this node's) when the node adds them (decision CTL6), else the standard's
     * {@code status} map of task id to status.
     */
    static List<Row> rows(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        JsonNode detailed = d.path("tasks").isArray() && d.path("tasks").size() > 0 ? d.path("tasks") : d.path("runs");
        for (JsonNode t : detailed) {
            String node = t.path("node_id").isTextual() ? t.path("node_id").asText()
                    : t.path("roles").isMissingNode() ? "" : "this node (" + roles(t.path("roles")) + ")";
            rows.add(new Row(t.path("task_name").asText(), t.path("task_id").asText(), node, t.path("status").asText(),
                    t.path("reason").isTextual() ? t.path("reason").asText() : ""));
        }
        if (rows.isEmpty()) {
            d.path("status").fields().forEachRemaining(e -> rows.add(new Row("", e.getKey(), "", e.getValue().asText(), "")));
        }
        return rows;
    }

    private static String roles(JsonNode roles) {
        if (roles.isArray()) {
            List<String> r = new ArrayList<>();
            roles.forEach(x -> r.add(x.asText()));
            return String.join(",", r);
        }
        return roles.asText();
    }

    /** @return the DAG's components in order (upstream first) with their depth, from status_all's {@code dag} when given */
    static List<Map.Entry<JsonNode, Integer>> dagOrder(JsonNode dag) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        dag.path("components").forEach(c -> byName.put(c.path("name").asText(), c));
        Map<String, Integer> depth = new HashMap<>();
        for (String name : byName.keySet()) {
            depth(name, byName, depth, 0);
        }
        List<Map.Entry<JsonNode, Integer>> out = new ArrayList<>();
        byName.forEach((n, c) -> out.add(Map.entry(c, depth.get(n))));
        out.sort(Map.Entry.comparingByValue());
        return out;
    }

    private static int depth(String name, Map<String, JsonNode> byName, Map<String, Integer> memo, int guard) {
        Integer known = memo.get(name);
        if (known != null) {
            return known;
        }
        int d = 0;
        if (guard <= byName.size()) { // a cycle (refused at create) cannot loop here
            for (JsonNode in : byName.get(name).path("input")) {
                String up = upstream(in.path("key").asText());
                if (byName.containsKey(up) && !up.equals(name)) {
                    d = Math.max(d, 1 + depth(up, byName, memo, guard + 1));
                }
            }
        }
        memo.put(name, d);
        return d;
    }

    /** @return the instance an input key {@code <instance>.<output>} refers to, or "" */
    static String upstream(String key) {
        int dot = key.lastIndexOf('.');
        return dot > 0 ? key.substring(0, dot) : "";
    }

    private static void show(JsonNode d, PrintStream out) {
        out.printf("status    %s%s%n", d.path("job_status").asText(),
                d.path("outcome").isTextual() ? " (" + d.path("outcome").asText() + ")" : "");
        if (d.path("reason").isTextual() && !d.path("reason").asText().isEmpty()) {
            out.printf("reason    %s%n", d.path("reason").asText());
        }
        if (d.path("scheduler").isTextual()) {
            out.printf("scheduler %s%n", d.path("scheduler").asText());
        }
        if (d.path("flow_id").isTextual() && !d.path("flow_id").asText().isEmpty()) {
            out.printf("flow      %s%n", d.path("flow_id").asText());
        }
        List<Row> rows = rows(d);
        if (d.path("dag").path("components").isArray()) {
            out.println("dag");
            for (Map.Entry<JsonNode, Integer> e : dagOrder(d.path("dag"))) {
                JsonNode c = e.getKey();
                String name = c.path("name").asText();
                List<String> from = new ArrayList<>();
                c.path("input").forEach(i -> from.add(i.path("key").asText()));
                out.printf("  %s%s  %s %s%s%n", "  ".repeat(e.getValue()), name, c.path("componentName").asText(), c.path("version").asText(),
                        from.isEmpty() ? "" : "  <- " + String.join(", ", from));
                rows.stream().filter(t -> t.taskName.equals(name)).forEach(t -> out.printf("  %s    %-38s %-12s %s%s%n",
                        "  ".repeat(e.getValue()), t.taskId, t.nodeId, t.status, t.reason.isEmpty() ? "" : ": " + t.reason));
            }
            List<String> names = new ArrayList<>();
            d.path("dag").path("components").forEach(c -> names.add(c.path("name").asText()));
            rows.removeIf(t -> names.contains(t.taskName));
        }
        if (!rows.isEmpty()) {
            out.println("tasks");
            rows.forEach(t -> out.printf("  %-38s %-12s %s%s%n", t.taskId, t.nodeId, t.status, t.reason.isEmpty() ? "" : ": " + t.reason));
        } else if (!d.path("dag").path("components").isArray()) {
            out.println("no task yet");
        }
    }

    private static String query(String name, String value) {
        return value == null ? "" : "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void nonNegative(String v, String flag) {
        if (v != null && !v.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(flag + " must be a whole number ≥ 0, not " + v);
        }
    }

    private static void expect(List<String> args, int n, String what) {
        if (args.size() < n) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (args.size() > n) {
            throw new IllegalArgumentException("unexpected argument " + args.get(n));
        }
    }
}
