/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;

/**
 * One {@code auth_type} of the standard: how a partner's credential verifies {@code x-auth-sign}
 * (decision M2). Kept behind this interface so a peer's algorithm can be added without touching the checks.
 */
interface SignatureScheme {

    /** @return the {@code auth_type} this scheme handles, e.g. {@code SHA256_ECDSA} */
    String authType();

    /**
     * @param credential the partner's {@code auth_credential}: a PEM public key (or Base64 DER), or a PEM certificate for CERT
     * @return whether {@code signature} is a valid signature of {@code data}
     * @throws GeneralSecurityException when the credential cannot be read
     */
    boolean verify(String credential, byte[] data, byte[] signature) throws GeneralSecurityException;

    /** Signs with a private key of this scheme (used by tests and by peers holding such keys). */
    byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException;
}
