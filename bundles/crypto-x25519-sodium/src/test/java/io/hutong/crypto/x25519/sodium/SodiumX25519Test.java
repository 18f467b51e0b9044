/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.sodium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import java.util.SplittableRandom;

import javax.crypto.KeyAgreement;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.hutong.api.crypto.X25519;
import io.hutong.crypto.x25519.fast.FastX25519;

/**
 * libsodium through FFM computes RFC 7748's X25519 exactly: the RFC's vectors, the JDK's own XDH and the pure-Java
 * provider agree with it. Needs a JDK 22+ test JVM (the module's pom picks one where installed) and libsodium;
 * without them the provider tests show as skipped and only the refusal is checked.
 */
class SodiumX25519Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    @Test
    void isOfferedOnlyWhereThisJvmCanCallLibsodiumAndSaysWhyNot() {
        if (Runtime.version().feature() < 22) {
            String why = Libsodium.unavailable().orElseThrow();
            assertTrue(why.contains("JDK 22") && why.contains(Runtime.version().toString()), why);
            assertThrows(IllegalStateException.class, SodiumX25519::new, "no provider object without libsodium");
        } else {
            Libsodium.unavailable().ifPresent(why -> assertTrue(why.contains("libsodium"), why));
        }
    }

    @Nested
    class WithLibsodium {

        private final X25519 sodium;

        WithLibsodium() {
            Assumptions.assumeTrue(Libsodium.unavailable().isEmpty(), () -> "skipped: " + Libsodium.unavailable().orElse(""));
            sodium = new SodiumX25519();
        }

        @Test
        void matchesTheRfc7748Vectors() {
            // §5.2, the two single-shot vectors (the second u has its top bit set)
            assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                    hex(sodium.scalarMult(bytes("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                            bytes("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
            assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                    hex(sodium.scalarMult(bytes("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                            bytes("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
            // §5.2 iterated: k = u = 9, then k, u = X25519(k, u), k; after 1 and 1 000 rounds
            byte[] k = new byte[32];
            k[0] = 9;
            byte[] u = k.clone();
            for (int i = 1; i <= 1000; i++) {
                byte[] next = sodium.scalarMult(k, u);
                u = k;
                k = next;
                if (i == 1) {
                    assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", hex(k));
                }
            }
            assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", hex(k));
            // §6.1 Diffie-Hellman
            byte[] alice = bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
            byte[] bob = bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
            assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", hex(sodium.scalarMultBase(alice)));
            assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", hex(sodium.scalarMultBase(bob)));
            assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
                    hex(sodium.scalarMult(alice, sodium.scalarMultBase(bob))));
        }

        @Test
        void agreesWithTheJdkXdhOnRandomInputsWithTheTopBitSetAndNonCanonicalU() throws Exception {
            SplittableRandom random = new SplittableRandom(0x536f64L);
            KeyFactory factory = KeyFactory.getInstance("XDH");
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            for (int i = 0; i < 3000; i++) {
                byte[] k = randomBytes(random);
                byte[] u = randomBytes(random);
                switch (i % 3) {
                    case 0 -> u[31] |= (byte) 0x80;                                          // top bit: ignored
                    case 1 -> u = le(P.add(BigInteger.valueOf(2 + random.nextInt(17))));   // p <= u < 2^255
                    default -> { }
                }
                assertEquals(hex(jdk(factory, agreement, k, u)), hex(sodium.scalarMult(k, u)), "k=" + hex(k) + " u=" + hex(u));
            }
        }

        @Test
        void agreesWithThePureJavaProviderOnRandomInputsBasePointsBatchesAndLowOrderPoints() {
            SplittableRandom random = new SplittableRandom(29);
            X25519 fast = new FastX25519();
            for (int i = 0; i < 1000; i++) {
                byte[] k = randomBytes(random);
                byte[] u = randomBytes(random);
                assertArrayEquals(fast.scalarMult(k, u), sodium.scalarMult(k, u));
                assertArrayEquals(fast.scalarMultBase(k), sodium.scalarMultBase(k));
            }
            // libsodium refuses low-order points (returns -1); the provider gives RFC 7748's all-zero value as the others
            byte[][] lowOrder = {le(BigInteger.ZERO), le(BigInteger.ONE), le(P.subtract(BigInteger.ONE)), le(P)};
            byte[] k = randomBytes(random);
            for (byte[] u : lowOrder) {
                assertArrayEquals(fast.scalarMult(k, u), sodium.scalarMult(k, u), hex(u));
            }
            byte[][] us = new byte[300][];
            for (int i = 0; i < us.length; i++) {
                us[i] = i % 37 == 0 ? lowOrder[i % 4] : randomBytes(random);
            }
            byte[][] batch = sodium.scalarMultAll(k, us);
            byte[][] expected = fast.scalarMultAll(k, us);
            for (int i = 0; i < us.length; i++) {
                assertArrayEquals(expected[i], batch[i], "point " + i);
            }
        }

        @Test
        void leavesItsArgumentsUntouchedAndRejectsWrongLengths() {
            byte[] k = new byte[32];
            java.util.Arrays.fill(k, (byte) 0xff);
            byte[] u = new byte[32];
            u[0] = 9;
            sodium.scalarMult(k, u);
            assertEquals((byte) 0xff, k[0], "the scalar is clamped on a copy");
            assertEquals((byte) 0xff, k[31]);
            assertEquals(9, u[0]);
            assertThrows(IllegalArgumentException.class, () -> sodium.scalarMult(new byte[31], u));
            assertThrows(IllegalArgumentException.class, () -> sodium.scalarMult(k, new byte[33]));
            assertThrows(IllegalArgumentException.class, () -> sodium.scalarMultBase(null));
            assertThrows(IllegalArgumentException.class, () -> sodium.scalarMultAll(k, new byte[][] {u, new byte[3]}));
            assertEquals("libsodium-ffm", sodium.name());
        }
    }

    /** X25519 by the JDK, decoding u as RFC 7748 §5 does (top bit masked). */
    private static byte[] jdk(KeyFactory factory, KeyAgreement agreement, byte[] k, byte[] u) throws Exception {
        byte[] masked = u.clone();
        masked[31] &= 0x7f;
        BigInteger value = new BigInteger(1, reverse(masked));
        agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k.clone())));
        agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, value)), true);
        return agreement.generateSecret();
    }

    private static byte[] le(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
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
