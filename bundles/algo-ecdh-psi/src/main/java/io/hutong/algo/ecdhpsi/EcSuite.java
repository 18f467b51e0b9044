/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.util.Optional;

import io.hutong.protocol.interconnection.v2.protocol.CurveType;
import io.hutong.protocol.interconnection.v2.protocol.EcSuit;
import io.hutong.protocol.interconnection.v2.protocol.HashToCurveStrategy;
import io.hutong.protocol.interconnection.v2.protocol.HashType;

/**
 * The elliptic-curve suites Hutong's ECDH-PSI runs (decision P2): curve, hash and hash-to-curve strategy as the
 * handshake's {@code EcSuit} names them, in order of preference.
 */
public enum EcSuite {

    /** ⟨CURVE25519, SHA_256, DIRECT_HASH_AS_POINT_X⟩: the suite SecretFlow peers run, and Hutong's first choice. */
    CURVE25519_SHA256_DIRECT(CurveType.CURVE_TYPE_CURVE25519, HashType.HASH_TYPE_SHA_256,
            HashToCurveStrategy.HASH_TO_CURVE_STRATEGY_DIRECT_HASH_AS_POINT_X),

    /** ⟨SM2, SHA_256, TRY_AND_REHASH⟩: the SM2 suite the reference accepts. */
    SM2_SHA256_REHASH(CurveType.CURVE_TYPE_SM2, HashType.HASH_TYPE_SHA_256,
            HashToCurveStrategy.HASH_TO_CURVE_STRATEGY_TRY_AND_REHASH),

    /** ⟨SM2, SM3, TRY_AND_INCREMENT⟩: the standard's PPCA recommendation, run when a peer asks for it. */
    SM2_SM3_INCREMENT(CurveType.CURVE_TYPE_SM2, HashType.HASH_TYPE_SM3,
            HashToCurveStrategy.HASH_TO_CURVE_STRATEGY_TRY_AND_INCREMENT);

    private final CurveType curve;
    private final HashType hash;
    private final HashToCurveStrategy strategy;

    EcSuite(CurveType curve, HashType hash, HashToCurveStrategy strategy) {
        this.curve = curve;
        this.hash = hash;
        this.strategy = strategy;
    }

    /** @return the suite as the handshake carries it */
    public EcSuit toProto() {
        return EcSuit.newBuilder().setCurve(curve.getNumber()).setHash(hash.getNumber())
                .setHash2CurveStrategy(strategy.getNumber()).build();
    }

    /** @return the suite a handshake's {@code EcSuit} names, or empty when Hutong does not run it */
    public static Optional<EcSuite> of(EcSuit suit) {
        for (EcSuite s : values()) {
            if (s.curve.getNumber() == suit.getCurve() && s.hash.getNumber() == suit.getHash()
                    && s.strategy.getNumber() == suit.getHash2CurveStrategy()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return whether points of this suite can be written in the given {@code PointOctetFormat} code */
    public boolean supports(int pointOctetFormat) {
        return PointFormat.of(this, pointOctetFormat).isPresent();
    }

    public CurveType curve() {
        return curve;
    }

    public HashType hash() {
        return hash;
    }

    public HashToCurveStrategy strategy() {
        return strategy;
    }
}
