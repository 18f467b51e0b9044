/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * TLS for east-west PTP traffic: the {@code tls} object of a route ({@link io.hutong.api.transport.tls.RouteTls})
 * and the service that turns it into client TLS material ({@link io.hutong.api.transport.tls.PeerTls}), shared
 * by the HTTP and gRPC peer links so both trust and pin peers the same way.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.transport.tls;
