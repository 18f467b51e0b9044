/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inputs tried per fuzz target, and what they were answered, printed to the build log when a suite
 * ends ({@code fuzz management-east-west: 1200 inputs (200: 3, 400: 900, 401: 297)}), so the figure
 * is there whatever jqwik's own report settings are.
 */
public final class FuzzCounts {

    private final Map<String, Map<String, AtomicLong>> counts = new ConcurrentHashMap<>();

    /** Counts one input of {@code target} answered with {@code outcome} (a status, an exception's kind). */
    public void tried(String target, String outcome) {
        counts.computeIfAbsent(target, k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** Prints one line per target to standard output (which surefire puts in the build log). */
    public void print() {
        new TreeMap<>(counts).forEach((target, outcomes) -> {
            long total = outcomes.values().stream().mapToLong(AtomicLong::get).sum();
            StringBuilder line = new StringBuilder("fuzz " + target + ": " + total + " inputs (");
            new TreeMap<>(outcomes).forEach((o, n) -> line.append(line.charAt(line.length() - 1) == '(' ? "" : ", ").append(o).append(": ").append(n.get()));
            System.out.println(line.append(')'));
        });
    }
}
