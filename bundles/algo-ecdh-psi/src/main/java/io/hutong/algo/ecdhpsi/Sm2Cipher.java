/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDH-PSI on SM2 (GB/T 32918 curve {@code sm2p256v1}) through BouncyCastle, with the two hash-to-curve strategies
 * the reference and the standard name (51 §3, decision P2, Hutong decision PSI2).
 */
final class Sm2Cipher implements EcdhCipher {

    /** Attempts before hash-to-curve gives up; each succeeds with probability about 1/2. */
    static final int HASH_TO_CURVE_ATTEMPTS = 100;

    static final X9ECParameters SM2 = GMNamedCurves.getByName("sm2p256v1");

    private final EcSuite suite;
    private final PointFormat format;
    private final BigInteger secret;

    Sm2Cipher(EcSuite suite, PointFormat format, BigInteger secret) {
        if (secret.signum() <= 0 || secret.compareTo(SM2.getN()) >= 0) {
            throw new IllegalArgumentException("an SM2 secret lies in [1, n-1]");
        }
        this.suite = suite;
        this.format = format;
        this.secret = secret;
    }

    static BigInteger randomSecret(SecureRandom random) {
        return BigIntegers.createRandomInRange(BigInteger.ONE, SM2.getN().subtract(BigInteger.ONE), random);
    }

    @Override
    public EcSuite suite() {
        return suite;
    }

    @Override
    public PointFormat pointFormat() {
        return format;
    }

    /**
     * Maps an item to a point with even y.
     *
     * <p>TRY_AND_REHASH (SHA-256): h = SHA-256(item); x = h mod p (h big-endian); when x is not the abscissa of a
     * point, h = SHA-256(h) and again. TRY_AND_INCREMENT (SM3): x = SM3(item) mod p; when x is not an abscissa,
     * x = x + 1 and again.
     *
     * @throws IllegalStateException after {@value #HASH_TO_CURVE_ATTEMPTS} failed attempts (probability 2^-100)
     */
    static ECPoint hashToPoint(EcSuite suite, byte[] item) {
        ECCurve curve = SM2.getCurve();
        BigInteger p = curve.getField().getCharacteristic();
        boolean rehash = suite == EcSuite.SM2_SHA256_REHASH;
        byte[] h = rehash ? sha256(item) : sm3(item);
        BigInteger x = new BigInteger(1, h).mod(p);
        for (int attempt = 0; attempt < HASH_TO_CURVE_ATTEMPTS; attempt++) {
            ECFieldElement fx = curve.fromBigInteger(x);
            ECFieldElement rhs = fx.square().add(curve.getA()).multiply(fx).add(curve.getB());
            ECFieldElement y = rhs.sqrt();
            if (y != null) {
                if (y.testBitZero()) {
                    y = y.negate();
                }
                return curve.createPoint(fx.toBigInteger(), y.toBigInteger());
            }
            if (rehash) {
                h = sha256(h);
                x = new BigInteger(1, h).mod(p);
            } else {
                x = x.add(BigInteger.ONE).mod(p);
            }
        }
        throw new IllegalStateException("no SM2 point found for an item after " + HASH_TO_CURVE_ATTEMPTS + " attempts");
    }

    @Override
    public byte[] encrypt(byte[] item) {
        return encode(hashToPoint(suite, item).multiply(secret).normalize());
    }

    @Override
    public byte[] dual(byte[] peerCiphertext) {
        if (peerCiphertext.length != format.length()) {
            throw new IllegalArgumentException("an SM2 ciphertext in " + format + " has " + format.length()
                    + " bytes, not " + peerCiphertext.length);
        }
        ECPoint point;
        try {
            // decodePoint checks that the point lies on the curve, for every X9.62 form
            point = SM2.getCurve().decodePoint(peerCiphertext);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an SM2 point: " + e.getMessage(), e);
        }
        if (point.isInfinity()) {
            throw new IllegalArgumentException("not an SM2 point: the point at infinity");
        }
        return encode(point.multiply(secret).normalize());
    }

    private byte[] encode(ECPoint point) {
        return switch (format) {
            case X962_COMPRESSED -> point.getEncoded(true);
            case X962_UNCOMPRESSED -> point.getEncoded(false);
            case X962_HYBRID -> {
                byte[] encoded = point.getEncoded(false);
                encoded[0] = (byte) (point.getAffineYCoord().testBitZero() ? 0x07 : 0x06);
                yield encoded;
            }
            case X25519_U -> throw new IllegalStateException("SM2 points have no X25519 form");
        };
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static byte[] sm3(byte[] data) {
        SM3Digest digest = new SM3Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
