/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.ComponentLauncher;
import io.hutong.api.component.TaskStatus;

/**
 * External components run as real processes by the process launcher through the runtime: the exact
 * environment contract, output in the task log, exit codes, the process tree killed on cancel, and the
 * C1 callback with its per-task secret.
 */
class ExternalComponentTest {

    private static final Duration LONG = Duration.ofMinutes(2);
    private static final String NODE = "127.0.0.1:7304";
    private static final Pattern CALLBACK = Pattern.compile(
            "http://127\\.0\\.0\\.1:7304/v1/platform/schedule/task/callback\\?secret=([0-9a-f]{64})");

    @TempDir
    Path data;

    private InProcessTasks tasks;

    @AfterEach
    void close() {
        if (tasks != null) {
            tasks.close("test ended");
        }
    }

    private InProcessTasks tasks() {
        tasks = new InProcessTasks(new InProcessTasks.Settings(4, 0, Duration.ofMinutes(10), 100,
                FileTaskStorage.under(data), data.resolve("logs/tasks"), NODE), () -> null, TaskJournal.NONE,
                Clock.systemUTC());
        return tasks;
    }

    private ExternalComponent external(String... command) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("componentName", "ext_test");
        info.put("version", "1.0.0");
        info.put("provider", "hutong");
        ComponentRegistration r = new ComponentRegistration("ext_test", "1.0.0", "hutong", "example.org/ext:1", info,
                new ComponentLauncher.LaunchSpec("process", List.of(command), null), Instant.now());
        ProcessLauncher launcher = new ProcessLauncher(notes());
        return new ExternalComponent(r, type -> type.equals("process") ? Optional.of(launcher) : Optional.empty());
    }

    private Path notes() {
        return data.resolve("run/component-processes");
    }

    private static ComponentLease.Resolver only(ExternalComponent c) {
        return (name, version) -> new ComponentLease(c, c.version(), 0L, () -> { }, () -> 0);
    }

    private static Map<String, String> env(String taskId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("config.task_id", taskId);
        env.put("config.self_role", "guest.0");
        env.put("config.node_id.guest.0", "alice");
        env.put("config.node_id.host.0", "bob");
        env.put("config.inst_id.host.0", "inst-bob");
        env.put("config.session_id", "session_" + taskId);
        env.put("config.trace_id", "trace-1");
        env.put("config.token", "token_" + taskId);
        env.put("runtime.component.parameter.threshold", "{\"a\": 1, \"b\": \"x y\"}");
        env.put("runtime.component.input.data", "{\"namespace\":\"in\",\"name\":\"a.csv\"}");
        env.put("runtime.component.output.result", "{\"namespace\":\"out\",\"name\":\"r.json\"}");
        return env;
    }

    private TaskStatus ended(String taskId) {
        await().atMost(LONG).until(() -> !TaskStatus.RUNNING.equals(tasks.status(taskId).orElseThrow().state()));
        return tasks.status(taskId).orElseThrow();
    }

    /** @return the task log's records without their time prefix */
    private List<String> log(String taskId) throws IOException {
        return Files.readAllLines(tasks.logFile(taskId).orElseThrow(), StandardCharsets.UTF_8).stream()
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    private String awaitLine(String taskId, String prefix) {
        return await().atMost(LONG).until(() -> log(taskId).stream().filter(l -> l.startsWith(prefix)).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    /** @return the secret in the {@code system.callback} the task's process printed */
    private String secret(String taskId) {
        String line = await().atMost(LONG).until(() -> log(taskId).stream().filter(l -> CALLBACK.matcher(l).find())
                .findFirst(), Optional::isPresent).orElseThrow();
        Matcher m = CALLBACK.matcher(line);
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void theProcessSeesExactlyTheEnvironmentContractAndPath() throws IOException {
        tasks().start("ext_test", null, env("task_env"), only(external("/usr/bin/env")));
        TaskStatus s = ended("task_env");
        assertEquals(TaskStatus.SUCCESS, s.state(), s.reason());

        Map<String, String> seen = new TreeMap<>();
        boolean inside = false;
        for (String line : log("task_env")) {
            if (line.startsWith("process ") && line.contains(" started: /usr/bin/env")) {
                inside = true;
            } else if (line.startsWith("task SUCCESS")) {
                inside = false;
            } else if (inside && line.contains("=")) {
                seen.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        Set<String> expected = new HashSet<>(env("task_env").keySet());
        expected.addAll(Set.of("system.storage", "system.transport", "system.control_port", "system.callback",
                "config.log.path", "runtime.component.name"));
        if (System.getenv("PATH") != null) {
            expected.add("PATH"); // the node's PATH, so a script finds its tools (EXT3)
        }
        assertEquals(new java.util.TreeSet<>(expected), seen.keySet(), "nothing of the node's own environment leaks");
        env("task_env").forEach((k, v) -> assertEquals(v, seen.get(k), k));
        assertEquals(FileTaskStorage.under(data), seen.get("system.storage"));
        assertEquals(NODE, seen.get("system.transport"));
        assertEquals("7304", seen.get("system.control_port"));
        assertEquals("ext_test", seen.get("runtime.component.name"));
        assertEquals(data.resolve("logs/tasks/task_env").toString(), seen.get("config.log.path"));
        assertTrue(CALLBACK.matcher(seen.get("system.callback")).matches(), seen.get("system.callback"));
    }

    @Test
    void eachTaskHasItsOwnCallbackSecret() {
        tasks().start("ext_test", null, env("task_s1"), only(external("/usr/bin/env")));
        tasks.start("ext_test", null, env("task_s2"), only(external("/usr/bin/env")));
        String a = secret("task_s1");
        String b = secret("task_s2");
        assertFalse(a.equals(b), "two tasks, two secrets");
    }

    @Test
    void stdoutAndStderrAreLoggedLineByLineAndAnExitCodeAboveZeroFails() throws IOException {
        tasks().start("ext_test", null, env("task_fail"),
                only(external("/bin/sh", "-c", "echo first line; echo to stderr >&2; echo second line; exit 3")));
        TaskStatus s = ended("task_fail");
        assertEquals(TaskStatus.FAILED, s.state());
        assertEquals("the component's process exited with code 3", s.reason());
        List<String> log = log("task_fail");
        assertTrue(log.contains("first line"), log.toString());
        assertTrue(log.contains("second line"), log.toString());
        assertTrue(log.contains("stderr: to stderr"), log.toString());
        assertTrue(log.indexOf("first line") < log.indexOf("second line"));
    }

    @Test
    void exitCodeZeroIsSuccess() {
        tasks().start("ext_test", null, env("task_ok"), only(external("/bin/sh", "-c", "echo done")));
        TaskStatus s = ended("task_ok");
        assertEquals(TaskStatus.SUCCESS, s.state());
        assertNull(s.reason());
    }

    @Test
    void aCommandThatCannotStartFailsTheTaskWithTheCause() {
        tasks().start("ext_test", null, env("task_nocmd"), only(external(data.resolve("no-such-program").toString())));
        TaskStatus s = ended("task_nocmd");
        assertEquals(TaskStatus.FAILED, s.state());
        assertTrue(s.reason().contains("no-such-program"), s.reason());
    }

    @Test
    void cancelKillsTheWholeProcessTree() {
        tasks().start("ext_test", null, env("task_tree"),
                only(external("/bin/sh", "-c", "sleep 600 & echo child $!; sleep 600")));
        long child = Long.parseLong(awaitLine("task_tree", "child ").substring("child ".length()).strip());
        String started = awaitLine("task_tree", "process ");
        long parent = Long.parseLong(started.split(" ")[1]);
        assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));

        assertTrue(tasks.cancel("task_tree"));
        TaskStatus s = tasks.status("task_tree").orElseThrow();
        assertEquals(TaskStatus.FAILED, s.state());
        assertEquals("cancelled", s.reason());
        await().atMost(LONG).until(() -> ProcessHandle.of(parent).map(p -> !p.isAlive()).orElse(true)
                && ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        // the slot is given back once the process is gone
        await().atMost(LONG).until(() -> tasks.admitted() == 0);
    }

    /** A process that prints its callback URL, then waits until the test creates {@code go}, then exits 1. */
    private ExternalComponent printsCallbackThenWaits(Path go) {
        return external("python3", "-c", "import os, sys, time\n"
                + "print('callback=' + os.environ['system.callback'], flush=True)\n"
                + "while not os.path.exists(sys.argv[1]): time.sleep(0.05)\n"
                + "sys.exit(1)\n", go.toString());
    }

    @Test
    void aForgedCallbackChangesNothing() throws IOException {
        Path go = data.resolve("go");
        tasks().start("ext_test", null, env("task_forged"), only(printsCallbackThenWaits(go)));
        tasks.start("ext_test", null, env("task_other"), only(printsCallbackThenWaits(go)));
        String secret = secret("task_forged");
        String other = secret("task_other");

        assertThrows(InProcessTasks.CallbackRefused.class, () -> tasks.callback("task_forged", null, "SUCCESS", "guest"));
        assertThrows(InProcessTasks.CallbackRefused.class, () -> tasks.callback("task_forged", "", "SUCCESS", "guest"));
        assertThrows(InProcessTasks.CallbackRefused.class,
                () -> tasks.callback("task_forged", secret.substring(0, 63) + (secret.endsWith("0") ? "1" : "0"), "SUCCESS", "guest"));
        assertThrows(InProcessTasks.CallbackRefused.class, () -> tasks.callback("task_forged", other, "SUCCESS", "guest"),
                "the secret of another task");
        assertThrows(InProcessTasks.CallbackRefused.class, () -> tasks.callback("task_unknown", secret, "SUCCESS", "guest"));
        assertThrows(IllegalArgumentException.class, () -> tasks.callback("task_forged", secret, "FINISHED", "guest"));
        assertThrows(IllegalArgumentException.class, () -> tasks.callback("task_forged", secret, "SUCCESS", "host"),
                "not the task's role");
        assertEquals(TaskStatus.RUNNING, tasks.status("task_forged").orElseThrow().state());

        Files.createFile(go);
        TaskStatus s = ended("task_forged");
        assertEquals(TaskStatus.FAILED, s.state(), "the process decided: exit code 1");
        assertEquals("the component's process exited with code 1", s.reason());
    }

    @Test
    void theFirstTerminalOutcomeWinsTheCallbackBeforeTheExit() throws IOException {
        Path go = data.resolve("go");
        tasks().start("ext_test", null, env("task_cb"), only(printsCallbackThenWaits(go)));
        String secret = secret("task_cb");
        assertEquals(TaskStatus.RUNNING, tasks.callback("task_cb", secret, "RUNNING", "guest").state());
        assertEquals(TaskStatus.SUCCESS, tasks.callback("task_cb", secret, "SUCCESS", "guest").state());
        assertThrows(InProcessTasks.TaskEnded.class, () -> tasks.callback("task_cb", secret, "FAILED", "guest"));
        assertFalse(tasks.cancel("task_cb"), "an ended task cannot be cancelled");

        Files.createFile(go); // the process now exits 1: too late to change the outcome
        await().atMost(LONG).until(() -> tasks.admitted() == 0);
        TaskStatus s = tasks.status("task_cb").orElseThrow();
        assertEquals(TaskStatus.SUCCESS, s.state());
        List<String> log = log("task_cb");
        assertTrue(log.contains("callback: RUNNING") && log.contains("callback: SUCCESS"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("the component stopped: the component's process exited with code 1")),
                log.toString());
    }

    @Test
    void theFirstTerminalOutcomeWinsTheExitBeforeTheCallback() {
        tasks().start("ext_test", null, env("task_exit"), only(external("python3", "-c",
                "import os; print('callback=' + os.environ['system.callback'], flush=True)")));
        String secret = secret("task_exit");
        assertEquals(TaskStatus.SUCCESS, ended("task_exit").state());
        assertThrows(InProcessTasks.TaskEnded.class, () -> tasks.callback("task_exit", secret, "FAILED", "guest"));
        assertEquals(TaskStatus.SUCCESS, tasks.status("task_exit").orElseThrow().state());
    }

    @Test
    void aCallbackReportingFailedFailsTheTaskAndTheProcessIsStillWaitedFor() throws IOException {
        Path go = data.resolve("go");
        tasks().start("ext_test", null, env("task_cbf"), only(printsCallbackThenWaits(go)));
        String secret = secret("task_cbf");
        TaskStatus s = tasks.callback("task_cbf", secret, "FAILED", "guest");
        assertEquals(TaskStatus.FAILED, s.state());
        assertEquals("the component reported FAILED through system.callback", s.reason());
        assertEquals(1, tasks.admitted(), "the process still runs and holds its slot");
        Files.createFile(go);
        await().atMost(LONG).until(() -> tasks.admitted() == 0);
    }

    @Test
    void aProcessThatDoesNotExitAfterReportingItsEndIsStopped() throws IOException {
        tasks().callbackExitGrace = Duration.ofSeconds(1);
        tasks.start("ext_test", null, env("task_linger"), only(external("python3", "-c", "import os, time\n"
                + "print('callback=' + os.environ['system.callback'], flush=True)\n"
                + "time.sleep(600)\n")));
        long pid = Long.parseLong(awaitLine("task_linger", "process ").split(" ")[1]);
        assertEquals(TaskStatus.SUCCESS, tasks.callback("task_linger", secret("task_linger"), "SUCCESS", "guest").state());
        await().atMost(LONG).until(() -> tasks.admitted() == 0);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the lingering process was killed");
        assertEquals(TaskStatus.SUCCESS, tasks.status("task_linger").orElseThrow().state(), "its reported outcome stands");
        assertTrue(log("task_linger").stream().anyMatch(l -> l.contains("has not exited: stopping it")), log("task_linger").toString());
    }

    @Test
    void processesLeftByANodeThatWasKilledAreEndedWhenItStartsAgain() throws Exception {
        ProcessLauncher before = new ProcessLauncher(notes());
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ComponentLauncher.Launched orphan = before.launch(new ComponentLauncher.Launch("task_orphan", "img",
                new ComponentLauncher.LaunchSpec("process", List.of("/bin/sh", "-c", "sleep 600 & echo child $!; sleep 600"), null),
                Map.of(), data, lines::add));
        await().atMost(LONG).until(() -> lines.stream().anyMatch(l -> l.startsWith("child ")));
        long child = Long.parseLong(lines.stream().filter(l -> l.startsWith("child ")).findFirst().orElseThrow().substring(6).strip());
        long parent = Long.parseLong(lines.get(0).split(" ")[1]);
        assertTrue(Files.exists(notes().resolve(Long.toString(parent))), "the running process is noted");
        // a process unknown to the note (pid reused by another program) is left alone
        Process unrelated = new ProcessBuilder("sleep", "600").start();
        Files.writeString(notes().resolve(Long.toString(unrelated.pid())), "2001-01-01T00:00:00Z");
        try {
            // the node is killed outright: nothing ends the process; the node's next start does
            ProcessLauncher after = new ProcessLauncher(notes());
            await().atMost(LONG).until(() -> !ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)
                    && !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(unrelated.isAlive(), "a pid whose start time differs is not the component's process");
            assertEquals(List.of(), Files.list(notes()).toList());
            assertEquals(0, after.reapOrphans());
        } finally {
            unrelated.destroyForcibly();
            orphan.kill();
        }
    }

    @Test
    void aProcessThatExitsIsNoLongerNoted() throws Exception {
        tasks().start("ext_test", null, env("task_noted"), only(external("/bin/sh", "-c", "exit 0")));
        assertEquals(TaskStatus.SUCCESS, ended("task_noted").state());
        await().atMost(LONG).until(() -> !Files.exists(notes()) || Files.list(notes()).findAny().isEmpty());
    }

    @Test
    void aLaunchTypeWithoutItsLauncherFailsTheTask() {
        Map<String, Object> info = Map.of("componentName", "ext_test", "version", "1.0.0", "provider", "hutong");
        ExternalComponent docker = new ExternalComponent(new ComponentRegistration("ext_test", "1.0.0", "hutong",
                "example.org/ext:1", info, new ComponentLauncher.LaunchSpec("docker", List.of(), null), Instant.now()),
                type -> Optional.empty());
        tasks().start("ext_test", null, env("task_docker"), only(docker));
        TaskStatus s = ended("task_docker");
        assertEquals(TaskStatus.FAILED, s.state());
        assertTrue(s.reason().startsWith("no launcher of type docker is installed"), s.reason());
    }
}
