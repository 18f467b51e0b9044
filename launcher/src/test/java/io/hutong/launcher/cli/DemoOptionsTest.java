/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The options of {@code hutong demo} and {@code hutong bench psi}, and how both commands are found. */
class DemoOptionsTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    @Test
    void defaultsAreTheReadmesDemo() {
        TwoNodePsi.Options o = DemoCommand.options(List.of(), 100_000);
        assertEquals(100_000, o.rows());
        assertEquals(0.3, o.overlap());
        assertEquals(42, o.seed());
        assertEquals("curve25519", o.curve());
        assertEquals("grpc", o.protocol());
        assertFalse(o.keep());
        assertNull(o.dir());
        assertTrue(o.timeout() >= 120);
    }

    @Test
    void optionsAreRead() {
        TwoNodePsi.Options o = DemoCommand.options(List.of("--rows", "2000", "--seed=7", "--keep", "--curve", "SM2",
                "--transport", "http", "--overlap", "0.5", "--dir", "/tmp/x", "--timeout", "30"), 100_000);
        assertEquals(2000, o.rows());
        assertEquals(7, o.seed());
        assertTrue(o.keep());
        assertEquals("sm2", o.curve());
        assertEquals("http", o.protocol());
        assertEquals(0.5, o.overlap());
        assertEquals("/tmp/x", o.dir().toString());
        assertEquals(30, o.timeout());
    }

    @Test
    void badOptionsAreRefusedByName() {
        assertEquals("--rows must be a whole number, got 'many'", assertThrows(IllegalArgumentException.class,
                () -> DemoCommand.options(List.of("--rows", "many"), 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DemoCommand.options(List.of("--rows", "-5"), 1)).getMessage().startsWith("--rows must be between 0"));
        assertEquals("--curve must be curve25519 or sm2, got p256", assertThrows(IllegalArgumentException.class,
                () -> DemoCommand.options(List.of("--curve", "p256"), 1)).getMessage());
        assertEquals("unknown option --colour", assertThrows(IllegalArgumentException.class,
                () -> DemoCommand.options(List.of("--colour", "blue"), 1)).getMessage());
        assertEquals("--overlap must be between 0 and 1, got 2.0", assertThrows(IllegalArgumentException.class,
                () -> DemoCommand.options(List.of("--overlap", "2"), 1)).getMessage());
    }

    @Test
    void bothCommandsAreFoundByTheirWords() {
        assertTrue(Commands.find(List.of("demo", "--rows", "10")).get().command() instanceof DemoCommand);
        Commands.Match bench = Commands.find(List.of("bench", "psi", "--rows", "10")).get();
        assertTrue(bench.command() instanceof BenchPsiCommand);
        assertEquals(2, bench.words());
    }

    @Test
    void theTaskEnvironmentFollowsTheContract() throws Exception {
        TwoNodePsi.Options o = DemoCommand.options(List.of("--dir", tmp.toString()), 10);
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
