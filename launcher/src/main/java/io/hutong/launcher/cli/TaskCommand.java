/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hutong task start|show|list|log|cancel}: algorithm tasks of a running node's component
 * runtime, through {@code /v1/admin/tasks}.
 */
@Command(name = "task", description = "Algorithm tasks of the node's component runtime.",
        subcommands = {TaskCommand.Start.class, TaskCommand.Show.class, TaskCommand.ListTasks.class, TaskCommand.Log.class,
                TaskCommand.Cancel.class})
public final class TaskCommand extends Subcommand.Group {

    /** {@code task start}. */
    @Command(name = "start", description = {"Run a component with the environment contract.",
            "The environment: config.task_id, config.self_role, config.node_id.<role>, config.session_id, …;",
            "exit 0 once started, with --wait once it SUCCEEDED."})
    static final class Start extends NodeCall {
        @Parameters(paramLabel = "COMPONENT", description = "The component's name, e.g. ecdh_psi.")
        String component;
        @Option(names = "--version", paramLabel = "V", description = "The component's version (default: the highest).")
        String version;
        @Option(names = "--env-file", paramLabel = "FILE.json", description = "A JSON object of environment keys.")
        Path envFile;
        @Option(names = "--env", paramLabel = "KEY=VALUE", description = "One environment key (repeatable; wins over --env-file).")
        Map<String, String> env = new LinkedHashMap<>();
        @Option(names = "--wait", description = "Follow the task until it ends.")
        boolean await;

        @Override
        public Integer call() throws Exception {
            return start(node(), component, version, envFile, env, await, json, out());
        }
    }

    /** {@code task show}. */
    @Command(name = "show", description = "A task's status.")
    static final class Show extends NodeCall {
        @Parameters(paramLabel = "TASK_ID")
        String id;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().get("v1/admin/tasks/" + id), json, out, t -> details(t, out));
        }
    }

    /** {@code task list}. */
    @Command(name = "list", description = "The tasks the node remembers, newest first.")
    static final class ListTasks extends NodeCall {
        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().get("v1/admin/tasks"), json, out, d -> {
                if (d.isEmpty()) {
                    out.println("no tasks");
                }
                d.forEach(t -> line(t, out));
            });
        }
    }

    /** {@code task log}. */
    @Command(name = "log", description = "The task's log.")
    static final class Log extends NodeCall {
        @Parameters(paramLabel = "TASK_ID")
        String id;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            AdminClient node = node();
            AdminClient.Reply status = node.get("v1/admin/tasks/" + id);
            if (!status.ok()) {
                out.println("failed: " + status.status() + " " + status.msg());
                return 1;
            }
            String log = node.text("v1/admin/tasks/" + id + "/log");
            if (log == null) {
                out.println("failed: the log of task " + id + " cannot be read");
                return 1;
            }
            out.print(log);
            return 0;
        }
    }

    /** {@code task cancel}. */
    @Command(name = "cancel", description = "Stop a running task (it ends FAILED, cancelled).")
    static final class Cancel extends NodeCall {
        @Parameters(paramLabel = "TASK_ID")
        String id;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().delete("v1/admin/tasks/" + id), json, out, t -> details(t, out));
        }
    }

    private static int start(AdminClient node, String component, String version, Path envFile, Map<String, String> pairs,
                             boolean wait, boolean json, PrintStream out) throws Exception {
        ObjectNode env = Jackson.MAPPER.createObjectNode();
        if (envFile != null) {
            JsonNode file = Jackson.MAPPER.readTree(Files.readString(envFile));
            if (file == null || !file.isObject()) {
                throw new IllegalArgumentException(envFile + " must hold a JSON object of environment keys");
            }
            file.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
        }
        pairs.forEach(env::put);
        ObjectNode body = Jackson.MAPPER.createObjectNode().put("component", component);
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
