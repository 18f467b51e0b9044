/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The options of {@code hutong demo} and {@code hutong bench psi}, and how both commands are found. */
class DemoOptionsTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    /** @return the options {@code hutong demo <args>} runs with */
    private TwoNodePsi.Options demo(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("demo"));
        all.addAll(List.of(args));
        CommandLine cl = Hutong.commandLine(tmp, System.out, System.err);
        DemoCommand d = (DemoCommand) cl.parseArgs(all.toArray(String[]::new)).subcommand().commandSpec().userObject();
        return d.psi.options(100_000, d.direct, false);
    }

    private record Run(int exit, String err) {
    }

    private Run run(String... args) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        int exit = Hutong.execute(tmp, args, print, print);
        return new Run(exit, err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void defaultsAreTheReadmesDemo() {
        TwoNodePsi.Options o = demo();
        assertEquals(100_000, o.rows());
        assertEquals(0.3, o.overlap());
        assertEquals(42, o.seed());
        assertEquals("curve25519", o.curve());
        assertEquals("grpc", o.protocol());
        assertFalse(o.keep());
        assertFalse(o.direct());
        assertNull(o.dir());
        assertTrue(o.timeout() >= 120);
    }

    @Test
    void optionsAreRead() {
        TwoNodePsi.Options o = demo("--rows", "2_000", "--seed=7", "--keep", "--curve", "SM2",
                "--transport", "http", "--overlap", "0.5", "--dir", "/tmp/x", "--timeout", "30", "--direct");
        assertEquals(2000, o.rows());
        assertEquals(7, o.seed());
        assertTrue(o.keep());
        assertTrue(o.direct());
        assertEquals("sm2", o.curve());
        assertEquals("http", o.protocol());
        assertEquals(0.5, o.overlap());
        assertEquals("/tmp/x", o.dir().toString());
        assertEquals(30, o.timeout());
    }

    @Test
    void badOptionsAreRefusedByNameWithStatusTwoBeforeAnyNodeStarts() {
        String[][] cases = {
                {"--rows must be a whole number, got 'many'", "demo", "--rows", "many"},
                {"--rows must be between 0", "demo", "--rows", "-5"},
                {"--curve must be one of [curve25519, sm2], got 'p256'", "demo", "--curve", "p256"},
                {"unknown flag --colour", "demo", "--colour", "blue"},
                {"--overlap must be between 0 and 1, got 2.0", "demo", "--overlap", "2"},
                {"Missing required parameter for option '--seed'", "demo", "--seed"},
                {"--rate-seconds must be a positive number", "bench", "psi", "--rate-seconds", "0"},
                {"--runs must be at least 1, got 0", "bench", "psi", "--runs", "0"},
                {"--runs must be a whole number, got 'two'", "bench", "psi", "--runs", "two"},
                {"--libsodium must be a number, got 'fast'", "bench", "psi", "--libsodium", "fast"}};
        for (String[] c : cases) {
            Run r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().startsWith("hutong: ") && r.err().lines().findFirst().orElseThrow().contains(c[0]), r.err());
            assertTrue(r.err().contains("usage: hutong " + c[1]), r.err());
        }
        try (var dirs = java.nio.file.Files.list(tmp)) {
            assertEquals(0, dirs.count(), "nothing was written");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void benchPsiTakesTheDemosOptions() {
        CommandLine cl = Hutong.commandLine(tmp, System.out, System.err);
        CommandLine.ParseResult p = cl.parseArgs("bench", "psi", "--rows", "10", "--curve", "sm2", "--libsodium", "2e4");
        BenchPsiCommand b = (BenchPsiCommand) p.subcommand().subcommand().commandSpec().userObject();
        assertEquals(10, b.psi.options(100_000, true, true).rows());
        assertEquals("sm2", b.psi.options(100_000, true, true).curve());
        assertEquals(20_000.0, b.libsodiumRate);
    }

    @Test
    void theTaskEnvironmentFollowsTheContract() throws Exception {
        TwoNodePsi.Options o = demo("--dir", tmp.resolve("work").toString(), "--rows", "10");
        try (TwoNodePsi psi = new TwoNodePsi(java.nio.file.Path.of("."), o, System.out)) {
            var env = psi.environment("t-1", "guest.0", "alice.csv");
            assertEquals("t-1", env.get("config.task_id"));
            assertEquals("session_t-1", env.get("config.session_id"));
            assertEquals("guest.0", env.get("config.self_role"));
            assertEquals("alice", env.get("config.node_id.guest.0"));
            assertEquals("bob", env.get("config.node_id.host.0"));
            assertEquals("id", env.get("runtime.component.parameter.field_names"));
            assertEquals("-1", env.get("runtime.component.parameter.result_to_rank"));
            assertEquals("{\"name\":\"alice.csv\",\"namespace\":\"demo\"}", env.get("runtime.component.input.train_data"));
            assertEquals("{\"name\":\"t-1-result.csv\",\"namespace\":\"demo-guest-0\"}", env.get("runtime.component.output.train_data"));
        }
    }
}
