/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import java.util.SplittableRandom;

import javax.crypto.KeyAgreement;

import org.junit.jupiter.api.Test;

import io.hutong.api.crypto.X25519;
import io.hutong.crypto.x25519.bc.BouncyCastleX25519;

/** The fast provider computes RFC 7748's X25519 exactly: the RFC's vectors and the JDK's own XDH agree with it. */
class FastX25519Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private final X25519 fast = new FastX25519();

    @Test
    void matchesTheRfc7748ScalarMultiplicationVectors() {
        // RFC 7748 §5.2, the two single-shot vectors; the second u has its top bit set.
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                hex(fast.scalarMult(bytes("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        bytes("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                hex(fast.scalarMult(bytes("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                        bytes("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
    }

    @Test
    void matchesTheRfc7748IteratedVectorAfterOneAndAThousandRounds() {
        // RFC 7748 §5.2: k = u = 9; each round k, u = X25519(k, u), k. (The million-round vector runs in the benchmark.)
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = fast.scalarMult(k, u);
            u = k;
            k = next;
            if (i == 1) {
                assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", hex(k));
            }
        }
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", hex(k));
    }

    @Test
    void matchesTheRfc7748DiffieHellmanExample() {
        byte[] alice = bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = fast.scalarMultBase(alice);
        byte[] bobPublic = fast.scalarMultBase(bob);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", hex(alicePublic));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", hex(bobPublic));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
                hex(fast.scalarMult(alice, bobPublic)));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
                hex(fast.scalarMult(bob, alicePublic)));
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
    void agreesWithTheJdkXdhOnThousandsOfRandomInputs() throws Exception {
        SplittableRandom random = new SplittableRandom(0x48757469L);
        KeyFactory factory = KeyFactory.getInstance("XDH");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        for (int i = 0; i < 3000; i++) {
            byte[] k = randomBytes(random);
            byte[] u = randomBytes(random);
            switch (i % 4) {
                case 0 -> u[31] |= (byte) 0x80;     // top bit set: must be ignored
                case 1 -> u[31] &= 0x7f;            // ordinary canonical-range value
                case 2 -> nonCanonical(u, random);  // p <= u < 2^255
                default -> { }                      // whatever the bytes say
            }
            byte[] expected = jdk(factory, agreement, k, u);
            assertEquals(hex(expected), hex(fast.scalarMult(k, u)), "k=" + hex(k) + " u=" + hex(u));
        }
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

    /** X25519 computed by the JDK: the u-coordinate is decoded as RFC 7748 §5 does (top bit masked). */
    static byte[] jdk(KeyFactory factory, KeyAgreement agreement, byte[] k, byte[] u) throws Exception {
        byte[] masked = u.clone();
        masked[31] &= 0x7f;
        BigInteger uValue = new BigInteger(1, reverse(masked));
        PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k.clone()));
        PublicKey publicKey = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uValue));
        agreement.init(privateKey);
        agreement.doPhase(publicKey, true);
        return agreement.generateSecret();
    }

    private static void nonCanonical(byte[] u, SplittableRandom random) {
        // j = 0 and 1 would give the small-order points 0 and 1, which the JDK refuses to compute with
        byte[] value = le(P.add(BigInteger.valueOf(2 + random.nextInt(17))));
        System.arraycopy(value, 0, u, 0, 32);
    }

    private static byte[] le(BigInteger value) {
        byte[] out = new byte[32];
        byte[] be = value.toByteArray();
        for (int i = 0; i < be.length && i < 32; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    private static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}
