/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.crypto;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The X25519 function of RFC 7748 §5 (scalar multiplication on Curve25519's Montgomery form, u-coordinate
 * only), offered as an OSGi service so implementations can be exchanged by {@code service.ranking}.
 *
 * <p>Every implementation computes exactly RFC 7748's function: the scalar is clamped (bits 0–2 and 255
 * cleared, bit 254 set), the most significant bit of the u-coordinate is ignored, u-coordinates that are not
 * reduced modulo 2<sup>255</sup>−19 are accepted, and the result is the canonical 32-byte little-endian
 * encoding. The computation takes time independent of the scalar's value (the scalar is a secret key).
 * Implementations are stateless and safe to call from many threads at once.
 *
 * <p>Providers register the service with {@link #PROVIDER} naming the implementation and a
 * {@code service.ranking}; the faster an implementation, the higher its ranking.
 */
@ConsumerType
public interface X25519 {

    /** Service property naming the implementation, the same as {@link #name()} (for status pages and filters). */
    String PROVIDER = "hutong.crypto.provider";

    /** Length in bytes of scalars, u-coordinates and results. */
    int KEY_LENGTH = 32;

    /**
     * Computes X25519(k, u).
     *
     * @param scalar 32 bytes, little-endian; clamped as RFC 7748 §5 prescribes (the array is not modified)
     * @param u      32 bytes, the little-endian u-coordinate; its top bit is ignored, values ≥ p are allowed
     * @return a new 32-byte array holding the canonical little-endian u-coordinate of the result
     * @throws IllegalArgumentException if an argument is not 32 bytes long
     */
    byte[] scalarMult(byte[] scalar, byte[] u);

    /**
     * Computes X25519(k, u) for each u: the same results as {@link #scalarMult(byte[], byte[])} one by one, but a
     * provider may share work between them (hutong-fast inverts the field once for all of them). For callers with
     * many points and one scalar, such as ECDH-PSI.
     *
     * @param scalar 32 bytes, little-endian; clamped as in {@link #scalarMult(byte[], byte[])}
     * @param us     u-coordinates, each 32 bytes as in {@link #scalarMult(byte[], byte[])}
     * @return new arrays, {@code result[i] = X25519(scalar, us[i])}
     * @throws IllegalArgumentException if an argument is not 32 bytes long
     */
    default byte[][] scalarMultAll(byte[] scalar, byte[][] us) {
        byte[][] results = new byte[us.length][];
        for (int i = 0; i < us.length; i++) {
            results[i] = scalarMult(scalar, us[i]);
        }
        return results;
    }

    /**
     * Computes X25519(k, 9), the public key of scalar {@code k} (RFC 7748 §6.1).
     *
     * @param scalar 32 bytes, little-endian; clamped as in {@link #scalarMult(byte[], byte[])}
     * @return a new 32-byte array holding the canonical little-endian u-coordinate
     * @throws IllegalArgumentException if the scalar is not 32 bytes long
     */
    byte[] scalarMultBase(byte[] scalar);

    /** @return a short name of the implementation, e.g. {@code bouncycastle} (the value of {@link #PROVIDER}) */
    String name();
}
