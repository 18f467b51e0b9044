/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.fuzz;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte-level edits of a seed, as coverage-blind fuzzers make them: bit flips, boundary values, cuts, insertions.
 * Positions are fractions of the length, so one edit fits a seed of any size.
 */
public record ByteMutation(int kind, double where, int value, int length) {

    private static final int[] BOUNDARIES = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff};

    public static Arbitrary<byte[]> of(byte[] seed) {
        Arbitrary<ByteMutation> one = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 600)).as(ByteMutation::new);
        return one.list().ofMinSize(1).ofMaxSize(6).map(edits -> {
            byte[] b = seed.clone();
            for (ByteMutation m : edits) {
                b = m.apply(b);
            }
            return b;
        });
    }

    public byte[] apply(byte[] b) {
        int at = b.length == 0 ? 0 : Math.min(b.length - 1, (int) (where * b.length));
        switch (kind) {
            case 0 -> {
                if (b.length > 0) {
                    b[at] ^= (byte) (1 << (value % 8));
                }
            }
            case 1 -> {
                if (b.length > 0) {
                    b[at] = (byte) value;
                }
            }
            case 2 -> {
                // a little-endian length or count field set to a boundary value
                long v = BOUNDARIES[value % BOUNDARIES.length] & 0xffffffffL;
                for (int i = 0; i < 4 && at + i < b.length; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
            }
            case 3 -> b = Arrays.copyOf(b, at);
            case 4 -> {
                int end = Math.min(b.length, at + length);
                byte[] out = new byte[b.length - (end - at)];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, end, out, at, b.length - end);
                b = out;
            }
            case 5 -> {
                byte[] out = new byte[b.length + length];
                System.arraycopy(b, 0, out, 0, at);
                Arrays.fill(out, at, at + length, (byte) value);
                System.arraycopy(b, at, out, at + length, b.length - at);
                b = out;
            }
            default -> {
                // a slice repeated, as a duplicated certificate or structure would be
                int end = Math.min(b.length, at + length);
                byte[] out = new byte[b.length + (end - at)];
                System.arraycopy(b, 0, out, 0, end);
                System.arraycopy(b, at, out, end, b.length - at);
                b = out;
            }
        }
        return b;
    }
}

