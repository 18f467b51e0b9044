/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import static io.hutong.crypto.x25519.fast.Field25519.LIMBS;

import org.osgi.service.component.annotations.Component;

import io.hutong.api.crypto.X25519;

/**
 * X25519 of RFC 7748 computed by a constant-time Montgomery ladder over {@link Field25519}, ranked above
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
        ladder(scalar, u, result);
        return result;
    }

    @Override
    public byte[] scalarMultBase(byte[] scalar) {
        check(scalar, "scalar");
        byte[] result = new byte[KEY_LENGTH];
        ladder(scalar, BASE_POINT, result);
        return result;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The ladder of RFC 7748 §5, step for step, on the clamped scalar. */
    private static void ladder(byte[] scalar, byte[] u, byte[] out) {
        byte[] k = scalar.clone();
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;

        long[] x1 = new long[LIMBS], x2 = new long[LIMBS], z2 = new long[LIMBS];
        long[] x3 = new long[LIMBS], z3 = new long[LIMBS];
        long[] a = new long[LIMBS], aa = new long[LIMBS], b = new long[LIMBS], bb = new long[LIMBS];
        long[] e = new long[LIMBS], c = new long[LIMBS], d = new long[LIMBS];
        long[] da = new long[LIMBS], cb = new long[LIMBS];

        Field25519.decode(x1, u, 0);
        Field25519.one(x2);
        Field25519.copy(x3, x1);
        Field25519.one(z3);
        long swap = 0;
        for (int t = 254; t >= 0; t--) {
            long bit = (k[t >>> 3] >>> (t & 7)) & 1;
            swap ^= bit;
            Field25519.cswap(swap, x2, x3);
            Field25519.cswap(swap, z2, z3);
            swap = bit;

            Field25519.add(a, x2, z2);
            Field25519.square(aa, a);
            Field25519.sub(b, x2, z2);
            Field25519.square(bb, b);
            Field25519.sub(e, aa, bb);
            Field25519.add(c, x3, z3);
            Field25519.sub(d, x3, z3);
            Field25519.mul(da, d, a);
            Field25519.mul(cb, c, b);
            Field25519.add(x3, da, cb);
            Field25519.square(x3, x3);
            Field25519.sub(z3, da, cb);
            Field25519.square(z3, z3);
            Field25519.mul(z3, z3, x1);
            Field25519.mul(x2, aa, bb);
            Field25519.mulA24(z2, e);
            Field25519.add(z2, z2, aa);
            Field25519.mul(z2, z2, e);
        }
        Field25519.cswap(swap, x2, x3);
        Field25519.cswap(swap, z2, z3);

        Field25519.invert(z2, z2);
        Field25519.mul(x2, x2, z2);
        Field25519.encode(out, 0, x2);
    }

    private static void check(byte[] value, String what) {
        if (value == null || value.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + KEY_LENGTH + " bytes, got "
                    + (value == null ? "null" : value.length));
        }
    }
}
