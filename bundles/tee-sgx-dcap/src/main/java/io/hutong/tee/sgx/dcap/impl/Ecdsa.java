/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * ECDSA P-256 / SHA-256 with signatures in the raw r‖s form SGX quotes and Intel endorsements use.
 */
final class Ecdsa {

    // a private instance: the bundle must not install BouncyCastle for everyone
    private static final Provider BC = new BouncyCastleProvider();
    private static final ECParameterSpec P256;

    static {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            P256 = params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Ecdsa() {
    }

    /** @return the P-256 public key whose coordinates are {@code xy} (x‖y, 32 bytes each, big-endian) */
    static PublicKey p256Key(byte[] xy) throws GeneralSecurityException {
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(xy, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
    }

    /** @return whether {@code rs} is a valid ECDSA-SHA256 signature of {@code data} by {@code key} */
    static boolean verify(PublicKey key, byte[] data, byte[] rs) {
        try {
            Signature s = Signature.getInstance("SHA256withPLAIN-ECDSA", BC);
            s.initVerify(key);
            s.update(data);
            return s.verify(rs);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
