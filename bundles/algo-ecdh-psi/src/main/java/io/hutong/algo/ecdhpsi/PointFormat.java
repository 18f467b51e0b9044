/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.util.Optional;

import io.hutong.protocol.interconnection.v2.protocol.CurveType;
import io.hutong.protocol.interconnection.v2.protocol.PointOctetFormat;

/** How a point is written in {@code enc} batches (spec 51 §1, {@code PointOctetFormat}), with its length in bytes. */
public enum PointFormat {

    /** Curve25519: the 32-byte little-endian u-coordinate, nothing else. */
    X25519_U(PointOctetFormat.POINT_OCTET_FORMAT_UNCOMPRESSED, 32),
    /** SM2: {@code 02|03 || x}, 33 bytes. */
    X962_COMPRESSED(PointOctetFormat.POINT_OCTET_FORMAT_X962_COMPRESSED, 33),
    /** SM2: {@code 04 || x || y}, 65 bytes. */
    X962_UNCOMPRESSED(PointOctetFormat.POINT_OCTET_FORMAT_X962_UNCOMPRESSED, 65),
    /** SM2: {@code 06|07 || x || y}, 65 bytes. */
    X962_HYBRID(PointOctetFormat.POINT_OCTET_FORMAT_X962_HYBRID, 65);

    private final PointOctetFormat code;
    private final int length;

    PointFormat(PointOctetFormat code, int length) {
        this.code = code;
        this.length = length;
    }

    /** @return the format a suite writes for a {@code PointOctetFormat} code, empty when that suite has no such format */
    public static Optional<PointFormat> of(EcSuite suite, int pointOctetFormat) {
        if (suite.curve() == CurveType.CURVE_TYPE_CURVE25519) {
            return pointOctetFormat == X25519_U.code.getNumber() ? Optional.of(X25519_U) : Optional.empty();
        }
        for (PointFormat f : new PointFormat[] {X962_COMPRESSED, X962_UNCOMPRESSED, X962_HYBRID}) {
            if (f.code.getNumber() == pointOctetFormat) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** @return the format a suite uses by default: the one the reference pairs with it (spec 51 §2) */
    public static PointFormat preferred(EcSuite suite) {
        return suite.curve() == CurveType.CURVE_TYPE_CURVE25519 ? X25519_U : X962_COMPRESSED;
    }

    /** @return the handshake code of this format */
    public int code() {
        return code.getNumber();
    }

    /** @return bytes per point */
    public int length() {
        return length;
    }
}
