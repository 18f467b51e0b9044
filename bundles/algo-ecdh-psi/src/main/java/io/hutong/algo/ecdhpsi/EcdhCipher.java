/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import io.hutong.api.crypto.X25519;

/**
 * One party's ECDH-PSI cipher (spec 50 §2.3, computation in 51 §3): a secret scalar and the two operations of the
 * protocol, {@code enc = sk · H(item)} over the party's own items and {@code dual = sk · enc'} over the peer's.
 *
 * <p>Instances are immutable and may be used from several threads at once.
 */
public interface EcdhCipher {

    /** Bytes of a dual ciphertext that are sent and compared (51 §3: 96 bits, whatever the handshake says). */
    int DUAL_LENGTH = 12;

    /** @return the suite this cipher computes */
    EcSuite suite();

    /** @return the encoding of points in {@code enc} batches */
    PointFormat pointFormat();

    /**
     * Hashes an item to a point of the curve and multiplies it by the secret scalar.
     *
     * @param item the item's canonical bytes ({@link ItemKeys})
     * @return the first-stage ciphertext, {@link PointFormat#length()} bytes
     */
    byte[] encrypt(byte[] item);

    /**
     * Multiplies a peer's first-stage ciphertext by the secret scalar.
     *
     * @param peerCiphertext {@link PointFormat#length()} bytes from the peer's {@code enc} batch
     * @return the full second-stage ciphertext; its last {@link #DUAL_LENGTH} bytes are what is sent and compared
     * @throws IllegalArgumentException if the bytes are not a point of the curve in the negotiated format
     */
    byte[] dual(byte[] peerCiphertext);

    /**
     * {@link #encrypt} of each item; a suite may share work between them (Curve25519 inverts the field once).
     *
     * @return the first-stage ciphertexts, in the items' order
     */
    default byte[][] encryptAll(List<byte[]> items) {
        byte[][] out = new byte[items.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = encrypt(items.get(i));
        }
        return out;
    }

    /**
     * {@link #dual} of each ciphertext; a suite may share work between them.
     *
     * @return the full second-stage ciphertexts, in the given order
     * @throws IllegalArgumentException naming the position of the first ciphertext that is not a point
     */
    default byte[][] dualAll(List<byte[]> peerCiphertexts) {
        byte[][] out = new byte[peerCiphertexts.size()][];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = dual(peerCiphertexts.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ciphertext " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** @return the last {@link #DUAL_LENGTH} bytes of a full second-stage ciphertext */
    static byte[] dualTail(byte[] dual) {
        return Arrays.copyOfRange(dual, dual.length - DUAL_LENGTH, dual.length);
    }

    /**
     * Creates a cipher with a fresh random secret.
     *
     * @param suite  the negotiated suite
     * @param format the negotiated point format; must be one the suite {@link EcSuite#supports supports}
     * @param x25519 the scalar multiplication to use for Curve25519 (ignored for SM2)
     * @param random the source of the secret
     */
    static EcdhCipher create(EcSuite suite, PointFormat format, X25519 x25519, SecureRandom random) {
        if (!suite.supports(format.code())) {
            throw new IllegalArgumentException(suite + " cannot write points as " + format);
        }
        return switch (suite) {
            case CURVE25519_SHA256_DIRECT -> {
                byte[] secret = new byte[X25519.KEY_LENGTH];
                random.nextBytes(secret);
                yield new Curve25519Cipher(x25519, secret);
            }
            case SM2_SHA256_REHASH, SM2_SM3_INCREMENT -> new Sm2Cipher(suite, format, Sm2Cipher.randomSecret(random));
        };
    }
}
