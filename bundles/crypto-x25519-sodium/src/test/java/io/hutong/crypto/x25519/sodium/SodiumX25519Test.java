/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.sodium;

import static io.hutong.crypto.x25519.fast.X25519Conformance.P;
import static io.hutong.crypto.x25519.fast.X25519Conformance.hex;
import static io.hutong.crypto.x25519.fast.X25519Conformance.le;
import static io.hutong.crypto.x25519.fast.X25519Conformance.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.hutong.api.crypto.X25519;
import io.hutong.crypto.x25519.fast.FastX25519;
import io.hutong.crypto.x25519.fast.X25519Conformance;

/**
 * libsodium through FFM computes RFC 7748's X25519 exactly: the RFC's vectors, the JDK's own XDH and the pure-Java
 * provider agree with it. Needs a JDK 22+ test JVM (the module's pom picks one where installed) and libsodium;
 * without them the provider tests show as skipped and only the refusal is checked.
 */
class SodiumX25519Test {

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
            X25519Conformance.rfc7748Vectors(sodium);
        }

        @Test
        void agreesWithTheJdkXdhOnRandomInputsWithTheTopBitSetAndNonCanonicalU() throws Exception {
            X25519Conformance.agreesWithTheJdk(sodium, 3000, 0x536f64L);
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
}
