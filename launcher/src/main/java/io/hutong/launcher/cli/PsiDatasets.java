/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two seeded CSV datasets for a private set intersection whose answer is known in advance: alice's
 * {@code id,age} and bob's {@code id,score}, each row order shuffled, a given share of ids in both.
 * The expected result of each party is its own rows whose id the other has, in its input order, with
 * the header (decision PSI6).
 */
public final class PsiDatasets {

    /** The key column both datasets share. */
    public static final String KEY = "id";

    private final long seed;
    private final int common;
    // per party: the ids' counters in file order; counters below `common` are in both datasets
    private final long[] alice;
    private final long[] bob;

    private PsiDatasets(long seed, int common, long[] alice, long[] bob) {
        this.seed = seed;
        this.common = common;
        this.alice = alice;
        this.bob = bob;
    }

    /**
     * @param rows    rows of each dataset
     * @param overlap share of each dataset's ids that the other also has, 0.0 to 1.0
     * @param seed    the same seed gives the same files
     */
    public static PsiDatasets generate(int rows, double overlap, long seed) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be 0 or more, not " + rows);
        }
        if (!(overlap >= 0 && overlap <= 1)) {
            throw new IllegalArgumentException("overlap must be between 0 and 1, not " + overlap);
        }
        int common = (int) Math.round(rows * overlap);
        // counters 0..common-1 are shared, then alice's own, then bob's own: distinct by construction
        long[] a = new long[rows];
        long[] b = new long[rows];
        for (int i = 0; i < rows; i++) {
            a[i] = i;
            b[i] = i < common ? i : (long) rows + i - common;
        }
        SplittableRandom random = new SplittableRandom(seed);
        shuffle(a, random);
        shuffle(b, random);
        return new PsiDatasets(seed, common, a, b);
    }

    private static void shuffle(long[] v, SplittableRandom random) {
        for (int i = v.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
    }

    /** @return how many ids both datasets have: the size of the intersection */
    public int common() {
        return common;
    }

    /** @return rows of alice's dataset */
    public int aliceRows() {
        return alice.length;
    }

    /** @return rows of bob's dataset */
    public int bobRows() {
        return bob.length;
    }

    /** Writes alice's dataset to {@code file} (parent directories created). */
    public void writeAlice(Path file) throws IOException {
        write(file, alice, true);
    }

    /** Writes bob's dataset to {@code file} (parent directories created). */
    public void writeBob(Path file) throws IOException {
        write(file, bob, false);
    }

    /** @return alice's expected result: header and her rows whose id bob has, in her order */
    public List<String> expectedAlice() {
        return expected(alice, true);
    }

    /** @return bob's expected result: header and his rows whose id alice has, in his order */
    public List<String> expectedBob() {
        return expected(bob, false);
    }

    private void write(Path file, long[] counters, boolean isAlice) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header(isAlice));
            w.write('\n');
            for (long c : counters) {
                w.write(row(c, isAlice));
                w.write('\n');
            }
        }
    }

    private List<String> expected(long[] counters, boolean isAlice) {
        List<String> lines = new ArrayList<>(common + 1);
        lines.add(header(isAlice));
        for (long c : counters) {
            if (c < common) {
                lines.add(row(c, isAlice));
            }
        }
        return lines;
    }

    private static String header(boolean isAlice) {
        return KEY + (isAlice ? ",age" : ",score");
    }

    private String row(long counter, boolean isAlice) {
        long mixed = mix(counter ^ mix(seed));
        // a 64-bit bijection of the counter: ids never collide, and look like customer numbers
        String id = String.format("c%016x", mixed);
        long attr = mix(mixed + (isAlice ? 1 : 2));
        return id + "," + (isAlice ? 18 + Math.floorMod(attr, 70) : Math.floorMod(attr, 1000));
    }

    /** SplitMix64's finaliser: a bijection on 64-bit values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Compares a party's result file with its expected lines.
     *
     * @return null when they are equal, else what differs, in the operator's words
     */
    public static String compare(String party, Path result, List<String> expected) throws IOException {
        if (!Files.isRegularFile(result)) {
            return party + "'s result " + result + " does not exist";
        }
        List<String> actual = new ArrayList<>();
        try (var lines = Files.lines(result, StandardCharsets.UTF_8)) {
            lines.forEach(actual::add);
        }
        if (!actual.isEmpty() && actual.get(actual.size() - 1).isEmpty()) {
            actual.remove(actual.size() - 1);
        }
        if (actual.isEmpty()) {
            return party + "'s result " + result + " is empty: not even the header";
        }
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                return party + "'s result differs from the known intersection at line " + (i + 1) + ": expected '"
                        + expected.get(i) + "', got '" + actual.get(i) + "'";
            }
        }
        if (actual.size() != expected.size()) {
            return party + "'s result has " + (actual.size() - 1) + " rows, the known intersection " + (expected.size() - 1);
        }
        return null;
    }
}
