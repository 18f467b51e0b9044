/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider instance this bundle uses, never installed globally so the bundle
 * does not change other bundles' JCA behaviour.
 */
public final class Crypto {

    /** Shared provider; BouncyCastle providers are thread-safe. */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private Crypto() {
    }
}
