/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport.tls;

import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Ready-made client TLS for one route: what a peer link needs to open a TLS connection that trusts
 * and pins the peer as the route says.
 *
 * @param id           identifies these settings and the store files' contents; equal ids may share
 *                     connections, a new id (the route or a store changed) needs new ones
 * @param context      an {@link SSLContext} with {@code keyManager} and {@code trustManager}
 * @param keyManager   this node's client certificate for mTLS, {@code null} without one
 * @param trustManager checks the peer's chain and pin; with {@code verifyHostname} false it never
 *                     checks host names
 * @param protocols    the protocols to enable ({@link RouteTls#PROTOCOLS})
 */
public record ClientTls(String id, SSLContext context, KeyManager keyManager, X509ExtendedTrustManager trustManager,
                        List<String> protocols) {

    /** @return parameters enabling only {@link #protocols()} */
    public SSLParameters parameters() {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(protocols.toArray(String[]::new));
        return p;
    }
}
