/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * One written-out ladder step computes RFC 7748's step formulas exactly, also where its limbs reach the bounds
 * that random X25519 inputs seldom touch, and stays small enough for HotSpot to compile it at all.
 */
class Ladder25519Test {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger A24 = BigInteger.valueOf(121665);
    /** The step's inputs are its own outputs (or 1, 0 and decoded u): limbs below this. */
    private static final long STEP_LIMIT = (1L << 51) + (1L << 16);

    private final SplittableRandom random = new SplittableRandom(7748);

    @Test
    void computesTheRfcStepFormulasAtAndBelowTheLimbBounds() {
        for (int i = 0; i < 20_000; i++) {
            long[] state = new long[Ladder25519.STATE];
            for (int j = 0; j < state.length; j++) {
                state[j] = limb(i % 3, STEP_LIMIT);
            }
            long[] x1 = new long[5];
            for (int j = 0; j < 5; j++) {
                x1[j] = limb(i % 3, 1L << 51);           // decode yields limbs below 2^51
            }
            BigInteger x2 = value(state, 0), z2 = value(state, 5), x3 = value(state, 10), z3 = value(state, 15);
            BigInteger u = value(x1, 0);

            Ladder25519.step(state, Ladder25519.forms(x1));

            // RFC 7748 §5, one iteration of the loop body after the conditional swap
            BigInteger a = x2.add(z2), aa = a.pow(2), b = x2.subtract(z2), bb = b.pow(2), e = aa.subtract(bb);
            BigInteger c = x3.add(z3), d = x3.subtract(z3), da = d.multiply(a), cb = c.multiply(b);
            assertEquals(da.add(cb).pow(2).mod(P), value(state, 10).mod(P), "x_3");
            assertEquals(u.multiply(da.subtract(cb).pow(2)).mod(P), value(state, 15).mod(P), "z_3");
            assertEquals(aa.multiply(bb).mod(P), value(state, 0).mod(P), "x_2");
            assertEquals(e.multiply(aa.add(A24.multiply(e))).mod(P), value(state, 5).mod(P), "z_2");
            for (long limb : state) {
                assertTrue(limb >= 0 && limb < STEP_LIMIT, "limb " + Long.toHexString(limb) + " out of bounds");
            }
        }
    }

    @Test
    void swapsInConstantTimeOnlyWhenAsked() {
        long[] state = new long[Ladder25519.STATE];
        for (int j = 0; j < state.length; j++) {
            state[j] = j;
        }
        long[] before = state.clone();
        Ladder25519.cswap(0, state);
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(state));
        Ladder25519.cswap(1, state);
        for (int j = 0; j < 10; j++) {
            assertEquals(before[j + 10], state[j]);
            assertEquals(before[j], state[j + 10]);
        }
    }

    @Test
    void theStepStaysBelowHotSpotsLimitForCompilingAMethod() throws IOException {
        // HotSpot does not compile methods over 8000 bytecodes (DontCompileHugeMethods); an interpreted step would
        // make X25519 some 40 times slower without failing any other test.
        int length = codeLength(Ladder25519.class, "step");
        assertTrue(length > 1000 && length < 8000, "Ladder25519.step has " + length + " bytecodes");
    }

    /** Limbs of a kind: 0 random below the limit, 1 just below the limit, 2 either extreme. */
    private long limb(int kind, long limit) {
        return switch (kind) {
            case 0 -> random.nextLong(limit);
            case 1 -> limit - 1 - random.nextLong(1 << 8);
            default -> random.nextBoolean() ? limit - 1 : random.nextLong(1 << 4);
        };
    }

    private static BigInteger value(long[] limbs, int offset) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(51).add(BigInteger.valueOf(limbs[offset + i]));
        }
        return v;
    }

    /** The length of a method's Code attribute, read from the class file (JVMS §4). */
    private static int codeLength(Class<?> type, String method) throws IOException {
        try (InputStream raw = type.getResourceAsStream(type.getSimpleName() + ".class");
                DataInputStream in = new DataInputStream(raw)) {
            in.readInt();
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            in.skipBytes(6);
            in.skipBytes(2 * in.readUnsignedShort());
            skipMembers(in, utf8, null);
            return skipMembers(in, utf8, method);
        }
    }

    /** Skips fields or methods; returns the code length of {@code method} if it is among them. */
    private static int skipMembers(DataInputStream in, String[] utf8, String method) throws IOException {
        int found = -1;
        int members = in.readUnsignedShort();
        for (int m = 0; m < members; m++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            in.readUnsignedShort();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (name.equals(method) && attribute.equals("Code")) {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    found = in.readInt();
                    in.skipBytes(length - 8);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return found;
    }
}
