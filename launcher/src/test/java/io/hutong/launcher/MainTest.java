/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.launcher.cli.Hutong;
import picocli.CommandLine;

/**
 * The command line as an operator meets it: help everywhere, status 2 and the usage for any bad argument, and one
 * clear line (status 3) when no node runs.
 */
class MainTest {

    @TempDir
    Path home;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(home, args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    // one command tree for the loops over every command: building it is the dearest part of a run, and picocli
    // resets every option before it parses again
    private CommandLine tree;
    private final ByteArrayOutputStream treeOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream treeErr = new ByteArrayOutputStream();

    /** Runs {@code hutong args} as {@link #run} does, on one command tree kept for the test. */
    private Run again(String... args) {
        if (tree == null) {
            tree = Hutong.commandLine(home, new PrintStream(treeOut, true, StandardCharsets.UTF_8),
                    new PrintStream(treeErr, true, StandardCharsets.UTF_8));
        }
        treeOut.reset();
        treeErr.reset();
        int exit = tree.execute(args);
        tree.getOut().flush();
        tree.getErr().flush();
        return new Run(exit, treeOut.toString(StandardCharsets.UTF_8), treeErr.toString(StandardCharsets.UTF_8));
    }

    /** @return the words of every command and group below {@code hutong}, e.g. [contract], [contract, apply] */
    private List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        collect(Hutong.commandLine(home, System.out, System.err), new ArrayList<>(), all);
        return all;
    }

