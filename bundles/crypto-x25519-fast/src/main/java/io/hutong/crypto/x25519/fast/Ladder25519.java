/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import static io.hutong.crypto.x25519.fast.Field25519.LIMBS;

/**
 * The Montgomery ladder of RFC 7748 §5 with the field arithmetic of one ladder step written out in local
 * variables, the form in which HotSpot's C2 compiles it fastest without any JVM option.
 *
 * <p>Why it is written out: {@link Field25519#mul} and {@link Field25519#square} are larger than HotSpot's
 * {@code FreqInlineSize} (325 bytecodes), so a ladder calling them pays a call and a round trip through arrays
 * for each of the nine products of a step. Here the step is one method (about 6 500 bytecodes, under HotSpot's
 * 8 000-bytecode limit for compiling a method at all) whose blocks each follow one of three fixed patterns:
 * <ul>
 * <li>a product r = x · y forms {@code p_i = x_i << 8}, {@code q_j = y_j << 5} and {@code w_j = 19 · q_j}: the
 * 128-bit product of {@code p_i} and {@code q_j} (or {@code w_j}) is the limb product (or its wrapped, 19-fold
 * version) times 2<sup>13</sup>, so {@link Math#multiplyHigh} yields its bits 51 and up and the low word shifted
 * right by 13 its low 51 bits; the five columns are summed as (high, low) pairs and carried once;</li>
 * <li>a square r = x² uses {@code t_i = x_i << 9} for the doubled cross terms;</li>
 * <li>r = x · 121665 (the constant a24 = (A − 2) / 4) multiplies by {@code A24 = 121665 << 5}.</li>
 * </ul>
 * The 8/5 split needs one pre-shifted form of x where {@link Field25519}'s 6/7 split needs two, which saves
 * registers. Bounds (checked in {@code Ladder25519Test} at their extremes): products and squares accept limbs
 * below 2<sup>53</sup> ({@code p < 2^61}, {@code t < 2^62}, {@code w < 19 · 2^58 < 2^62.3}, so every operand
 * of {@code multiplyHigh} is a non-negative long) and return limbs below 2<sup>51</sup> + 2<sup>16</sup>;
 * sums and differences ({@code a + 2p − b}) of such limbs stay below 2<sup>53</sup>. No branch and no memory
 * index depends on the scalar.
 */
final class Ladder25519 {

    private static final long M = (1L << 51) - 1;
    /** 2p in the limbs of {@code a + 2p − b}, which keeps differences non-negative. */
    private static final long TWO_P0 = 0xFFFFFFFFFFFDAL;
    private static final long TWO_P1 = 0xFFFFFFFFFFFFEL;
    /** a24 = 121665 pre-shifted like a {@code q} operand. */
    private static final long A24 = 121665L << 5;
    /** Length of the ladder state: x_2, z_2, x_3, z_3. */
    static final int STATE = 4 * LIMBS;

    private Ladder25519() {
    }

    /** out = X25519(scalar, u), RFC 7748 §5: the clamped scalar's bits 254..0 drive the ladder. */
    static void scalarMult(byte[] scalar, byte[] u, byte[] out) {
        long[] x2 = new long[LIMBS];
        long[] z2 = new long[LIMBS];
        ladder(clamp(scalar), u, x2, z2);
        Field25519.invert(z2, z2);
        Field25519.mul(x2, x2, z2);
        Field25519.encode(out, 0, x2);
    }

