/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.sodium;

import java.util.Arrays;

import io.hutong.api.crypto.X25519;

/**
 * X25519 of RFC 7748 computed by libsodium ({@code crypto_scalarmult}, constant-time), called through FFM.
 * Only made when {@link Libsodium#unavailable()} is empty. Public for {@code hutong bench psi}, which measures the
 * providers of an installation from their jars; the package is not exported.
 */
public final class SodiumX25519 implements X25519 {

    /** The provider name, also its {@link X25519#PROVIDER} service property. */
    public static final String NAME = "libsodium-ffm";

    private static final byte[] BASE_POINT = new byte[KEY_LENGTH];

    static {
        BASE_POINT[0] = 9;
    }

    /** @throws IllegalStateException saying why, where this JVM cannot call libsodium */
    public SodiumX25519() {
        Libsodium.unavailable().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
    }

    @Override
    public byte[] scalarMult(byte[] scalar, byte[] u) {
        check(scalar, "scalar");
        check(u, "u");
        return mult(scalar, u);
    }

    @Override
    public byte[][] scalarMultAll(byte[] scalar, byte[][] us) {
        check(scalar, "scalar");
        for (int i = 0; i < us.length; i++) {
            check(us[i], "u " + i);
        }
        byte[][] results = new byte[us.length][];
        for (int i = 0; i < us.length; i++) {
            results[i] = mult(scalar, us[i]);
        }
        return results;
    }

    @Override
    public byte[] scalarMultBase(byte[] scalar) {
        check(scalar, "scalar");
        return mult(scalar, BASE_POINT);
    }

    @Override
    public String name() {
        return NAME;
    }

    private static byte[] mult(byte[] scalar, byte[] u) {
        byte[] q = new byte[KEY_LENGTH];
        if (Libsodium.scalarMult(q, scalar, u) != 0) {
            // a low-order u: libsodium refuses (and may leave q unwritten); RFC 7748's function gives the all-zero
            // value, as the other providers do. The branch depends on the public u only, never on the scalar.
            Arrays.fill(q, (byte) 0);
        }
        return q;
    }

    private static void check(byte[] value, String what) {
        if (value == null || value.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + KEY_LENGTH + " bytes, got "
                    + (value == null ? "null" : value.length));
        }
    }
}
