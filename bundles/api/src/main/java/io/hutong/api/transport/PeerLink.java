/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The sending half of a protocol adapter: delivers one message to a peer node east-west. The
 * transport core keeps the outbound queue and the retries (T12); a link only makes one attempt, so
 * it holds no state and can be replaced while messages are queued.
 *
 * <p>Registered with the service property {@link #PROTOCOL} naming the {@link Route#protocol()} it
 * serves.
 */
@ConsumerType
public interface PeerLink {

    /** Service property: the protocol this link speaks, {@code grpc} or {@code http}. */
    String PROTOCOL = "hutong.transport.protocol";

    /**
     * Sends {@code message} to the peer of {@code route}, in the route's mode, with its metadata
     * as {@code x-ptp-*} headers (including {@link PtpHeaders#MESSAGE_ID}).
     *
     * @return a stage that completes when the peer answered {@code E0000000000}, or exceptionally
     *         with a {@link PtpException}: {@code E0000000607} when the peer cannot be reached
     *         (worth retrying), any other code for what the peer answered
     */
    CompletionStage<Void> deliver(Route route, PtpMessage message);
}
