/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport.tls;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.hutong.api.transport.Route;

/**
 * Client TLS for east-west routes, built from the route's {@code tls} object and the key and trust
 * stores it names in the node's {@code etc/} folder. Peer links use it so that the HTTP and gRPC
 * links trust, pin and present certificates identically.
 */
@ProviderType
public interface PeerTls {

    /**
     * @return the TLS to use towards {@code route}'s peer, empty for a plaintext route
     * @throws io.hutong.api.transport.PtpException {@code E0000000607} when a store cannot be read,
     *                                              naming the file and why
     */
    Optional<ClientTls> client(Route route);

    /**
     * Checks a route's {@code tls} object as the admin API takes it: known keys, valid values, and
     * stores that exist and open with their passwords.
     *
     * @throws IllegalArgumentException naming the offending key or file
     */
    RouteTls check(Map<String, String> tls);

    /**
     * @return a sentence naming the TLS cause of a failed connection (pin mismatch, untrusted or
     *         expired certificate, certificate required, protocol refused), empty when the failure
     *         was not about TLS
     */
    Optional<String> explain(Throwable failure);
}
