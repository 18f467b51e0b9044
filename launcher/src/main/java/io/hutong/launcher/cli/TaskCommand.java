/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code hutong task start|show|list|log|cancel}: algorithm tasks of a running node's component
 * runtime, through {@code /v1/admin/tasks}.
 */
public final class TaskCommand implements CliCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String verb;

    public TaskCommand(String verb) {
        this.verb = verb;
    }

    @Override
    public String name() {
        return "task " + verb;
    }

    @Override
    public String usage() {
        return switch (verb) {
            case "start" -> "task start COMPONENT [--version V] [--env-file FILE.json] [--env KEY=VALUE]... [--wait] [--json]"
                    + "   run a component with the environment contract (config.task_id, config.self_role, config.node_id.<role>, config.session_id, …)";
            case "show" -> "task show TASK_ID [--json]   a task's status";
            case "list" -> "task list [--json]   the tasks the node remembers, newest first";
            case "log" -> "task log TASK_ID   the task's log";
            default -> "task cancel TASK_ID   stop a running task (it ends FAILED, cancelled)";
        };
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        List<String> args = AdminClient.mutable(argv);
        boolean json = args.remove("--json");
        AdminClient node = AdminClient.from(home, args);
        switch (verb) {
            case "list" -> {
                expect(args, 0);
                return GovernanceCli.print(node.get("v1/admin/tasks"), json, out, d -> {
                    if (d.isEmpty()) {
                        out.println("no tasks");
                    }
                    d.forEach(t -> line(t, out));
                });
            }
            case "show" -> {
                expect(args, 1);
                return GovernanceCli.print(node.get("v1/admin/tasks/" + args.get(0)), json, out, t -> details(t, out));
            }
            case "log" -> {
                expect(args, 1);
                AdminClient.Reply status = node.get("v1/admin/tasks/" + args.get(0));
                if (!status.ok()) {
                    out.println("failed: " + status.status() + " " + status.msg());
                    return 1;
                }
                String log = node.text("v1/admin/tasks/" + args.get(0) + "/log");
                if (log == null) {
                    out.println("failed: the log of task " + args.get(0) + " cannot be read");
                    return 1;
                }
                out.print(log);
                return 0;
            }
            case "cancel" -> {
                expect(args, 1);
                return GovernanceCli.print(node.delete("v1/admin/tasks/" + args.get(0)), json, out, t -> details(t, out));
            }
            default -> {
                return start(node, args, json, out);
            }
        }
    }

    private static int start(AdminClient node, List<String> args, boolean json, PrintStream out) throws Exception {
        boolean wait = args.remove("--wait");
        String version = AdminClient.take(args, "--version");
        String envFile = AdminClient.take(args, "--env-file");
        ObjectNode env = JSON.createObjectNode();
        if (envFile != null) {
            JsonNode file = JSON.readTree(Files.readString(Path.of(envFile)));
            if (!file.isObject()) {
                throw new IllegalArgumentException(envFile + " must hold a JSON object of environment keys");
            }
            file.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
        }
        for (String pair = AdminClient.take(args, "--env"); pair != null; pair = AdminClient.take(args, "--env")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--env needs KEY=VALUE, not " + pair);
            }
            env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        if (args.size() != 1) {
            throw new IllegalArgumentException(args.isEmpty() ? "COMPONENT is required" : "unexpected argument " + args.get(1));
        }
        ObjectNode body = JSON.createObjectNode().put("component", args.get(0));
        if (version != null) {
            body.put("version", version);
        }
        body.set("env", env);
        AdminClient.Reply r = node.post("v1/admin/tasks", body);
        if (!r.ok() || !wait) {
            return GovernanceCli.print(r, json, out, t -> line(t, out));
        }
        String id = r.data().path("task_id").asText();
        if (!json) {
            line(r.data(), out);
        }
        String lastStage = "";
        while (true) {
            Thread.sleep(500);
            AdminClient.Reply s = node.get("v1/admin/tasks/" + id);
            if (!s.ok()) {
                out.println("failed: " + s.status() + " " + s.msg());
                return 1;
            }
            JsonNode t = s.data();
            String state = t.path("status").asText();
            String stage = t.path("stage").asText();
            if (!json && !stage.equals(lastStage) && "RUNNING".equals(state)) {
                out.printf("  %5.1f%%  %s%n", 100 * t.path("progress").asDouble(), stage);
                lastStage = stage;
            }
            if (!"RUNNING".equals(state)) {
                if (json) {
                    out.println(AdminClient.pretty(t));
                } else {
                    details(t, out);
                }
                return "SUCCESS".equals(state) ? 0 : 1;
            }
        }
    }

    private static void expect(List<String> args, int n) {
        if (args.size() < n) {
            throw new IllegalArgumentException("TASK_ID is required");
        }
        if (args.size() > n) {
            throw new IllegalArgumentException("unexpected argument " + args.get(n));
        }
    }

    private static void line(JsonNode t, PrintStream out) {
        String state = t.path("status").asText();
        out.printf("%-36s %-16s %-8s %-6s %-8s %5.1f%%  %s%n", t.path("task_id").asText(), t.path("component").asText(),
                t.path("version").asText(), t.path("role").asText(), state, 100 * t.path("progress").asDouble(),
                "FAILED".equals(state) ? t.path("reason").asText() : t.path("stage").asText());
    }

    private static void details(JsonNode t, PrintStream out) {
        out.printf("task      %s%n", t.path("task_id").asText());
        out.printf("component %s %s (role %s)%n", t.path("component").asText(), t.path("version").asText(), t.path("role").asText());
        out.printf("status    %s%s%n", t.path("status").asText(),
                t.path("reason").isTextual() ? ": " + t.path("reason").asText() : "");
        out.printf("progress  %.1f%% (%s)%n", 100 * t.path("progress").asDouble(), t.path("stage").asText().toLowerCase(Locale.ROOT));
        out.printf("started   %s%n", t.path("started").asText());
        if (t.path("ended").isTextual()) {
            out.printf("ended     %s%n", t.path("ended").asText());
        }
    }
}
