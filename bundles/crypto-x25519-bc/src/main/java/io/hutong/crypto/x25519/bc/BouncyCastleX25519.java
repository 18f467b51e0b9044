/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.bc;

import org.osgi.service.component.annotations.Component;

import io.hutong.api.crypto.X25519;

/** X25519 of RFC 7748 computed by BouncyCastle, the always-available baseline provider. */
@Component(property = {X25519.PROVIDER + "=" + BouncyCastleX25519.NAME, "service.ranking:Integer=10"})
public class BouncyCastleX25519 implements X25519 {

    /** The provider name, also its {@link X25519#PROVIDER} service property. */
    public static final String NAME = "bouncycastle";

    @Override
    public byte[] scalarMult(byte[] scalar, byte[] u) {
        check(scalar, "scalar");
        check(u, "u");
        byte[] result = new byte[KEY_LENGTH];
        // BouncyCastle clamps the scalar and masks u's top bit itself, as RFC 7748 requires.
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(scalar, 0, u, 0, result, 0);
        return result;
    }

    @Override
    public byte[] scalarMultBase(byte[] scalar) {
        check(scalar, "scalar");
        byte[] result = new byte[KEY_LENGTH];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(scalar, 0, result, 0);
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
