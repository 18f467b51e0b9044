/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The figures {@code bench start} prints: the median and the resident memory of a process. */
class BenchStartCommandTest {

    @Test
    void theMedianIsTheMiddleOrTheLowerMiddle() {
        assertEquals(7, BenchStartCommand.median(List.of(9L, 7L, 1L)));
        assertEquals(3, BenchStartCommand.median(List.of(10L, 3L, 1L, 4L)));
        assertEquals(5, BenchStartCommand.median(List.of(5L)));
        assertThrows(IllegalArgumentException.class, () -> BenchStartCommand.median(List.of()));
    }

    @Test
    void theResidentMemoryOfThisJvmIsRead() {
        long rss = BenchStartCommand.rssKib(ProcessHandle.current().pid());
        assertTrue(rss > 10_000, "a JVM holds more than 10 MiB: " + rss);
        assertEquals(-1, BenchStartCommand.rssKib(Long.MAX_VALUE), "an unknown process is unknown, not 0");
    }

    @Test
    void runsAreAWholeNumberFromOneToAHundred(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        for (String bad : List.of("0", "101", "-2", "lots", "", "3.5")) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream print = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
            int exit = Hutong.execute(home, new String[] {"bench", "start", "--runs", bad}, print, print);
            String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(2, exit, text);
            assertTrue(text.startsWith("hutong: --runs must be a whole number"), text);
            assertTrue(text.contains("usage: hutong bench start"), text);
        }
    }
}
