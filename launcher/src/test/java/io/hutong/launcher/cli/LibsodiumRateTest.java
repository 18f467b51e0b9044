/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * libsodium's rate for {@code hutong bench psi}: the script's output read, the reasons printed when it
 * cannot be measured, and one short measurement of the real libsodium (skipped, not passed, where
 * Python 3 or libsodium is not installed).
 */
class LibsodiumRateTest {

    /** The Python the tests run; {@code -Dhutong.test.python=/nowhere} shows the skips of a machine without it. */
    private static final String PYTHON = System.getProperty("hutong.test.python", "python3");

    private static final String OUTPUT = """
            format 1
            library libsodium.so.23
            version 1.0.18
            ops 30336
            cpu_seconds 0.955639
            wall_seconds 1.001162
            overhead_ops 377984
            overhead_cpu_seconds 0.458998
            overhead_wall_seconds 0.500041
            """;

    @Test
    void theScriptsOutputIsRead() {
        LibsodiumRate.Sample s = LibsodiumRate.parse(OUTPUT);
        assertEquals("libsodium.so.23", s.library());
        assertEquals("1.0.18", s.version());
        assertEquals(30336, s.ops());
        assertEquals(30336 / 0.955639, s.perCpuSecond(), 1e-6);
        assertEquals(30336 / 1.001162, s.perWallSecond(), 1e-6);
        assertEquals(0.458998e9 / 377984, s.overheadNanos(), 1e-6);

        LibsodiumRate.Sample noOverhead = LibsodiumRate.parse("format 1\r\nlibrary /x/libsodium.so\r\nversion 1.0.20\r\nops 5\r\n"
                + "cpu_seconds 0.1\r\nwall_seconds 0.2\r\n");
        assertEquals("/x/libsodium.so", noOverhead.library());
        assertTrue(Double.isNaN(noOverhead.overheadNanos()));
    }

