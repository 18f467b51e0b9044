/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The PTP transport layer (spec 40): session queues per ({@code x-ptp-session-id}, topic), the
 * standard's programming interface ({@link io.hutong.api.transport.Transport},
 * {@link io.hutong.api.transport.TransportSession}), the routing table, token checks and the
 * plug-in points of the protocol adapters (peer links, container dialects).
 *
 * <p>State lives in the transport core; the gRPC and HTTP adapters consume these services and hold
 * none, so an adapter can be replaced at runtime without losing a message.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.hutong.api.transport;