    /**
     * outs[i] = X25519(scalar, us[i]) for every i, with one field inversion for all of them instead of one each
     * (Montgomery's trick: invert the product of the z's, then peel each inverse off with two multiplications).
     * A z that is 0 (a low-order input, whose X25519 is 0) would make the product 0 and every result 0: it is
     * replaced by 1 in the product and its result set to 0, both by constant-time swaps, so no secret-dependent
     * branch is taken and the results equal {@link #scalarMult}'s.
     */
    static void scalarMultAll(byte[] scalar, byte[][] us, byte[][] outs) {
        int n = us.length;
        if (n == 0) {
            return;
        }
        byte[] k = clamp(scalar);
        long[][] x2 = new long[n][LIMBS];
        long[][] z2 = new long[n][LIMBS];
        long[] zero = new long[n];
        long[][] prefix = new long[n][LIMBS];
        long[] one = new long[LIMBS];
        for (int i = 0; i < n; i++) {
            ladder(k, us[i], x2[i], z2[i]);
            zero[i] = isZero(z2[i]);
            Field25519.one(one);
            Field25519.cswap(zero[i], z2[i], one);    // z_i := 1 when it is 0
            if (i == 0) {
                Field25519.copy(prefix[0], z2[0]);
            } else {
                Field25519.mul(prefix[i], prefix[i - 1], z2[i]);
            }
        }
        long[] inverse = new long[LIMBS];
        Field25519.invert(inverse, prefix[n - 1]);    // (z_0 ⋯ z_{n-1})⁻¹
        long[] zi = new long[LIMBS];
        long[] nothing = new long[LIMBS];
        for (int i = n - 1; i >= 0; i--) {
            if (i > 0) {
                Field25519.mul(zi, inverse, prefix[i - 1]);   // z_i⁻¹
                Field25519.mul(inverse, inverse, z2[i]);      // (z_0 ⋯ z_{i-1})⁻¹
            } else {
                Field25519.copy(zi, inverse);
            }
            Field25519.mul(x2[i], x2[i], zi);
            java.util.Arrays.fill(nothing, 0);
            Field25519.cswap(zero[i], x2[i], nothing);    // X25519 is 0 where z was 0
            Field25519.encode(outs[i], 0, x2[i]);
        }
    }

    /** @return 1 when a ≡ 0 (mod p), else 0, without a branch on its value */
    static long isZero(long[] a) {
        byte[] b = new byte[32];
        Field25519.encode(b, 0, a);
        long acc = 0;
        for (byte x : b) {
            acc |= x & 0xff;
        }
        return (acc - 1) >>> 63;
    }

    private static byte[] clamp(byte[] scalar) {
        byte[] k = scalar.clone();
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
        return k;
    }

    /** Runs the ladder of the clamped scalar {@code k} over u; leaves the projective result in x2, z2. */
    private static void ladder(byte[] k, byte[] u, long[] x2, long[] z2) {
        long[] x1 = new long[LIMBS];
        Field25519.decode(x1, u, 0);
        long[] state = new long[STATE];
        state[0] = 1;                                     // x_2 = 1, z_2 = 0
        System.arraycopy(x1, 0, state, 2 * LIMBS, LIMBS); // x_3 = u
        state[3 * LIMBS] = 1;                             // z_3 = 1
        long[] x1Forms = forms(x1);

        long swap = 0;
        for (int t = 254; t >= 0; t--) {
            long bit = (k[t >>> 3] >>> (t & 7)) & 1;
            swap ^= bit;
            cswap(swap, state);
            swap = bit;
            step(state, x1Forms);
        }
        cswap(swap, state);
        System.arraycopy(state, 0, x2, 0, LIMBS);
        System.arraycopy(state, LIMBS, z2, 0, LIMBS);
    }

    /** The {@code q} and {@code w} operand forms of x_1, which every step multiplies by and which never change. */
    static long[] forms(long[] x1) {
        long[] f = new long[2 * LIMBS - 1];
        for (int i = 0; i < LIMBS; i++) {
            f[i] = x1[i] << 5;
        }
        for (int i = 1; i < LIMBS; i++) {
            f[LIMBS - 1 + i] = 19 * (x1[i] << 5);
        }
        return f;
    }

    /** Swaps (x_2, z_2) with (x_3, z_3) when {@code swap} is 1 and leaves them when it is 0, in constant time. */
    static void cswap(long swap, long[] s) {
        long mask = -swap;
        for (int i = 0; i < 2 * LIMBS; i++) {
            long x = mask & (s[i] ^ s[i + 2 * LIMBS]);
            s[i] ^= x;
            s[i + 2 * LIMBS] ^= x;
        }
    }

