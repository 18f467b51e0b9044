/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import java.util.SplittableRandom;

import javax.crypto.KeyAgreement;

import io.hutong.api.crypto.X25519;

/**
 * What every X25519 provider must compute, as checks a provider's tests call: RFC 7748's vectors and agreement
 * with the JDK's own XDH on random inputs, including the top bit of u set and non-canonical u. Shared with the
 * other provider bundles through this module's test jar.
 */
public final class X25519Conformance {

    /** The field prime 2^255 - 19. */
    public static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private static final HexFormat HEX = HexFormat.of();

    private X25519Conformance() {
    }

    /** RFC 7748 §5.2 (both single vectors, the iterated one after 1 and 1 000 rounds) and the §6.1 Diffie-Hellman example. */
    public static void rfc7748Vectors(X25519 x) {
        // the second u has its top bit set
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                hex(x.scalarMult(bytes("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        bytes("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                hex(x.scalarMult(bytes("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                        bytes("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
        // k = u = 9; each round k, u = X25519(k, u), k (the million-round vector runs in the benchmark)
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = x.scalarMult(k, u);
            u = k;
            k = next;
            if (i == 1) {
                assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", hex(k));
            }
        }
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", hex(k));
        byte[] alice = bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = x.scalarMultBase(alice);
        byte[] bobPublic = x.scalarMultBase(bob);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", hex(alicePublic));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", hex(bobPublic));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", hex(x.scalarMult(alice, bobPublic)));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", hex(x.scalarMult(bob, alicePublic)));
    }

    /**
     * {@code count} random (k, u) against the JDK's XDH: a quarter with the top bit of u set (ignored), a quarter in
     * the canonical range, a quarter non-canonical (p <= u < 2^255), the rest as the bytes fall.
     */
    public static void agreesWithTheJdk(X25519 x, int count, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        KeyFactory factory = KeyFactory.getInstance("XDH");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        for (int i = 0; i < count; i++) {
            byte[] k = randomBytes(random);
            byte[] u = randomBytes(random);
            switch (i % 4) {
                case 0 -> u[31] |= (byte) 0x80;
                case 1 -> u[31] &= 0x7f;
                case 2 -> nonCanonical(u, random);
                default -> { }
            }
            assertEquals(hex(jdk(factory, agreement, k, u)), hex(x.scalarMult(k, u)), "k=" + hex(k) + " u=" + hex(u));
        }
    }

    /** X25519 computed by the JDK: the u-coordinate is decoded as RFC 7748 §5 does (top bit masked). */
    public static byte[] jdk(KeyFactory factory, KeyAgreement agreement, byte[] k, byte[] u) throws Exception {
        byte[] masked = u.clone();
        masked[31] &= 0x7f;
        BigInteger value = new BigInteger(1, reverse(masked));
        agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k.clone())));
        agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, value)), true);
        return agreement.generateSecret();
    }

    private static void nonCanonical(byte[] u, SplittableRandom random) {
        // j = 0 and 1 would give the small-order points 0 and 1, which the JDK refuses to compute with
        byte[] value = le(P.add(BigInteger.valueOf(2 + random.nextInt(17))));
        System.arraycopy(value, 0, u, 0, 32);
    }

    /** @return {@code value} as 32 little-endian bytes */
    public static byte[] le(BigInteger value) {
        byte[] out = new byte[32];
        byte[] be = value.toByteArray();
        for (int i = 0; i < be.length && i < 32; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    /** @return the bytes in reverse order */
    public static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    /** @return 32 random bytes */
    public static byte[] randomBytes(SplittableRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    public static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}
