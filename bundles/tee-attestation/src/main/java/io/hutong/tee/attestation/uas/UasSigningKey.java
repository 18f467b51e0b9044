/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Objects;

import io.hutong.tee.attestation.impl.Crypto;

/**
 * The key a UAS signs its results with: RSA of at least 4096 bits with PKCS#1 v1.5 and SHA-256, or SM2
 * with SM3 (spec 60 §9: "RSA ≥ 4096 bit" or SM2).
 */
public final class UasSigningKey {

    /** Smallest RSA modulus accepted for a UAS key. */
    public static final int MIN_RSA_BITS = 4096;

    private final KeyPair keyPair;

    /**
     * @param keyPair an RSA (≥ 4096 bit) or SM2 key pair
     * @throws IllegalArgumentException for a short RSA key
     */
    public UasSigningKey(KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        if (undersized(keyPair.getPublic())) {
            throw new IllegalArgumentException("UAS RSA key has " + ((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength()
                    + " bits, at least " + MIN_RSA_BITS + " are required");
        }
    }

    /**
     * @return whether a key is an RSA key shorter than {@link #MIN_RSA_BITS} (one made before the minimum
     *         was raised from 3072), which a UAS no longer signs with
     */
    public static boolean undersized(PublicKey key) {
        return key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS;
    }

    /** @return the public key challengers verify UAS results with */
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** @return the key pair (for issuing node certificates with the same key) */
    KeyPair keyPair() {
        return keyPair;
    }

    /**
     * @param data the bytes to sign (the UTF-8 of {@code json_result})
     * @return the Base64 signature
     */
    public String sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm(keyPair.getPublic()), Crypto.PROVIDER);
            s.initSign(keyPair.getPrivate());
            s.update(data);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the UAS key: " + e.getMessage(), e);
        }
    }

    /**
     * @param key       a UAS public key
     * @param data      the signed bytes
     * @param b64Signature the Base64 signature
     * @return whether the signature verifies
     */
    public static boolean verify(PublicKey key, byte[] data, String b64Signature) {
        try {
            Signature s = Signature.getInstance(algorithm(key), Crypto.PROVIDER);
            s.initVerify(key);
            s.update(data);
            return s.verify(Base64.getDecoder().decode(b64Signature == null ? "" : b64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** @return the JCA signature algorithm for a UAS key: RSA keys sign with SHA-256, EC keys are SM2 keys */
    static String algorithm(PublicKey key) {
        return key instanceof RSAPublicKey ? "SHA256withRSA" : "SM3withSM2";
    }
}