    @Test
    void outputThatIsNotARateSaysWhy() {
        assertEquals("libsodium not found (no candidates)",
                assertThrows(IllegalArgumentException.class, () -> LibsodiumRate.parse("unavailable libsodium not found (no candidates)\n"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LibsodiumRate.parse("Python 2.7.18\n")).getMessage()
                .startsWith("not the output of libsodium-rate.py format 1: 'Python 2.7.18'"));
        assertEquals("'ops' missing in the output of libsodium-rate.py",
                assertThrows(IllegalArgumentException.class, () -> LibsodiumRate.parse(OUTPUT.replace("ops 30336\n", ""))).getMessage());
        assertEquals("'cpu_seconds' is not a non-negative number in the output of libsodium-rate.py: 'fast'",
                assertThrows(IllegalArgumentException.class, () -> LibsodiumRate.parse(OUTPUT.replace("0.955639", "fast"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LibsodiumRate.parse(OUTPUT.replace("ops 30336", "ops 0")))
                .getMessage().startsWith("no operations measured"));
        assertEquals("'version' missing in the output of libsodium-rate.py",
                assertThrows(IllegalArgumentException.class, () -> LibsodiumRate.parse(OUTPUT.replace("version 1.0.18", "version"))).getMessage());
    }

    @Test
    void aPythonThatIsNotThereMeansNotMeasured() throws Exception {
        String python = "/nonexistent/hutong-test/python3";
        LibsodiumRate.Meter meter = new LibsodiumRate.Meter(python, null, 0.2, 2);
        meter.round();
        LibsodiumRate.Outcome o = meter.outcome();
        assertNull(o.rate());
        assertTrue(o.notMeasured().startsWith(python + " cannot be run ("), o.notMeasured());
    }

    @Test
    void aLibraryThatIsNotThereMeansNotMeasured() throws Exception {
        assumeTrue(pythonRuns(), "python3 is not installed");
        LibsodiumRate.Meter meter = new LibsodiumRate.Meter(PYTHON, "libhutong-test-no-such-sodium.so.0", 0.2, 2);
        meter.round();
        LibsodiumRate.Outcome o = meter.outcome();
        assertNull(o.rate());
        assertTrue(o.notMeasured().startsWith("libsodium not found (libhutong-test-no-such-sodium.so.0"), o.notMeasured());
    }

    @Test
    void theRealLibsodiumIsMeasured() throws Exception {
        assumeTrue(pythonRuns(), "python3 is not installed");
        assumeTrue(libsodiumFound(), "libsodium is not installed (ctypes.util.find_library('sodium') finds nothing)");
        LibsodiumRate.Meter meter = new LibsodiumRate.Meter(PYTHON, null, 0.2, 2);
        meter.round();
        LibsodiumRate.Outcome o = meter.outcome();
        assertNull(o.notMeasured());
        LibsodiumRate.Rate r = o.rate();
        assertFalse(r.given());
        assertTrue(r.version().matches("\\d+\\.\\d+.*"), r.version());
        assertTrue(r.library().contains("sodium"), r.library());
        // SHA-256 + X25519 takes tens of microseconds on any CPU this runs on; through ctypes not under 1 us
        assertTrue(r.perCore() > 1_000 && r.perCore() < 1_000_000, "per core " + r.perCore());
        assertTrue(r.oneThread() > 0 && r.allCores() > 0, r.toString());
        assertTrue(r.overheadNanos() > 0 && r.overheadShare() < 1, r.toString());
    }

    @Test
    void everyRatioIsAgainstARateOfTheRun() {
        List<X25519Rates.Rate> rates = List.of(new X25519Rates.Rate("hutong-fast", "io.hutong.crypto.x25519.fast", 20_000, 19_000, 36_000));
        LibsodiumRate.Rate measured = new LibsodiumRate.Rate("libsodium.so.23", "1.0.18", 30_000, 29_000, 55_000, 1_000, false);

        List<String> table = BenchPsiCommand.rateTable(rates, List.of(), new LibsodiumRate.Outcome(measured, null), "python3", 2);
        String all = String.join("\n", table);
        assertTrue(all.contains("libsodium            30,000       29,000       55,000   (SHA-256 + X25519: libsodium 1.0.18, libsodium.so.23,"
                + " called from python3 through ctypes)"), all);
        // 1 us of 33.33 us per operation: 3.0 %; without it 1e9 / 32,333 ns
        assertTrue(all.contains("1.00 us of its 33.33 us per operation (3.0%)"), all);
        assertTrue(all.contains("about 30,928 per core"), all);
        assertFalse(all.contains("issue's figure"), all);

        List<String> ratios = BenchPsiCommand.ratios(rates, new LibsodiumRate.Outcome(measured, null), 3_000, 1_500, 2);
        // bound per CPU second: 30,000 / 2 = 15,000 items; the slower node's 1,500 items per CPU second is 0.10 of it
        assertTrue(ratios.contains("  vs libsodium          bound    15,000 items per CPU s   ratio 0.10"), String.join("\n", ratios));
        assertTrue(ratios.contains("  vs hutong-fast        bound    10,000 items per CPU s   ratio 0.15"), String.join("\n", ratios));
        // wall: 30,000 x 2 cores / 2 = 30,000 items/s
        assertTrue(ratios.stream().anyMatch(l -> l.startsWith("  vs libsodium          bound    30,000 items/s   ratio 0.10")),
                String.join("\n", ratios));
    }

    @Test
    void aGivenOrMissingLibsodiumIsSaidSo() {
        List<X25519Rates.Rate> rates = List.of(new X25519Rates.Rate("hutong-fast", "io.hutong.crypto.x25519.fast", 20_000, 19_000, 36_000));
        LibsodiumRate.Outcome given = new LibsodiumRate.Outcome(LibsodiumRate.Rate.given(23_000), null);
        String table = String.join("\n", BenchPsiCommand.rateTable(rates, List.of(), given, "python3", 2));
        assertTrue(table.contains("23,000") && table.contains("given with --libsodium, not measured"), table);
        assertFalse(table.contains("ctypes"), table);
        assertTrue(BenchPsiCommand.ratios(rates, given, 3_000, 1_500, 2).stream().anyMatch(l -> l.startsWith("  vs libsodium (given)")));

        LibsodiumRate.Outcome missing = new LibsodiumRate.Outcome(null, "python3 cannot be run (error=2)");
        table = String.join("\n", BenchPsiCommand.rateTable(rates, List.of(), missing, "python3", 2));
        assertTrue(table.contains("libsodium      not measured: python3 cannot be run (error=2); the ratios below are against the Java providers only"),
                table);
        List<String> ratios = BenchPsiCommand.ratios(rates, missing, 3_000, 1_500, 2);
        assertTrue(ratios.stream().noneMatch(l -> l.contains("libsodium")), String.join("\n", ratios));
        assertNotNull(ratios.stream().filter(l -> l.startsWith("  vs hutong-fast")).findFirst().orElse(null));
    }

    private static boolean pythonRuns() throws InterruptedException {
        return run(PYTHON, "-c", "import ctypes") != null;
    }

    private static boolean libsodiumFound() throws InterruptedException {
        String found = run(PYTHON, "-c", "import ctypes.util; print(ctypes.util.find_library('sodium') or '')");
        return found != null && !found.isBlank();
    }

    /** @return the command's output, or null when it cannot be run or fails */
    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
