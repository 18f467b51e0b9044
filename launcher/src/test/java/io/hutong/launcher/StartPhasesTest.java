/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StartPhasesTest {

    private static final long MS = 1_000_000L;

    @Test
    void aBundleIsChargedUntilTheNextOneStartsAndTheLastUntilTheLevelsAreReached() {
        List<StartPhases.Starting> starting = List.of(
                new StartPhases.Starting("a", 0),
                new StartPhases.Starting("b", 10 * MS),
                new StartPhases.Starting("c", 400 * MS),
                new StartPhases.Starting("d", 450 * MS));
        Map<String, Long> slowest = StartPhases.slowest(starting, 1_250 * MS, 3);
        assertEquals(List.of("d", "b", "c"), List.copyOf(slowest.keySet()), "slowest first, at most 3");
        assertEquals(800L, slowest.get("d"));
        assertEquals(390L, slowest.get("b"));
        assertEquals(50L, slowest.get("c"));
    }

    @Test
    void phasesReadInTheOrderTheyEnded() {
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("launcher", 1_200L);
        phases.put("install", 35L);
        assertEquals("launcher 1,200 ms, install 35 ms", StartPhases.line(phases));
    }
}
