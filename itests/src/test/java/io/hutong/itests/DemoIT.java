/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hutong demo}, the README's main command, run as an operator runs it: two nodes started
 * by the command, the PSI task on both, the result checked, everything stopped; and the ways it fails.
 */
class DemoIT {

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    /** A finished {@code bin/hutong} run: exit status and everything it printed. */
    private record Run(int status, String output) {
    }

    private Run hutong(String javaOpts, long minutes, String... args) throws Exception {
        return hutong(NodeOptions.testHome(), javaOpts, minutes, args);
    }

    private Run hutong(Path home, String javaOpts, long minutes, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/hutong").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_OPTS", NodeProcess.javaOpts(javaOpts));
        Path out = tmp.resolve("demo-" + started.size() + ".out");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            throw new AssertionError("hutong " + String.join(" ", args) + " still running after " + minutes + " min:\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void theDemoFindsTheKnownIntersectionBetweenTwoNodesAndCleansUp() throws Exception {
        Run r = hutong("-Xmx512m", 15, "demo", "--rows", "2000");
        assertEquals(0, r.status(), r.output());
        // 30 % of 2 000 rows are in both datasets; the demo checked both results row by row
        assertTrue(r.output().contains("results: alice and bob each hold the 600 rows of the known intersection, in input order"), r.output());
        // the governed flow: contract, authorisation, approvals, then alice's scheduler ran the job to its end
        for (String stage : List.of("contract ", "datasets and their authorisation ", "project, flow and job approvals ",
                "job created on both nodes ", "job FINISHED (scheduler saw the task end) ")) {
            assertTrue(r.output().contains("  " + stage), "stage '" + stage + "' reported: " + r.output());
        }
        assertTrue(Pattern.compile("job job-[0-9a-f]{32} FINISHED").matcher(r.output()).find(), r.output());
        Matcher m = Pattern.compile("intersection: 600 rows; ([0-9.]+) s; ([0-9,]+) items/s per party").matcher(r.output());
        assertTrue(m.find(), r.output());
        assertTrue(Double.parseDouble(m.group(1)) > 0, r.output());
        Matcher dir = Pattern.compile("\\(seed 42\\) in (\\S+)").matcher(r.output());
        assertTrue(dir.find(), r.output());
        assertFalse(Files.exists(Path.of(dir.group(1))), "the temporary directory is removed: " + r.output());
        assertNodesGone(r.output());
    }

    @Test
    void aNodeThatCannotStartEndsTheDemoWithItsReason() throws Exception {
        // an operator's etc/ naming an environment variable that is not set: the node refuses to start, in its own
        // words, before any bundle starts (a readiness timeout of 0 did the same after both nodes had loaded everything)
        Path home = NodeOptions.installation(tmp.resolve("unfillable"));
        Files.writeString(home.resolve("etc/io.hutong.store.cfg"), "jdbc.user=$[env:HUTONG_ITEST_NO_SUCH_VARIABLE]\n");
        Path dir = tmp.resolve("work");
        Run r = hutong(home, "-Xmx512m", 5, "demo", "--rows", "100", "--dir", dir.toString());
        assertEquals(1, r.status(), r.output());
        assertTrue(r.output().contains("demo FAILED: node alice did not start (exit status 1)"), r.output());
        assertTrue(r.output().contains("environment variable HUTONG_ITEST_NO_SUCH_VARIABLE is not set"),
                "the node's own words are shown: " + r.output());
        assertTrue(r.output().contains("kept for inspection: " + dir), r.output());
        assertFalse(Files.exists(dir.resolve("bob/run/ready.json")));
    }

    @Test
    void aTaskThatDoesNotEndInTimeFailsAndStopsBothNodes() throws Exception {
        Path dir = tmp.resolve("work");
        // the direct run (the admin task API, without governance and scheduler): the governed one is the test above
        Run r = hutong("-Xmx512m", 10, "demo", "--direct", "--rows", "50000", "--timeout", "1", "--dir", dir.toString());
        assertEquals(1, r.status(), r.output());
        assertTrue(r.output().contains("nodes: alice and bob ready"), r.output());
        assertTrue(r.output().contains("demo FAILED: the task did not end within 1 s (--timeout)"), r.output());
        for (String node : List.of("alice", "bob")) {
            // a node removes its ready.json only when it stops its bundles on SIGTERM; a killed one leaves it
            assertFalse(Files.exists(dir.resolve(node + "/run/ready.json")), node + " was stopped cleanly: " + r.output());
        }
        assertFalse(r.output().contains("was killed"), r.output());
        assertNodesGone(r.output());
    }

    @Test
    void badOptionsAreRefusedWithUsage() throws Exception {
        Run r = hutong("-Xmx256m", 2, "demo", "--rows", "lots");
        assertEquals(2, r.status(), r.output());
        assertTrue(r.output().contains("--rows must be a whole number, got 'lots'"), r.output());
        assertTrue(r.output().contains("usage: hutong demo [-h] ") && r.output().contains("[--rows=N]"), r.output());
    }

    /** Asserts that the nodes the demo printed (`alice pid N`) are no longer running. */
    private static void assertNodesGone(String output) {
        Matcher pids = Pattern.compile("(alice|bob) +pid (\\d+)").matcher(output);
        int found = 0;
        while (pids.find()) {
            found++;
            assertFalse(ProcessHandle.of(Long.parseLong(pids.group(2))).map(ProcessHandle::isAlive).orElse(false),
                    pids.group(1) + " outlived the demo: " + output);
        }
        assertEquals(2, found, output);
    }
}
