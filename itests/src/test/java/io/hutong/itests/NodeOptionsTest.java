/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The ports the ITs give their nodes (decision TESTS16): a silent fallback to port 0 let two CI runs fail. */
class NodeOptionsTest {

    @Test
    void theEphemeralRangeIsReadFromTheKernel() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(range)) {
            assertEquals(Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]), NodeOptions.ephemeralLow());
        } else {
            assertEquals(32_768, NodeOptions.ephemeralLow());
        }
    }

    @Test
    void portsComeFromTheForksSliceBelowTheEphemeralRangeNeverTwiceWithTheNextPortFree() throws Exception {
        int low = NodeOptions.ephemeralLow();
        String slice = System.getProperty("hutong.itest.port.slice");
        String slices = System.getProperty("hutong.itest.port.slices");
        System.setProperty("hutong.itest.port.slices", "3");
        System.setProperty("hutong.itest.port.slice", "2");
        try {
            int size = (low - 10_000) / 3;
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                int port = NodeOptions.freePort();
                assertTrue(port >= 10_000 + size && port + 1 < 10_000 + 2 * size, port + " in slice 2 of 3 below " + low);
                assertTrue(seen.add(port) && seen.add(port + 1), port + " handed out once, with the port after it");
            }
        } finally {
            restore("hutong.itest.port.slice", slice);
            restore("hutong.itest.port.slices", slices);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
