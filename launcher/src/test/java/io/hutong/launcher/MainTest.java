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

import io.hutong.launcher.cli.CliCommand;
import io.hutong.launcher.cli.Commands;

/** The command line as an operator meets it: help everywhere, and one clear line when no node runs. */
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

    @Test
    void startHelpPrintsTheStartUsageAndExitsZero() {
        for (String help : List.of("--help", "-h")) {
            Run r = run("start", help);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("usage: hutong start [--node-id ID]"), r.out());
            assertTrue(r.out().contains("--no-shell"), r.out());
            assertEquals("", r.err());
        }
        // also after other flags, and even after a flag whose value is still missing
        assertEquals(0, run("start", "--port", "7400", "--help").exit());
        assertEquals(0, run("start", "--node-id", "--help").exit());
        assertTrue(run("help", "start").out().startsWith("usage: hutong start"));
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitZero() {
        for (CliCommand c : Commands.ALL) {
            List<String> args = new ArrayList<>(List.of(c.name().split(" ")));
            args.add("--help");
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), c.name() + ": " + r.err());
            assertEquals("usage: hutong " + c.usage() + "\n", r.out(), c.name());
            assertEquals("", r.err(), c.name());
            // -h too, and with other arguments before it
            args.add(args.size() - 1, "--data");
            args.add(args.size() - 1, home.resolve("nowhere").toString());
            args.set(args.size() - 1, "-h");
            assertEquals(0, run(args.toArray(String[]::new)).exit(), c.name());
        }
    }

    @Test
    void aGroupsHelpListsItsCommands() {
        Run contract = run("contract", "--help");
        assertEquals(0, contract.exit(), contract.err());
        for (String verb : List.of("apply", "list", "approve", "reject", "terminate", "refresh")) {
            assertTrue(contract.out().contains("hutong contract " + verb), contract.out());
        }
        assertFalse(contract.out().contains("hutong approval"), "only the contract group: " + contract.out());
        Run tee = run("help", "tee");
        assertEquals(0, tee.exit());
        assertTrue(tee.out().startsWith("usage: hutong tee verify"), tee.out());
    }

    @Test
    void plainHelpListsEveryCommand() {
        for (String[] args : List.of(new String[0], new String[] {"help"}, new String[] {"--help"}, new String[] {"-h"})) {
            Run r = run(args);
            assertEquals(0, r.exit());
            assertTrue(r.out().startsWith("usage: hutong start"), r.out());
            for (CliCommand c : Commands.ALL) {
                assertTrue(r.out().contains("hutong " + c.usage().lines().findFirst().orElseThrow()), c.name());
            }
        }
    }

    @Test
    void anUnknownCommandIsRefusedWithStatusTwo() {
        Run r = run("frobnicate", "--help");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hutong: unknown command 'frobnicate'"), r.err());
        assertEquals(2, run("contract", "sign").exit());
        assertTrue(run("--colour").err().startsWith("hutong: unknown command '--colour'"));
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
            assertEquals(1, r.exit(), String.join(" ", args) + ": " + r.err());
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
        assertEquals(1, r.exit());
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
        assertEquals(1, r.exit());
        assertEquals("hutong: no node answers at http://127.0.0.1:" + port + "/ (connection refused): it is not running,"
                + " or not yet ready\n", r.err());
        Run garbage = run("contract", "list", "--data", home.resolve("garbage").toString());
        assertEquals(1, garbage.exit());
        Files.createDirectories(home.resolve("garbage/run"));
        Files.writeString(home.resolve("garbage/run/ready.json"), "{\"node_id\":");
        garbage = run("contract", "list", "--data", home.resolve("garbage").toString());
        assertEquals(1, garbage.exit());
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
