/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.auth;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks an incoming east-west call (decisions M2, M3): target node, timestamp window, nonce, CSRF
 * header on POST and, for a signed call, {@code x-auth-sign} with the credential of the caller's APPROVED
 * contract. Provided by management, which holds the contracts and the nonce store; called by the http
 * bundle's filter before any resource method runs.
 */
@ProviderType
public interface CallAuthenticator {

    /**
     * @param call   the call, with its body bytes as received
     * @param signed false for an {@link Unsigned} endpoint that still carries the header set: every check
     *               but the signature
     * @return the verified caller
     * @throws CallRefusal when a check fails (401/403 with the header at fault; 500 for a storage failure)
     */
    VerifiedCaller authenticate(EastWestCall call, boolean signed) throws CallRefusal;
}