    private static void collect(CommandLine c, List<String> words, List<List<String>> all) {
        for (var e : c.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias (dead-letters) is the same command
            }
            List<String> w = new ArrayList<>(words);
            w.add(e.getKey());
            all.add(w);
            collect(e.getValue(), w, all);
        }
    }

    private static boolean leaf(List<String> words) {
        return !List.of("task", "job", "tee", "contract", "approval", "dataset", "deadletters", "bench").contains(words.get(words.size() - 1));
    }

    @Test
    void startHelpPrintsTheStartUsageAndExitsZero() {
        for (String help : List.of("--help", "-h")) {
            Run r = run("start", help);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("usage: hutong start [-h] "), r.out());
            assertTrue(r.out().contains("[--node-id=ID] [--data=DIR]") && r.out().contains("[--no-shell]"), r.out());
            assertTrue(r.out().contains("--tls-client-auth=none|need"), r.out());
            assertTrue(r.out().contains("Options override etc/hutong.properties"), r.out());
            assertEquals("", r.err());
        }
        // also after other options
        assertEquals(0, run("start", "--port", "7400", "--help").exit());
        assertTrue(run("help", "start").out().startsWith("usage: hutong start"));
        // --help is not the value of an option that needs one: that option's value is missing
        Run missing = run("start", "--node-id", "--help");
        assertEquals(2, missing.exit(), missing.out());
        assertTrue(missing.err().startsWith("hutong: Expected parameter for option '--node-id' but found '--help'"), missing.err());
        assertTrue(missing.err().contains("usage: hutong start"), missing.err());
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitZero() {
        List<List<String>> commands = commands();
        assertTrue(commands.size() > 45, "every command and group: " + commands);
        for (List<String> words : commands) {
            List<String> args = new ArrayList<>(words);
            args.add("--help");
            Run r = again(args.toArray(String[]::new));
            String name = String.join(" ", words);
            assertEquals(0, r.exit(), name + ": " + r.err());
            assertTrue(r.out().startsWith("usage: hutong " + name + " "), name + ": " + r.out());
            assertTrue(r.out().contains("-h, --help"), name + ": " + r.out());
            assertEquals("", r.err(), name);
            // "hutong help <words>" too (-h: helpAfterOtherArgumentsStillShowsTheUsage)
            List<String> help = new ArrayList<>(List.of("help"));
            help.addAll(words);
            assertEquals(r.out(), again(help.toArray(String[]::new)).out(), name);
        }
    }

    @Test
    void helpAfterOtherArgumentsStillShowsTheUsage() {
        Run r = run("contract", "approve", "--data", home.resolve("nowhere").toString(), "-h");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("usage: hutong contract approve"), r.out());
        assertEquals(0, run("tee", "verify", "report.json", "--help").exit(), "a missing --policy does not hide the help");
    }

    @Test
    void aGroupsHelpListsItsCommands() {
        Run contract = run("contract", "--help");
        assertEquals(0, contract.exit(), contract.err());
        for (String verb : List.of("apply", "list", "approve", "reject", "terminate", "refresh")) {
            assertTrue(contract.out().contains("\n  " + verb + " "), contract.out());
        }
        assertFalse(contract.out().contains("pending"), "only the contract group: " + contract.out());
        Run tee = run("help", "tee");
        assertEquals(0, tee.exit());
        assertTrue(tee.out().startsWith("usage: hutong tee"), tee.out());
        assertTrue(tee.out().contains("  verify "), tee.out());
    }

    @Test
    void aGroupWithoutItsCommandIsAUsageError() {
        Run r = run("contract");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hutong: Missing required subcommand\nusage: hutong contract"), r.err());
    }

    @Test
    void plainHelpListsEveryCommand() {
        for (String[] args : List.of(new String[0], new String[] {"help"}, new String[] {"--help"}, new String[] {"-h"})) {
            Run r = run(args);
            assertEquals(0, r.exit());
            assertTrue(r.out().startsWith("usage: hutong [-hV] [COMMAND]"), r.out());
            for (List<String> words : commands()) {
                if (words.size() == 1) {
                    assertTrue(r.out().matches("(?s).*\n  " + words.get(0) + "[ ,].*"), words + " in " + r.out());
                }
            }
            assertTrue(r.out().contains("Exit status: 0 success, 1 the operation failed, 2 bad arguments, 3 no running node answers"));
        }
    }

    @Test
    void versionNamesTheBuildAndTheJvm() {
        Run r = run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("hutong "), r.out());
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
    }

    @Test
    void anUnknownCommandIsRefusedWithStatusTwo() {
        Run r = run("frobnicate", "--help");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hutong: unknown command 'frobnicate'"), r.err());
        Run sign = run("contract", "sign");
        assertEquals(2, sign.exit());
        assertTrue(sign.err().startsWith("hutong: unknown command 'contract sign'"), sign.err());
        assertTrue(sign.err().contains("usage: hutong contract"), sign.err());
        assertTrue(run("--colour").err().startsWith("hutong: unknown flag --colour"));
        Run typo = run("stauts");
        assertTrue(typo.err().matches("(?s)hutong: unknown command 'stauts'\nDid you mean: .*hutong status.*"), "picocli suggests: " + typo.err());
        assertTrue(run("status", "--jsn").err().startsWith("hutong: unknown flag --jsn\nPossible solutions: --json\n"));
        Run help = run("help", "contract", "sign");
        assertEquals(2, help.exit());
        assertTrue(help.err().startsWith("hutong: unknown command 'contract sign'"), help.err());
    }

    @Test
    void everyCommandRefusesAnUnknownFlagWithStatusTwoAndItsUsage() {
        for (List<String> words : commands()) {
            if (!leaf(words) || words.get(0).equals("help")) {
                continue;
            }
            List<String> args = new ArrayList<>(words);
            // approval apply takes the standard's fields as --FIELD VALUE: a lone flag misses its KIND first
            args.add("--no-such-flag");
            Run r = again(args.toArray(String[]::new));
            String name = String.join(" ", words);
            assertEquals(2, r.exit(), name + ": " + r.err());
            // picocli names a missing COMMAND or option before an unknown one
            assertTrue(r.err().startsWith("hutong: unknown flag --no-such-flag\n") || r.err().startsWith("hutong: Missing required"),
                    name + ": " + r.err());
            assertTrue(r.err().contains("usage: hutong " + name), name + ": " + r.err());
            assertEquals("", r.out(), name);
        }
    }

    @Test
    void aMissingOrMalformedValueIsAUsageError() {
        String[][] cases = {
                {"Missing required parameter for option '--data' (DIR)", "status", "--data"},
                {"Missing required option: '--policy=<uap.json>'", "tee", "verify", "uar.json"},
                {"Missing required parameter: '<uar.json>'", "tee", "verify", "--policy", "p.json"},
                {"--at must be an ISO-8601 instant such as 2025-07-01T00:00:00Z, not July", "tee", "verify", "u.json", "--policy", "p.json",
                        "--at", "July"},
                {"Missing required parameter: 'TASK_ID'", "task", "show"},
                {"Missing required options: '--peer-address=URL', '--peer-node-id=ID'", "contract", "apply"},
                {"--expired-time must be a whole number, got 'soon'", "contract", "apply", "--peer-address", "http://x", "--peer-node-id",
                        "b", "--expired-time", "soon"},
                {"Missing required parameter: 'AUDIT_ID'", "approval", "approve", "dataset"},
                {"KIND must be one of [dataset, project, flow, job, model], got 'contract'", "approval", "approve",
                        "contract", "x"},
                {"--public 'maybe' is not a boolean", "dataset", "publish", "f.csv", "--public", "maybe"},
                {"Value for option option '--env' (KEY=VALUE) should be in KEY=VALUE format but was novalue", "task", "start", "c",
                        "--env", "novalue"},
                {"--port must be a port number 1-65535, got 'not-a-port'", "start", "--port", "not-a-port"},
                {"--grpc-port must be a port number 1-65535, got '70000'", "start", "--grpc-port", "70000"},
                {"unexpected argument extra", "start", "extra"},
                {"--rows must be a whole number, got '1e9'", "bench", "psi", "--rows", "1e9"}};
        for (String[] c : cases) {
            Run r = again(java.util.Arrays.copyOfRange(c, 1, c.length));
            String name = String.join(" ", java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.exit(), name + ": " + r.err());
            assertEquals("hutong: " + c[0], r.err().lines().findFirst().orElseThrow(), name);
            assertTrue(r.err().contains("usage: hutong "), name + ": " + r.err());
        }
    }

    @Test
    void startRefusesAnUnknownFlagWithItsUsage() {
        Run r = run("start", "--colour", "blue");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hutong: unknown flag --colour\nusage: hutong start"), r.err());
    }

    @Test
    void withoutANodeEveryNodeCommandSaysSoInOneLine() {
        Path data = home.resolve("data");
        for (String[] args : List.of(new String[] {"status"}, new String[] {"contract", "list"}, new String[] {"permits"},
                new String[] {"task", "list"}, new String[] {"node", "--json"})) {
            Run r = run(args);
            assertEquals(3, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals("hutong: no running node: " + data.resolve("run/ready.json")
                    + " does not exist (start one, or give --admin http://host:port or --data DIR)\n", r.err());
        }
    }

    @Test
    void aReadyFileLeftByAKilledNodeIsIgnoredWithAClearMessage() throws Exception {
        Path data = home.resolve("killed");
        Files.createDirectories(data.resolve("run"));
        long dead = deadPid();
        // what a node killed with kill -9 leaves behind, its admin port now closed
        Files.writeString(data.resolve("run/ready.json"), "{\"node_id\":\"alice\",\"ports\":{\"east_west\":7304,\"admin\":"
                + NodeSettingsTest.closedPort() + "},\"pid\":" + dead + ",\"ready_ms\":3400}");
        Run r = run("status", "--data", data.toString());
        assertEquals(3, r.exit());
        assertEquals("hutong: no running node: " + data.resolve("run/ready.json") + " is left over from process " + dead
                + ", which is not running (the node was killed or crashed); start the node again\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aNodeThatDoesNotAnswerIsReportedInOneLineWithoutAStackTrace() throws Exception {
        Path data = home.resolve("silent");
        Files.createDirectories(data.resolve("run"));
        int port = NodeSettingsTest.closedPort();
        // this process is alive, but nothing listens on the admin port
        Files.writeString(data.resolve("run/ready.json"), "{\"node_id\":\"alice\",\"ports\":{\"admin\":" + port
                + "},\"pid\":" + ProcessHandle.current().pid() + "}");
        Run r = run("status", "--data", data.toString());
        assertEquals(3, r.exit());
        assertEquals("hutong: no node answers at http://127.0.0.1:" + port + "/ (connection refused): it is not running,"
                + " or not yet ready\n", r.err());
        Run garbage = run("contract", "list", "--data", home.resolve("garbage").toString());
        assertEquals(3, garbage.exit());
        Files.createDirectories(home.resolve("garbage/run"));
        Files.writeString(home.resolve("garbage/run/ready.json"), "{\"node_id\":");
        garbage = run("contract", "list", "--data", home.resolve("garbage").toString());
        assertEquals(3, garbage.exit());
        assertTrue(garbage.err().startsWith("hutong: no running node: ") && garbage.err().contains("is not a node's ready file")
                && garbage.err().lines().count() == 1, garbage.err());
    }

    /** @return the id of a process that has ended */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertFalse(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
        return p.pid();
    }
}
