/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.link;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A point-to-point link to one peer as SecretFlow's algorithms see it (decision P3, spec 52 §2): messages
 * addressed by logical keys ({@code <ctx>:P2P-<n>:<src>-><dst>}, see {@link LinkContext}), delivered to whoever
 * asks for that key, with connect at the start and the FIN accounting at the end.
 *
 * <p>{@link PushLink} implements it on any {@link LinkWire} (the node's PTP transport today; a direct gRPC
 * {@code ReceiverService} wire can be added without touching the algorithms).
 */
public interface Link extends AutoCloseable {

    /** @return this party's rank */
    int selfRank();

    /** @return the peer's rank */
    int peerRank();

    /**
     * Announces this party and waits until the peer has announced itself.
     *
     * @throws TimeoutException when the peer did not announce itself in time (its task did not start)
     */
    void connect(Duration timeout) throws IOException, InterruptedException, TimeoutException;

    /**
     * Sends a message under a logical key. Blocks while the window of unacknowledged messages is full.
     *
     * @throws IOException when the peer stops acknowledging or the wire fails
     */
    void send(String key, byte[] value) throws IOException, InterruptedException;

    /**
     * Takes the message the peer sent under a logical key, waiting for it to arrive, and acknowledges it.
     *
     * @throws TimeoutException when nothing arrives under the key in time
     * @throws IOException      when the wire failed
     */
    byte[] receive(String key, Duration timeout) throws IOException, InterruptedException, TimeoutException;

    /**
     * Ends the link cleanly: tells the peer how many messages were sent and waits for the peer's count, every
     * message it counts, and acknowledgements of all of this party's messages.
     *
     * @throws IOException when the accounting does not close in time, naming what is missing
     */
    void finish(Duration timeout) throws IOException, InterruptedException;

    /** Stops receiving; no further messages are sent. Safe to call more than once. */
    @Override
    void close();
}