    /**
     * One ladder step of RFC 7748 §5 on {@code s} = (x_2, z_2, x_3, z_3), in place, with {@code x1} the
     * {@link #forms} of the input u-coordinate.
     */
    static void step(long[] s, long[] x1) {
        long x20 = s[0], x21 = s[1], x22 = s[2], x23 = s[3], x24 = s[4];
        long z20 = s[5], z21 = s[6], z22 = s[7], z23 = s[8], z24 = s[9];
        long x30 = s[10], x31 = s[11], x32 = s[12], x33 = s[13], x34 = s[14];
        long z30 = s[15], z31 = s[16], z32 = s[17], z33 = s[18], z34 = s[19];
        long x1q0 = x1[0], x1q1 = x1[1], x1q2 = x1[2], x1q3 = x1[3], x1q4 = x1[4];
        long x1w1 = x1[5], x1w2 = x1[6], x1w3 = x1[7], x1w4 = x1[8];

        // A = x_2 + z_2, AA = A^2
        long a0 = x20 + z20, a1 = x21 + z21, a2 = x22 + z22, a3 = x23 + z23, a4 = x24 + z24;
        long aa0, aa1, aa2, aa3, aa4;
        {
            long p0 = a0 << 8, p1 = a1 << 8, p2 = a2 << 8, p3 = a3 << 8, p4 = a4 << 8;
            long t0 = a0 << 9, t1 = a1 << 9, t2 = a2 << 9, t3 = a3 << 9;
            long q0 = a0 << 5, q1 = a1 << 5, q2 = a2 << 5, q3 = a3 << 5, q4 = a4 << 5;
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
            aa0 = l0 & M;
            l1 += carry;
            aa1 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            aa2 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            aa3 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            aa4 = l4 & M;
            carry = h4 + (l4 >>> 51);
            aa0 += 19 * (carry & M);
            aa1 += 19 * (carry >>> 51) + (aa0 >>> 51);
            aa0 &= M;
        }

        // B = x_2 - z_2, BB = B^2
        long b0 = x20 + TWO_P0 - z20;
        long b1 = x21 + TWO_P1 - z21;
        long b2 = x22 + TWO_P1 - z22;
        long b3 = x23 + TWO_P1 - z23;
        long b4 = x24 + TWO_P1 - z24;
        long bb0, bb1, bb2, bb3, bb4;
        {
            long p0 = b0 << 8, p1 = b1 << 8, p2 = b2 << 8, p3 = b3 << 8, p4 = b4 << 8;
            long t0 = b0 << 9, t1 = b1 << 9, t2 = b2 << 9, t3 = b3 << 9;
            long q0 = b0 << 5, q1 = b1 << 5, q2 = b2 << 5, q3 = b3 << 5, q4 = b4 << 5;
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
            bb0 = l0 & M;
            l1 += carry;
            bb1 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            bb2 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            bb3 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            bb4 = l4 & M;
            carry = h4 + (l4 >>> 51);
            bb0 += 19 * (carry & M);
            bb1 += 19 * (carry >>> 51) + (bb0 >>> 51);
            bb0 &= M;
        }

        // E = AA - BB, C = x_3 + z_3, D = x_3 - z_3
        long e0 = aa0 + TWO_P0 - bb0;
        long e1 = aa1 + TWO_P1 - bb1;
        long e2 = aa2 + TWO_P1 - bb2;
        long e3 = aa3 + TWO_P1 - bb3;
        long e4 = aa4 + TWO_P1 - bb4;
        long c0 = x30 + z30, c1 = x31 + z31, c2 = x32 + z32, c3 = x33 + z33, c4 = x34 + z34;
        long d0 = x30 + TWO_P0 - z30;
        long d1 = x31 + TWO_P1 - z31;
        long d2 = x32 + TWO_P1 - z32;
        long d3 = x33 + TWO_P1 - z33;
        long d4 = x34 + TWO_P1 - z34;

        // DA = D * A, CB = C * B
        long da0, da1, da2, da3, da4;
        {
            long p0 = d0 << 8, p1 = d1 << 8, p2 = d2 << 8, p3 = d3 << 8, p4 = d4 << 8;
            long q0 = a0 << 5, q1 = a1 << 5, q2 = a2 << 5, q3 = a3 << 5, q4 = a4 << 5;
            long w1 = 19 * q1, w2 = 19 * q2, w3 = 19 * q3, w4 = 19 * q4;
            long h0 = Math.multiplyHigh(p0, q0) + Math.multiplyHigh(p1, w4) + Math.multiplyHigh(p2, w3)
                    + Math.multiplyHigh(p3, w2) + Math.multiplyHigh(p4, w1);
            long l0 = ((p0 * q0) >>> 13) + ((p1 * w4) >>> 13) + ((p2 * w3) >>> 13) + ((p3 * w2) >>> 13)
                    + ((p4 * w1) >>> 13);
            long h1 = Math.multiplyHigh(p0, q1) + Math.multiplyHigh(p1, q0) + Math.multiplyHigh(p2, w4)
                    + Math.multiplyHigh(p3, w3) + Math.multiplyHigh(p4, w2);
            long l1 = ((p0 * q1) >>> 13) + ((p1 * q0) >>> 13) + ((p2 * w4) >>> 13) + ((p3 * w3) >>> 13)
                    + ((p4 * w2) >>> 13);
            long h2 = Math.multiplyHigh(p0, q2) + Math.multiplyHigh(p1, q1) + Math.multiplyHigh(p2, q0)
                    + Math.multiplyHigh(p3, w4) + Math.multiplyHigh(p4, w3);
            long l2 = ((p0 * q2) >>> 13) + ((p1 * q1) >>> 13) + ((p2 * q0) >>> 13) + ((p3 * w4) >>> 13)
                    + ((p4 * w3) >>> 13);
            long h3 = Math.multiplyHigh(p0, q3) + Math.multiplyHigh(p1, q2) + Math.multiplyHigh(p2, q1)
                    + Math.multiplyHigh(p3, q0) + Math.multiplyHigh(p4, w4);
            long l3 = ((p0 * q3) >>> 13) + ((p1 * q2) >>> 13) + ((p2 * q1) >>> 13) + ((p3 * q0) >>> 13)
                    + ((p4 * w4) >>> 13);
            long h4 = Math.multiplyHigh(p0, q4) + Math.multiplyHigh(p1, q3) + Math.multiplyHigh(p2, q2)
                    + Math.multiplyHigh(p3, q1) + Math.multiplyHigh(p4, q0);
            long l4 = ((p0 * q4) >>> 13) + ((p1 * q3) >>> 13) + ((p2 * q2) >>> 13) + ((p3 * q1) >>> 13)
                    + ((p4 * q0) >>> 13);
            long carry = h0 + (l0 >>> 51);
            da0 = l0 & M;
            l1 += carry;
            da1 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            da2 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            da3 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            da4 = l4 & M;
            carry = h4 + (l4 >>> 51);
            da0 += 19 * (carry & M);
            da1 += 19 * (carry >>> 51) + (da0 >>> 51);
            da0 &= M;
        }
        long cb0, cb1, cb2, cb3, cb4;
        {
            long p0 = c0 << 8, p1 = c1 << 8, p2 = c2 << 8, p3 = c3 << 8, p4 = c4 << 8;
            long q0 = b0 << 5, q1 = b1 << 5, q2 = b2 << 5, q3 = b3 << 5, q4 = b4 << 5;
            long w1 = 19 * q1, w2 = 19 * q2, w3 = 19 * q3, w4 = 19 * q4;
            long h0 = Math.multiplyHigh(p0, q0) + Math.multiplyHigh(p1, w4) + Math.multiplyHigh(p2, w3)
                    + Math.multiplyHigh(p3, w2) + Math.multiplyHigh(p4, w1);
            long l0 = ((p0 * q0) >>> 13) + ((p1 * w4) >>> 13) + ((p2 * w3) >>> 13) + ((p3 * w2) >>> 13)
                    + ((p4 * w1) >>> 13);
            long h1 = Math.multiplyHigh(p0, q1) + Math.multiplyHigh(p1, q0) + Math.multiplyHigh(p2, w4)
                    + Math.multiplyHigh(p3, w3) + Math.multiplyHigh(p4, w2);
            long l1 = ((p0 * q1) >>> 13) + ((p1 * q0) >>> 13) + ((p2 * w4) >>> 13) + ((p3 * w3) >>> 13)
                    + ((p4 * w2) >>> 13);
            long h2 = Math.multiplyHigh(p0, q2) + Math.multiplyHigh(p1, q1) + Math.multiplyHigh(p2, q0)
                    + Math.multiplyHigh(p3, w4) + Math.multiplyHigh(p4, w3);
            long l2 = ((p0 * q2) >>> 13) + ((p1 * q1) >>> 13) + ((p2 * q0) >>> 13) + ((p3 * w4) >>> 13)
                    + ((p4 * w3) >>> 13);
            long h3 = Math.multiplyHigh(p0, q3) + Math.multiplyHigh(p1, q2) + Math.multiplyHigh(p2, q1)
                    + Math.multiplyHigh(p3, q0) + Math.multiplyHigh(p4, w4);
            long l3 = ((p0 * q3) >>> 13) + ((p1 * q2) >>> 13) + ((p2 * q1) >>> 13) + ((p3 * q0) >>> 13)
                    + ((p4 * w4) >>> 13);
            long h4 = Math.multiplyHigh(p0, q4) + Math.multiplyHigh(p1, q3) + Math.multiplyHigh(p2, q2)
                    + Math.multiplyHigh(p3, q1) + Math.multiplyHigh(p4, q0);
            long l4 = ((p0 * q4) >>> 13) + ((p1 * q3) >>> 13) + ((p2 * q2) >>> 13) + ((p3 * q1) >>> 13)
                    + ((p4 * q0) >>> 13);
            long carry = h0 + (l0 >>> 51);
            cb0 = l0 & M;
            l1 += carry;
            cb1 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            cb2 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            cb3 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            cb4 = l4 & M;
            carry = h4 + (l4 >>> 51);
            cb0 += 19 * (carry & M);
            cb1 += 19 * (carry >>> 51) + (cb0 >>> 51);
            cb0 &= M;
        }

        // x_3 = (DA + CB)^2
        long sum0 = da0 + cb0, sum1 = da1 + cb1, sum2 = da2 + cb2, sum3 = da3 + cb3, sum4 = da4 + cb4;
        long nx30, nx31, nx32, nx33, nx34;
        {
            long p0 = sum0 << 8, p1 = sum1 << 8, p2 = sum2 << 8, p3 = sum3 << 8, p4 = sum4 << 8;
            long t0 = sum0 << 9, t1 = sum1 << 9, t2 = sum2 << 9, t3 = sum3 << 9;
            long q0 = sum0 << 5, q1 = sum1 << 5, q2 = sum2 << 5, q3 = sum3 << 5, q4 = sum4 << 5;
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
            nx30 = l0 & M;
            l1 += carry;
            nx31 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            nx32 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            nx33 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            nx34 = l4 & M;
            carry = h4 + (l4 >>> 51);
            nx30 += 19 * (carry & M);
            nx31 += 19 * (carry >>> 51) + (nx30 >>> 51);
            nx30 &= M;
        }

        // z_3 = x_1 * (DA - CB)^2
        long dif0 = da0 + TWO_P0 - cb0;
        long dif1 = da1 + TWO_P1 - cb1;
        long dif2 = da2 + TWO_P1 - cb2;
        long dif3 = da3 + TWO_P1 - cb3;
        long dif4 = da4 + TWO_P1 - cb4;
        long dd0, dd1, dd2, dd3, dd4;
        {
            long p0 = dif0 << 8, p1 = dif1 << 8, p2 = dif2 << 8, p3 = dif3 << 8, p4 = dif4 << 8;
            long t0 = dif0 << 9, t1 = dif1 << 9, t2 = dif2 << 9, t3 = dif3 << 9;
            long q0 = dif0 << 5, q1 = dif1 << 5, q2 = dif2 << 5, q3 = dif3 << 5, q4 = dif4 << 5;
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
            dd0 = l0 & M;
            l1 += carry;
            dd1 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            dd2 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            dd3 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            dd4 = l4 & M;
            carry = h4 + (l4 >>> 51);
            dd0 += 19 * (carry & M);
            dd1 += 19 * (carry >>> 51) + (dd0 >>> 51);
            dd0 &= M;
        }
        long nz30, nz31, nz32, nz33, nz34;
        {
            long p0 = dd0 << 8, p1 = dd1 << 8, p2 = dd2 << 8, p3 = dd3 << 8, p4 = dd4 << 8;
            long h0 = Math.multiplyHigh(p0, x1q0) + Math.multiplyHigh(p1, x1w4) + Math.multiplyHigh(p2, x1w3)
                    + Math.multiplyHigh(p3, x1w2) + Math.multiplyHigh(p4, x1w1);
            long l0 = ((p0 * x1q0) >>> 13) + ((p1 * x1w4) >>> 13) + ((p2 * x1w3) >>> 13) + ((p3 * x1w2) >>> 13)
                    + ((p4 * x1w1) >>> 13);
            long h1 = Math.multiplyHigh(p0, x1q1) + Math.multiplyHigh(p1, x1q0) + Math.multiplyHigh(p2, x1w4)
                    + Math.multiplyHigh(p3, x1w3) + Math.multiplyHigh(p4, x1w2);
            long l1 = ((p0 * x1q1) >>> 13) + ((p1 * x1q0) >>> 13) + ((p2 * x1w4) >>> 13) + ((p3 * x1w3) >>> 13)
                    + ((p4 * x1w2) >>> 13);
            long h2 = Math.multiplyHigh(p0, x1q2) + Math.multiplyHigh(p1, x1q1) + Math.multiplyHigh(p2, x1q0)
                    + Math.multiplyHigh(p3, x1w4) + Math.multiplyHigh(p4, x1w3);
            long l2 = ((p0 * x1q2) >>> 13) + ((p1 * x1q1) >>> 13) + ((p2 * x1q0) >>> 13) + ((p3 * x1w4) >>> 13)
                    + ((p4 * x1w3) >>> 13);
            long h3 = Math.multiplyHigh(p0, x1q3) + Math.multiplyHigh(p1, x1q2) + Math.multiplyHigh(p2, x1q1)
                    + Math.multiplyHigh(p3, x1q0) + Math.multiplyHigh(p4, x1w4);
            long l3 = ((p0 * x1q3) >>> 13) + ((p1 * x1q2) >>> 13) + ((p2 * x1q1) >>> 13) + ((p3 * x1q0) >>> 13)
                    + ((p4 * x1w4) >>> 13);
            long h4 = Math.multiplyHigh(p0, x1q4) + Math.multiplyHigh(p1, x1q3) + Math.multiplyHigh(p2, x1q2)
                    + Math.multiplyHigh(p3, x1q1) + Math.multiplyHigh(p4, x1q0);
            long l4 = ((p0 * x1q4) >>> 13) + ((p1 * x1q3) >>> 13) + ((p2 * x1q2) >>> 13) + ((p3 * x1q1) >>> 13)
                    + ((p4 * x1q0) >>> 13);
            long carry = h0 + (l0 >>> 51);
            nz30 = l0 & M;
            l1 += carry;
            nz31 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            nz32 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            nz33 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            nz34 = l4 & M;
            carry = h4 + (l4 >>> 51);
            nz30 += 19 * (carry & M);
            nz31 += 19 * (carry >>> 51) + (nz30 >>> 51);
            nz30 &= M;
        }

        // x_2 = AA * BB
        long nx20, nx21, nx22, nx23, nx24;
        {
            long p0 = aa0 << 8, p1 = aa1 << 8, p2 = aa2 << 8, p3 = aa3 << 8, p4 = aa4 << 8;
            long q0 = bb0 << 5, q1 = bb1 << 5, q2 = bb2 << 5, q3 = bb3 << 5, q4 = bb4 << 5;
            long w1 = 19 * q1, w2 = 19 * q2, w3 = 19 * q3, w4 = 19 * q4;
            long h0 = Math.multiplyHigh(p0, q0) + Math.multiplyHigh(p1, w4) + Math.multiplyHigh(p2, w3)
                    + Math.multiplyHigh(p3, w2) + Math.multiplyHigh(p4, w1);
            long l0 = ((p0 * q0) >>> 13) + ((p1 * w4) >>> 13) + ((p2 * w3) >>> 13) + ((p3 * w2) >>> 13)
                    + ((p4 * w1) >>> 13);
            long h1 = Math.multiplyHigh(p0, q1) + Math.multiplyHigh(p1, q0) + Math.multiplyHigh(p2, w4)
                    + Math.multiplyHigh(p3, w3) + Math.multiplyHigh(p4, w2);
            long l1 = ((p0 * q1) >>> 13) + ((p1 * q0) >>> 13) + ((p2 * w4) >>> 13) + ((p3 * w3) >>> 13)
                    + ((p4 * w2) >>> 13);
            long h2 = Math.multiplyHigh(p0, q2) + Math.multiplyHigh(p1, q1) + Math.multiplyHigh(p2, q0)
                    + Math.multiplyHigh(p3, w4) + Math.multiplyHigh(p4, w3);
            long l2 = ((p0 * q2) >>> 13) + ((p1 * q1) >>> 13) + ((p2 * q0) >>> 13) + ((p3 * w4) >>> 13)
                    + ((p4 * w3) >>> 13);
            long h3 = Math.multiplyHigh(p0, q3) + Math.multiplyHigh(p1, q2) + Math.multiplyHigh(p2, q1)
                    + Math.multiplyHigh(p3, q0) + Math.multiplyHigh(p4, w4);
            long l3 = ((p0 * q3) >>> 13) + ((p1 * q2) >>> 13) + ((p2 * q1) >>> 13) + ((p3 * q0) >>> 13)
                    + ((p4 * w4) >>> 13);
            long h4 = Math.multiplyHigh(p0, q4) + Math.multiplyHigh(p1, q3) + Math.multiplyHigh(p2, q2)
                    + Math.multiplyHigh(p3, q1) + Math.multiplyHigh(p4, q0);
            long l4 = ((p0 * q4) >>> 13) + ((p1 * q3) >>> 13) + ((p2 * q2) >>> 13) + ((p3 * q1) >>> 13)
                    + ((p4 * q0) >>> 13);
            long carry = h0 + (l0 >>> 51);
            nx20 = l0 & M;
            l1 += carry;
            nx21 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            nx22 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            nx23 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            nx24 = l4 & M;
            carry = h4 + (l4 >>> 51);
            nx20 += 19 * (carry & M);
            nx21 += 19 * (carry >>> 51) + (nx20 >>> 51);
            nx20 &= M;
        }

        // z_2 = E * (AA + a24 * E)
        long g0, g1, g2, g3, g4;
        {
            long p0 = e0 << 8, p1 = e1 << 8, p2 = e2 << 8, p3 = e3 << 8, p4 = e4 << 8;
            long h0 = Math.multiplyHigh(p0, A24), h1 = Math.multiplyHigh(p1, A24), h2 = Math.multiplyHigh(p2, A24), h3 = Math.multiplyHigh(p3, A24), h4 = Math.multiplyHigh(p4, A24);
            g0 = ((p0 * A24) >>> 13) + 19 * h4;
            g1 = ((p1 * A24) >>> 13) + h0;
            g2 = ((p2 * A24) >>> 13) + h1;
            g3 = ((p3 * A24) >>> 13) + h2;
            g4 = ((p4 * A24) >>> 13) + h3;
        }
        long f0 = aa0 + g0, f1 = aa1 + g1, f2 = aa2 + g2, f3 = aa3 + g3, f4 = aa4 + g4;
        long nz20, nz21, nz22, nz23, nz24;
        {
            long p0 = f0 << 8, p1 = f1 << 8, p2 = f2 << 8, p3 = f3 << 8, p4 = f4 << 8;
            long q0 = e0 << 5, q1 = e1 << 5, q2 = e2 << 5, q3 = e3 << 5, q4 = e4 << 5;
            long w1 = 19 * q1, w2 = 19 * q2, w3 = 19 * q3, w4 = 19 * q4;
            long h0 = Math.multiplyHigh(p0, q0) + Math.multiplyHigh(p1, w4) + Math.multiplyHigh(p2, w3)
                    + Math.multiplyHigh(p3, w2) + Math.multiplyHigh(p4, w1);
            long l0 = ((p0 * q0) >>> 13) + ((p1 * w4) >>> 13) + ((p2 * w3) >>> 13) + ((p3 * w2) >>> 13)
                    + ((p4 * w1) >>> 13);
            long h1 = Math.multiplyHigh(p0, q1) + Math.multiplyHigh(p1, q0) + Math.multiplyHigh(p2, w4)
                    + Math.multiplyHigh(p3, w3) + Math.multiplyHigh(p4, w2);
            long l1 = ((p0 * q1) >>> 13) + ((p1 * q0) >>> 13) + ((p2 * w4) >>> 13) + ((p3 * w3) >>> 13)
                    + ((p4 * w2) >>> 13);
            long h2 = Math.multiplyHigh(p0, q2) + Math.multiplyHigh(p1, q1) + Math.multiplyHigh(p2, q0)
                    + Math.multiplyHigh(p3, w4) + Math.multiplyHigh(p4, w3);
            long l2 = ((p0 * q2) >>> 13) + ((p1 * q1) >>> 13) + ((p2 * q0) >>> 13) + ((p3 * w4) >>> 13)
                    + ((p4 * w3) >>> 13);
            long h3 = Math.multiplyHigh(p0, q3) + Math.multiplyHigh(p1, q2) + Math.multiplyHigh(p2, q1)
                    + Math.multiplyHigh(p3, q0) + Math.multiplyHigh(p4, w4);
            long l3 = ((p0 * q3) >>> 13) + ((p1 * q2) >>> 13) + ((p2 * q1) >>> 13) + ((p3 * q0) >>> 13)
                    + ((p4 * w4) >>> 13);
            long h4 = Math.multiplyHigh(p0, q4) + Math.multiplyHigh(p1, q3) + Math.multiplyHigh(p2, q2)
                    + Math.multiplyHigh(p3, q1) + Math.multiplyHigh(p4, q0);
            long l4 = ((p0 * q4) >>> 13) + ((p1 * q3) >>> 13) + ((p2 * q2) >>> 13) + ((p3 * q1) >>> 13)
                    + ((p4 * q0) >>> 13);
            long carry = h0 + (l0 >>> 51);
            nz20 = l0 & M;
            l1 += carry;
            nz21 = l1 & M;
            carry = h1 + (l1 >>> 51);
            l2 += carry;
            nz22 = l2 & M;
            carry = h2 + (l2 >>> 51);
            l3 += carry;
            nz23 = l3 & M;
            carry = h3 + (l3 >>> 51);
            l4 += carry;
            nz24 = l4 & M;
            carry = h4 + (l4 >>> 51);
            nz20 += 19 * (carry & M);
            nz21 += 19 * (carry >>> 51) + (nz20 >>> 51);
            nz20 &= M;
        }

        s[0] = nx20; s[1] = nx21; s[2] = nx22; s[3] = nx23; s[4] = nx24;
        s[5] = nz20; s[6] = nz21; s[7] = nz22; s[8] = nz23; s[9] = nz24;
        s[10] = nx30; s[11] = nx31; s[12] = nx32; s[13] = nx33; s[14] = nx34;
        s[15] = nz30; s[16] = nz31; s[17] = nz32; s[18] = nz33; s[19] = nz34;
    }
}
