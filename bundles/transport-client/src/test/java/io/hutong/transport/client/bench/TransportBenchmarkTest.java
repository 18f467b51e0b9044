/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The benchmark's command line and warm-up rule (the run itself is exercised by the distribution itest). */
class TransportBenchmarkTest {

    @Test
    void sizesAndOptionsAreReadAsAnOperatorWritesThem() {
        assertEquals(List.of(1024, 64 * 1024, 1024 * 1024, 4096), TransportBenchmark.parse(List.of("--sizes", "1k, 64KiB,1m,4096")).sizes());
        TransportBenchmark.Options o = TransportBenchmark.parse(List.of("--seconds", "0.5", "--protocols", "HTTP", "--http-body", "json"));
        assertEquals(0.5, o.seconds());
        assertEquals(List.of("http"), o.protocols());
        assertTrue(o.httpJson());
        TransportBenchmark.Options d = TransportBenchmark.parse(List.of());
        assertEquals(List.of(1024, 64 * 1024, 1024 * 1024), d.sizes());
        assertEquals(List.of("grpc", "http"), d.protocols());
        assertEquals("64 KiB", TransportBenchmark.label(65536));
        assertEquals("1 MiB", TransportBenchmark.label(1 << 20));
        assertEquals(1, d.concurrency(), "one session at a time unless asked");
        assertEquals(16, TransportBenchmark.parse(List.of("--concurrency", "16")).concurrency());
        assertEquals(TransportBenchmark.WARMUP_AUTO, d.warmup(), "each path warms until the JIT settles unless told");
        assertEquals(TransportBenchmark.WARMUP_AUTO, TransportBenchmark.parse(List.of("--warmup", "auto")).warmup());
        assertEquals(2.5, TransportBenchmark.parse(List.of("--warmup", "2.5")).warmup());
        assertEquals(0, TransportBenchmark.parse(List.of("--warmup", "0")).warmup());
    }

    @Test
    void aWarmUpEndsOnceEveryProcesssJitUsesUnderATenthOfTheRound() {
        assertTrue(TransportBenchmark.settled(new double[] {1.0, 2.0}, new double[] {1.05, 2.09}, 1.0));
        assertTrue(!TransportBenchmark.settled(new double[] {1.0, 2.0}, new double[] {1.05, 2.10}, 1.0), "one process still compiling");
        assertTrue(!TransportBenchmark.settled(new double[] {1.0}, new double[] {1.3}, 2.0), "0.3 s of JIT in a 2 s round");
        // a compiler thread that ended takes its time with it: less than before is no compiling
        assertTrue(TransportBenchmark.settled(new double[] {1.0}, new double[] {0.4}, 1.0));
    }

    @Test
    void theJitTimeOfARunningJvmIsReadFromProc() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task")),
                "no /proc: the warm-up falls back to one round");
        // keep a method hot until the JIT has spent at least one clock tick on this JVM
        long pid = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + 30_000_000_000L;
        double[] cpu = TransportBenchmark.compilerCpu(List.of(pid));
        long sink = 0;
        while (cpu != null && cpu[0] == 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < 100_000; i++) {
                sink += Long.toString(i + sink).hashCode();
            }
            cpu = TransportBenchmark.compilerCpu(List.of(pid));
        }
        assertTrue(cpu != null && cpu[0] > 0, "compiler threads' CPU of this JVM: " + java.util.Arrays.toString(cpu) + sink % 2);
        assertEquals(null, TransportBenchmark.compilerCpu(List.of(Long.MAX_VALUE)), "a process that is not there");
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--sizes", "1t"))).getMessage().contains("1t"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--sizes", "4"))).getMessage().contains("8 bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--seconds", "0"))).getMessage().contains("--seconds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--protocols", "smtp"))).getMessage().contains("smtp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--seconds"))).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--colour"))).getMessage().contains("--colour"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--concurrency", "0"))).getMessage().contains("between 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--concurrency", "16k"))).getMessage().contains("16k"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--concurrency", "100000"))).getMessage().contains("256"));
    }
}
