/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import static io.hutong.crypto.x25519.fast.X25519Conformance.P;
import static io.hutong.crypto.x25519.fast.X25519Conformance.bytes;
import static io.hutong.crypto.x25519.fast.X25519Conformance.hex;
import static io.hutong.crypto.x25519.fast.X25519Conformance.jdk;
import static io.hutong.crypto.x25519.fast.X25519Conformance.le;
import static io.hutong.crypto.x25519.fast.X25519Conformance.randomBytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.util.SplittableRandom;

import javax.crypto.KeyAgreement;

import org.junit.jupiter.api.Test;

import io.hutong.api.crypto.X25519;
import io.hutong.crypto.x25519.bc.BouncyCastleX25519;

/** The fast provider computes RFC 7748's X25519 exactly: the RFC's vectors and the JDK's own XDH agree with it. */
class FastX25519Test {

    private final X25519 fast = new FastX25519();

    @Test
    void matchesTheRfc7748Vectors() {
        X25519Conformance.rfc7748Vectors(fast);
    }

    @Test
    void agreesWithTheJdkXdhOnThousandsOfRandomInputs() throws Exception {
        X25519Conformance.agreesWithTheJdk(fast, 3000, 0x48757469L);
    }

    @Test
    void theJdkAgreesWithTheRfcVectorsAsWritten() throws Exception {
        // guards the vectors above against a transcription error: an independent implementation computes them too
        KeyFactory factory = KeyFactory.getInstance("XDH");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                hex(jdk(factory, agreement, bytes("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                        bytes("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                hex(jdk(factory, agreement, bytes("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        bytes("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
    }

    @Test
    void agreesWithBouncyCastleOnRandomInputsAndBasePoints() {
        SplittableRandom random = new SplittableRandom(7);
        X25519 bc = new BouncyCastleX25519();
        for (int i = 0; i < 1000; i++) {
            byte[] k = randomBytes(random);
            byte[] u = randomBytes(random);
            assertArrayEquals(bc.scalarMult(k, u), fast.scalarMult(k, u));
            assertArrayEquals(bc.scalarMultBase(k), fast.scalarMultBase(k));
        }
    }

    @Test
    void aBatchEqualsOneByOneOnTheRfcVectorsRandomInputsAndLowOrderPoints() {
        // RFC 7748 §5.2's second vector in a batch with the same scalar
        byte[] rfcK = bytes("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d");
        byte[][] rfc = fast.scalarMultAll(rfcK, new byte[][] {
                bytes("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")});
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957", hex(rfc[0]));

        // random batches of 1 to 600 points, with low-order points (u = 0, 1, p - 1, p: X25519 is 0 for 0, p, and the
        // order-2 point p - 1; its z is 0) at random places: one such point must not zero the rest (Montgomery's trick)
        SplittableRandom random = new SplittableRandom(17);
        X25519 bc = new BouncyCastleX25519();
        byte[][] lowOrder = {le(BigInteger.ZERO), le(BigInteger.ONE), le(P.subtract(BigInteger.ONE)), le(P)};
        for (int round = 0; round < 40; round++) {
            byte[] k = randomBytes(random);
            byte[][] us = new byte[1 + random.nextInt(600)][];
            for (int i = 0; i < us.length; i++) {
                us[i] = random.nextInt(50) == 0 ? lowOrder[random.nextInt(lowOrder.length)] : randomBytes(random);
            }
            byte[][] batch = fast.scalarMultAll(k, us);
            assertEquals(us.length, batch.length);
            for (int i = 0; i < us.length; i++) {
                assertArrayEquals(bc.scalarMult(k, us[i]), batch[i], "round " + round + ", point " + i);
            }
        }
        byte[][] onlyLow = fast.scalarMultAll(randomBytes(random), new byte[][] {lowOrder[0], lowOrder[3]});
        assertArrayEquals(new byte[32], onlyLow[0]);
        assertArrayEquals(new byte[32], onlyLow[1]);
        assertEquals(0, fast.scalarMultAll(randomBytes(random), new byte[0][]).length);
        assertThrows(IllegalArgumentException.class, () -> fast.scalarMultAll(new byte[32], new byte[][] {new byte[31]}));
    }

    @Test
    void reducesEveryNonCanonicalEncodingOfASmallValueLikeItsCanonicalTwin() {
        // u = p + j and u = j are the same field element; u = 2^255 + j is j once the top bit is dropped.
        SplittableRandom random = new SplittableRandom(11);
        byte[] k = randomBytes(random);
        for (int j = 0; j < 19; j++) {
            byte[] canonical = le(BigInteger.valueOf(j));
            byte[] plusP = le(P.add(BigInteger.valueOf(j)));
            byte[] topBit = canonical.clone();
            topBit[31] |= (byte) 0x80;
            byte[] expected = fast.scalarMult(k, canonical);
            assertArrayEquals(expected, fast.scalarMult(k, plusP), "p + " + j);
            assertArrayEquals(expected, fast.scalarMult(k, topBit), "2^255 + " + j);
        }
        // u = 0 and u = p are of small order: the result is all zeros, as RFC 7748 computes it.
        assertArrayEquals(new byte[32], fast.scalarMult(k, le(P)));
    }

    @Test
    void leavesItsArgumentsUntouchedAndRejectsWrongLengths() {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) 0xff);
        byte[] u = new byte[32];
        u[0] = 9;
        fast.scalarMult(k, u);
        assertEquals((byte) 0xff, k[0]);
        assertEquals((byte) 0xff, k[31]);
        assertThrows(IllegalArgumentException.class, () -> fast.scalarMult(new byte[31], u));
        assertThrows(IllegalArgumentException.class, () -> fast.scalarMult(k, new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> fast.scalarMultBase(null));
    }

}
