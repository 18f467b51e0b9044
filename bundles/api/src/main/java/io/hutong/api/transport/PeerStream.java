/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A carrier to one peer that keeps the order of the messages sent on it, so the transport core may
 * have several messages of one (session, topic) in flight at once (decision WIN4); obtained from
 * {@link PeerLink#stream(Route)}.
 *
 * <p>What a stream promises:
 * <ul>
 * <li>the peer takes the messages in the order {@link #deliver} was called, and answers them in
 *     that order;</li>
 * <li>once a message of a (session, topic) fails, every later message of the same session and topic
 *     sent on this stream fails too, with a retryable code, until a message sent with
 *     {@code restartsLane}; so nothing of a lane is taken after a gap;</li>
 * <li>once the stream breaks, every message in flight on it and every later one fails with
 *     {@code E0000000607}; it never reconnects: the caller asks the link for a new stream.</li>
 * </ul>
 * Like {@link PeerLink#deliver}, each call is one attempt; the core keeps the queue and the retries.
 */
@ConsumerType
public interface PeerStream {

    /**
     * Sends {@code message} to the peer of {@code route}, after every message sent on this stream before it.
     *
     * @param restartsLane {@code true} for the first message of its (session, topic) sent after a
     *                     failure of that lane was seen: the peer takes it and the lane's later
     *                     messages again
     * @return a stage that completes when the peer answered {@code E0000000000}, or exceptionally with
     *         a {@link PtpException} as for {@link PeerLink#deliver}
     */
    CompletionStage<Void> deliver(Route route, PtpMessage message, boolean restartsLane);
}
