/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import org.osgi.service.component.annotations.Component;

import io.hutong.api.crypto.X25519;

/**
 * X25519 of RFC 7748 computed by a constant-time Montgomery ladder ({@link Ladder25519}), ranked above
 * the BouncyCastle provider because it is faster (see this bundle's README for the measurements).
 */
@Component(property = {X25519.PROVIDER + "=" + FastX25519.NAME, "service.ranking:Integer=20"})
public class FastX25519 implements X25519 {

    /** The provider name, also its {@link X25519#PROVIDER} service property. */
    public static final String NAME = "hutong-fast";

    private static final byte[] BASE_POINT = new byte[KEY_LENGTH];

    static {
        BASE_POINT[0] = 9;
    }

    @Override
    public byte[] scalarMult(byte[] scalar, byte[] u) {
        check(scalar, "scalar");
        check(u, "u");
        byte[] result = new byte[KEY_LENGTH];
        Ladder25519.scalarMult(scalar, u, result);
        return result;
    }

    @Override
    public byte[][] scalarMultAll(byte[] scalar, byte[][] us) {
        check(scalar, "scalar");
        byte[][] results = new byte[us.length][];
        for (int i = 0; i < us.length; i++) {
            check(us[i], "u " + i);
            results[i] = new byte[KEY_LENGTH];
        }
        Ladder25519.scalarMultAll(scalar, us, results);
        return results;
    }

    @Override
    public byte[] scalarMultBase(byte[] scalar) {
        check(scalar, "scalar");
        byte[] result = new byte[KEY_LENGTH];
        Ladder25519.scalarMult(scalar, BASE_POINT, result);
        return result;
    }

    @Override
    public String name() {
        return NAME;
    }

    private static void check(byte[] value, String what) {
        if (value == null || value.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + KEY_LENGTH + " bytes, got "
                    + (value == null ? "null" : value.length));
        }
    }
}
