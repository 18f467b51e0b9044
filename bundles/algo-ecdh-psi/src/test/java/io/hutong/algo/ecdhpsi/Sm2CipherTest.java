/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;

/**
 * ECDH-PSI on SM2 hashes items to points and multiplies them as 51 §3 and Hutong decision PSI2 say, checked against
 * an independent affine-coordinate implementation in BigInteger arithmetic over the published SM2 parameters.
 */
class Sm2CipherTest {

    // GB/T 32918.5 sm2p256v1, written out independently of BouncyCastle
    private static final BigInteger P = new BigInteger("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16);
    private static final BigInteger A = new BigInteger("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC", 16);
    private static final BigInteger B = new BigInteger("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93", 16);
    private static final BigInteger N = new BigInteger("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16);
    private static final BigInteger K1 = new BigInteger("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", 16);
    private static final BigInteger K2 = new BigInteger("1649AB77A00637BD5E2EFE283FBF353534AA7F7CB89463F208DDBC2920BB0DA0", 16);
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void tryAndRehashFindsThePointOfTheReference() throws Exception {
        for (String id : new String[] {"alice", "bob", "13800000000", "李四", ""}) {
            BigInteger[] expected = rehash(id.getBytes(StandardCharsets.UTF_8));
            var point = Sm2Cipher.hashToPoint(EcSuite.SM2_SHA256_REHASH, id.getBytes(StandardCharsets.UTF_8)).normalize();
            assertEquals(expected[0], point.getAffineXCoord().toBigInteger(), id);
            assertEquals(expected[1], point.getAffineYCoord().toBigInteger(), id);
            assertFalse(expected[1].testBit(0), "y is even");
        }
    }

    @Test
    void tryAndIncrementStartsFromTheSm3DigestAndStepsByOne() {
        for (String id : new String[] {"alice", "bob", "carol", "dave", "erin", "frank"}) {
            byte[] item = id.getBytes(StandardCharsets.UTF_8);
            BigInteger x = new BigInteger(1, sm3(item)).mod(P);
            while (sqrt(rhs(x)) == null) {
                x = x.add(BigInteger.ONE).mod(P);
            }
            var point = Sm2Cipher.hashToPoint(EcSuite.SM2_SM3_INCREMENT, item).normalize();
            assertEquals(x, point.getAffineXCoord().toBigInteger(), id);
            assertEquals(evenRoot(rhs(x)), point.getAffineYCoord().toBigInteger(), id);
        }
    }

    @Test
    void encryptsAndDualEncryptsInEveryX962FormAsAnIndependentImplementation() throws Exception {
        byte[] item = "alice".getBytes(StandardCharsets.UTF_8);
        BigInteger[] h = rehash(item);
        BigInteger[] enc = multiply(K1, h);
        BigInteger[] dual = multiply(K2, enc);

        Sm2Cipher compressed1 = new Sm2Cipher(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_COMPRESSED, K1);
        Sm2Cipher compressed2 = new Sm2Cipher(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_COMPRESSED, K2);
        byte[] encBytes = compressed1.encrypt(item);
        assertEquals((enc[1].testBit(0) ? "03" : "02") + hex32(enc[0]), HEX.formatHex(encBytes));
        byte[] dualBytes = compressed2.dual(encBytes);
        assertEquals((dual[1].testBit(0) ? "03" : "02") + hex32(dual[0]), HEX.formatHex(dualBytes));
        // commutes: what makes the comparison of dual tails work
        assertArrayEquals(dualBytes, compressed1.dual(compressed2.encrypt(item)));

        Sm2Cipher uncompressed = new Sm2Cipher(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_UNCOMPRESSED, K1);
        assertEquals("04" + hex32(enc[0]) + hex32(enc[1]), HEX.formatHex(uncompressed.encrypt(item)));
        Sm2Cipher hybrid = new Sm2Cipher(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_HYBRID, K1);
        byte[] hybridBytes = hybrid.encrypt(item);
        assertEquals((enc[1].testBit(0) ? "07" : "06") + hex32(enc[0]) + hex32(enc[1]), HEX.formatHex(hybridBytes));
        Sm2Cipher hybrid2 = new Sm2Cipher(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_HYBRID, K2);
        assertEquals(hex32(dual[0]) + hex32(dual[1]), HEX.formatHex(hybrid2.dual(hybridBytes)).substring(2));
    }

    @Test
    void refusesBytesThatAreNotAPointOfTheCurve() {
        Sm2Cipher cipher = new Sm2Cipher(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_UNCOMPRESSED, K1);
        byte[] good = cipher.encrypt("x".getBytes(StandardCharsets.UTF_8));
        byte[] offCurve = good.clone();
        offCurve[64] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> cipher.dual(offCurve));
        assertThrows(IllegalArgumentException.class, () -> cipher.dual(new byte[64]));
        byte[] badPrefix = good.clone();
        badPrefix[0] = 0x05;
        assertThrows(IllegalArgumentException.class, () -> cipher.dual(badPrefix));
        assertThrows(IllegalArgumentException.class, () -> new Sm2Cipher(EcSuite.SM2_SHA256_REHASH,
                PointFormat.X962_COMPRESSED, N));
        assertThrows(IllegalArgumentException.class, () -> EcdhCipher.create(EcSuite.SM2_SHA256_REHASH,
                PointFormat.X25519_U, null, new SecureRandom()));
    }

    @Test
    void randomSecretsFindTheSameIntersectionFromBothSides() {
        SecureRandom random = new SecureRandom();
        EcdhCipher a = EcdhCipher.create(EcSuite.SM2_SM3_INCREMENT, PointFormat.X962_COMPRESSED, null, random);
        EcdhCipher b = EcdhCipher.create(EcSuite.SM2_SM3_INCREMENT, PointFormat.X962_COMPRESSED, null, random);
        byte[] same = "shared".getBytes(StandardCharsets.UTF_8);
        byte[] other = "only-a".getBytes(StandardCharsets.UTF_8);
        DualSet bDuals = new DualSet(4);
        bDuals.add(EcdhCipher.dualTail(a.dual(b.encrypt(same))), 0);
        assertTrue(bDuals.contains(EcdhCipher.dualTail(b.dual(a.encrypt(same))), 0));
        assertFalse(bDuals.contains(EcdhCipher.dualTail(b.dual(a.encrypt(other))), 0));
    }

    // ---- the independent implementation ----

    private static BigInteger[] rehash(byte[] item) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] h = sha.digest(item);
        for (int i = 0; i < 100; i++) {
            BigInteger x = new BigInteger(1, h).mod(P);
            BigInteger y = evenRoot(rhs(x));
            if (y != null) {
                return new BigInteger[] {x, y};
            }
            h = sha.digest(h);
        }
        throw new AssertionError("no point");
    }

    private static BigInteger rhs(BigInteger x) {
        return x.pow(3).add(A.multiply(x)).add(B).mod(P);
    }

    /** Square root for p ≡ 3 (mod 4), or null. */
    private static BigInteger sqrt(BigInteger v) {
        BigInteger r = v.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
        return r.multiply(r).mod(P).equals(v) ? r : null;
    }

    private static BigInteger evenRoot(BigInteger v) {
        BigInteger r = sqrt(v);
        return r == null ? null : r.testBit(0) ? P.subtract(r) : r;
    }

    private static BigInteger[] multiply(BigInteger k, BigInteger[] point) {
        BigInteger[] result = null;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            result = add(result, result);
            if (k.testBit(i)) {
                result = add(result, point);
            }
        }
        return result;
    }

    private static BigInteger[] add(BigInteger[] p1, BigInteger[] p2) {
        if (p1 == null) {
            return p2;
        }
        if (p2 == null) {
            return p1;
        }
        BigInteger lambda;
        if (p1[0].equals(p2[0])) {
            if (!p1[1].equals(p2[1]) || p1[1].signum() == 0) {
                return null;
            }
            lambda = p1[0].pow(2).multiply(BigInteger.valueOf(3)).add(A)
                    .multiply(p1[1].shiftLeft(1).modInverse(P)).mod(P);
        } else {
            lambda = p2[1].subtract(p1[1]).multiply(p2[0].subtract(p1[0]).modInverse(P)).mod(P);
        }
        BigInteger x = lambda.pow(2).subtract(p1[0]).subtract(p2[0]).mod(P);
        BigInteger y = lambda.multiply(p1[0].subtract(x)).subtract(p1[1]).mod(P);
        return new BigInteger[] {x, y};
    }

    private static String hex32(BigInteger v) {
        String s = v.toString(16);
        return "0".repeat(64 - s.length()) + s;
    }

    private static byte[] sm3(byte[] data) {
        SM3Digest digest = new SM3Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
