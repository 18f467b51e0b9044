/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.util.List;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.hutong.api.crypto.X25519;

/**
 * ECDH-PSI on Curve25519 with SHA-256 and DIRECT_HASH_AS_POINT_X (51 §3): the item's SHA-256 digest is used as the
 * X25519 u-coordinate as it is, and both stages are X25519 with the party's secret.
 */
final class Curve25519Cipher implements EcdhCipher {

    private final X25519 x25519;
    private final byte[] secret;

    /**
     * @param x25519 the scalar multiplication (any provider computes the same bytes)
     * @param secret 32 random bytes; X25519 clamps them as RFC 7748 prescribes
     */
    Curve25519Cipher(X25519 x25519, byte[] secret) {
        if (secret.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("a Curve25519 secret has 32 bytes, not " + secret.length);
        }
        this.x25519 = x25519;
        this.secret = secret.clone();
    }

    @Override
    public EcSuite suite() {
        return EcSuite.CURVE25519_SHA256_DIRECT;
    }

    @Override
    public PointFormat pointFormat() {
        return PointFormat.X25519_U;
    }

    /** One digest per compute thread instead of a provider look-up per item (values hold no class of this bundle). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    /** @return SHA-256 of the item: the u-coordinate DIRECT_HASH_AS_POINT_X makes of it */
    static byte[] hashToPoint(byte[] item) {
        return SHA_256.get().digest(item); // digest() resets the instance for the next item
    }

    @Override
    public byte[] encrypt(byte[] item) {
        return x25519.scalarMult(secret, hashToPoint(item));
    }

    /** One X25519 batch (one field inversion) for all the items' hashes. */
    @Override
    public byte[][] encryptAll(List<byte[]> items) {
        byte[][] points = new byte[items.size()][];
        for (int i = 0; i < points.length; i++) {
            points[i] = hashToPoint(items.get(i));
        }
        return x25519.scalarMultAll(secret, points);
    }

    /** One X25519 batch for all the ciphertexts; every 32-byte string is a u-coordinate (RFC 7748 §5). */
    @Override
    public byte[][] dualAll(List<byte[]> peerCiphertexts) {
        byte[][] points = peerCiphertexts.toArray(byte[][]::new);
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != X25519.KEY_LENGTH) {
                throw new IllegalArgumentException("ciphertext " + i + ": a Curve25519 ciphertext has 32 bytes, not "
                        + points[i].length);
            }
        }
        return x25519.scalarMultAll(secret, points);
    }

    @Override
    public byte[] dual(byte[] peerCiphertext) {
        if (peerCiphertext.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("a Curve25519 ciphertext has 32 bytes, not " + peerCiphertext.length);
        }
        return x25519.scalarMult(secret, peerCiphertext);
    }
}
