/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hutong job list|show|log|stop}: the jobs of a running node through the standard's north-south
 * platform API on its admin plane (spec 20 §4.3: {@code /v1/platform/schedule/job/query_job_list},
 * {@code job/status_all}, {@code task/get_log_line}, {@code task/get_log}, {@code job/stop_all},
 * {@code job/stop_task}).
 */
@Command(name = "job", description = "Jobs through the standard's platform API (status, DAG, logs, stop).",
        subcommands = {JobCommand.ListJobs.class, JobCommand.Show.class, JobCommand.Log.class, JobCommand.Stop.class})
public final class JobCommand extends Subcommand.Group {

    static final String API = "v1/platform/schedule/";

    /** Job states after which nothing changes any more (spec 20 §3.3). */
    static final List<String> FINAL = List.of("FINISHED", "REJECTED");

    /** The log levels of the standard's get_log. */
    enum Level { info, debug, error }

    /** {@code job list}. */
    @Command(name = "list", description = "The jobs the node knows, with their status (query_job_list).")
    static final class ListJobs extends NodeCall {
        @Option(names = "--flow-id", paramLabel = "FLOW_ID", description = "Only the jobs of this flow.")
        String flow;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().get(API + "job/query_job_list" + query("flow_id", flow)), json, out, d -> {
                JsonNode list = d.path("job_list");
                if (list.isEmpty()) {
                    out.println("no jobs" + (flow == null ? "" : " of flow " + flow));
                }
                list.fields().forEachRemaining(e -> out.printf("%-40s %s%n", e.getKey(), e.getValue().asText()));
            });
        }
    }

    /** {@code job show}. */
    @Command(name = "show", description = {"A job's status, its DAG and task states (status_all).",
            "--wait follows it until it ends (exit 0 when every task succeeded)."})
    static final class Show extends NodeCall {
        @Parameters(paramLabel = "JOB_ID")
        String job;
        @Option(names = "--wait", description = "Print each change until the job is FINISHED or REJECTED.")
        boolean await;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            AdminClient node = node();
            return await ? follow(node, job, json, out) : GovernanceCli.print(status(node, job), json, out, d -> show(d, out));
        }
    }

    /** {@code job log}. */
    @Command(name = "log", description = "The log of a task this node ran, or of each task of a job (get_log_line, get_log).")
    static final class Log extends NodeCall {
        @Parameters(paramLabel = "JOB_ID|TASK_ID")
        String id;
        @Option(names = "--level", paramLabel = "info|debug|error", description = "The log level (default: info).")
        Level level = Level.info;
        @Option(names = "--start", paramLabel = "LINE", description = "The first line, from 0 (default: 0).")
        int start;
        @Option(names = "--length", paramLabel = "LINES", description = "How many lines (default: all).")
        Integer length;

        @Override
        public Integer call() throws Exception {
            nonNegative(start, "--start");
            if (length != null) {
                nonNegative(length, "--length");
            }
            return log(node(), id, level.name(), Integer.toString(start), length == null ? null : length.toString(), out());
        }
    }

    /** {@code job stop}. */
    @Command(name = "stop", description = "Stop a job everywhere, or a task and everything after it (stop_all, stop_task).")
    static final class Stop extends NodeCall {
        @Parameters(paramLabel = "JOB_ID")
        String job;
        @Option(names = "--task", paramLabel = "TASK_NAME", description = "Stop this task and everything after it.")
        String task;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            ObjectNode body = Jackson.MAPPER.createObjectNode().put("job_id", job);
            AdminClient node = node();
            AdminClient.Reply r = task == null ? node.post(API + "job/stop_all", body)
                    : node.post(API + "job/stop_task", body.put("task_name", task));
            return GovernanceCli.print(r, json, out, d -> out.println("stop requested for job " + job
                    + (task == null ? "" : " from task " + task + " on") + "; the scheduler stops it on every party"));
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

    private static void nonNegative(int v, String flag) {
        if (v < 0) {
            throw new IllegalArgumentException(flag + " must be a whole number ≥ 0, not " + v);
        }
    }
}
