/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The field arithmetic is exact at the extremes of its documented limb bounds, where random X25519 inputs
 * rarely go: every result is compared with BigInteger arithmetic modulo p and its limbs with the bounds the
 * ladder relies on.
 */
class Field25519Test {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final long INPUT_LIMIT = 1L << 53;        // mul and square accept limbs below this
    private static final long OUTPUT_LIMIT = (1L << 51) + (1L << 16);

    private final SplittableRandom random = new SplittableRandom(25519);

    @Test
    void multipliesAndSquaresExactlyUpToTheInputBound() {
        for (int i = 0; i < 20_000; i++) {
            long[] a = limbs(i % 3);
            long[] b = limbs((i / 3) % 3);
            long[] r = new long[5];
            Field25519.mul(r, a, b);
            assertEquals(value(a).multiply(value(b)).mod(P), value(r).mod(P));
            assertBelow(r, OUTPUT_LIMIT);
            Field25519.square(r, a);
            assertEquals(value(a).pow(2).mod(P), value(r).mod(P));
            assertBelow(r, OUTPUT_LIMIT);
        }
        long[] max = {INPUT_LIMIT - 1, INPUT_LIMIT - 1, INPUT_LIMIT - 1, INPUT_LIMIT - 1, INPUT_LIMIT - 1};
        long[] r = new long[5];
        Field25519.mul(r, max, max);
        assertEquals(value(max).pow(2).mod(P), value(r).mod(P));
        Field25519.square(r, max);
        assertEquals(value(max).pow(2).mod(P), value(r).mod(P));
        assertBelow(r, OUTPUT_LIMIT);
    }

    @Test
    void repeatedSquaringIsExactUpToTheInputBound() {
        int[] counts = {1, 2, 5, 50};
        for (int i = 0; i < 4_000; i++) {
            long[] a = limbs(i % 3);
            int n = counts[i % counts.length];
            long[] r = new long[5];
            Field25519.squareTimes(r, a, n);
            assertEquals(value(a).modPow(BigInteger.TWO.pow(n), P), value(r).mod(P), "n = " + n);
            assertBelow(r, OUTPUT_LIMIT);
        }
    }

    @Test
    void ladderStepsStayWithinTheBoundsOfTheNextStep() {
        for (int i = 0; i < 20_000; i++) {
            long[] x = limbs(3);
            long[] y = limbs(3);
            long[] sum = new long[5];
            long[] diff = new long[5];
            Field25519.add(sum, x, y);
            Field25519.sub(diff, x, y);
            assertBelow(sum, INPUT_LIMIT);
            assertBelow(diff, INPUT_LIMIT);
            assertEquals(value(x).add(value(y)).mod(P), value(sum).mod(P));
            assertEquals(value(x).subtract(value(y)).mod(P), value(diff).mod(P));
            long[] scaled = new long[5];
            Field25519.mulA24(scaled, diff);
            assertEquals(value(diff).multiply(BigInteger.valueOf(121665)).mod(P), value(scaled).mod(P));
            long[] next = new long[5];
            Field25519.add(next, scaled, x);   // AA + a24·E in the ladder
            assertBelow(next, INPUT_LIMIT);
        }
    }

    @Test
    void encodesTheCanonicalValueOfEveryRepresentation() {
        BigInteger[] edges = {BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), P, P.add(BigInteger.ONE),
                BigInteger.TWO.pow(255).subtract(BigInteger.ONE), P.shiftLeft(1), P.shiftLeft(1).subtract(BigInteger.ONE)};
        for (BigInteger edge : edges) {
            long[] a = fromValue(edge);
            assertEquals(edge.mod(P), decodeLe(encode(a)), edge.toString(16));
        }
        for (int i = 0; i < 20_000; i++) {
            long[] a = limbs(i % 4);
            assertEquals(value(a).mod(P), decodeLe(encode(a)));
        }
    }

    @Test
    void invertsEveryNonZeroElementAndMapsZeroToZero() {
        for (int i = 0; i < 200; i++) {
            long[] a = limbs(3);
            long[] inv = new long[5];
            Field25519.invert(inv, a);
            assertEquals(value(a).mod(P).modInverse(P), decodeLe(encode(inv)));
        }
        long[] zero = new long[5];
        Field25519.invert(zero, zero);
        assertEquals(BigInteger.ZERO, decodeLe(encode(zero)));
    }

    /** Limbs of a kind: 0 random below the input bound, 1 at the input bound, 2 mixed, 3 ladder outputs. */
    private long[] limbs(int kind) {
        long[] a = new long[5];
        for (int i = 0; i < 5; i++) {
            a[i] = switch (kind) {
                case 0 -> random.nextLong(INPUT_LIMIT);
                case 1 -> INPUT_LIMIT - 1 - random.nextLong(1 << 8);
                case 2 -> random.nextBoolean() ? INPUT_LIMIT - 1 : random.nextLong(1 << 20);
                default -> random.nextLong(OUTPUT_LIMIT);
            };
        }
        return a;
    }

    private static void assertBelow(long[] limbs, long limit) {
        for (long limb : limbs) {
            assertTrue(limb >= 0 && limb < limit, "limb " + Long.toHexString(limb) + " outside [0, " + limit + ")");
        }
    }

    private static BigInteger value(long[] limbs) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(51).add(BigInteger.valueOf(limbs[i]));
        }
        return v;
    }

    private static long[] fromValue(BigInteger v) {
        long[] limbs = new long[5];
        BigInteger mask = BigInteger.TWO.pow(51).subtract(BigInteger.ONE);
        for (int i = 0; i < 4; i++) {
            limbs[i] = v.and(mask).longValueExact();
            v = v.shiftRight(51);
        }
        limbs[4] = v.longValueExact();
        return limbs;
    }

    private static byte[] encode(long[] a) {
        byte[] out = new byte[32];
        Field25519.encode(out, 0, a);
        return out;
    }

    private static BigInteger decodeLe(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
