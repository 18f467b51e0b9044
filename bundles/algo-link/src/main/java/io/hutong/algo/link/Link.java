/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A point-to-point link from this party to one peer as SecretFlow's algorithms see it (decision P3, spec 52 §2):
 * messages addressed by logical keys ({@code <ctx>:P2P-<n>:<src>-><dst>}, see {@link LinkContext}), delivered to
 * whoever asks for that key, with connect at the start and the FIN accounting at the end.
 *
 * <p>Made by {@link Links}; a task with more than two parties holds one link per peer, all with the same
 * {@link #selfRank()} and {@link #worldSize()}.
 */
@ProviderType
public interface Link extends AutoCloseable {

    /** @return this party's rank: its position among the task's roles in lexicographic order */
    int selfRank();

    /** @return the peer's rank */
    int peerRank();

    /** @return how many parties the task has */
    int worldSize();

    /** @return the options the link was opened with */
    LinkOptions options();

    /**
     * Announces this party and waits until the peer has announced itself.
     *
     * @throws TimeoutException when the peer did not announce itself in time (its task did not start)
     * @throws IOException      when the wire failed
     */
    void connect(Duration timeout) throws IOException, InterruptedException, TimeoutException;

    /** {@link #connect(Duration)} with the options' connect timeout. */
    default void connect() throws IOException, InterruptedException, TimeoutException {
        connect(options().connectTimeout());
    }

    /**
     * Sends a message under a logical key. Blocks while {@link LinkOptions#window()} messages of the key's
     * {@link LinkContext} are unacknowledged, for at most the options' receive timeout; each context has its own
     * window, so a conversation the peer reads later never holds back another.
     *
     * @throws IOException when the peer stops acknowledging or the wire fails
     */
    void send(String key, byte[] value) throws IOException, InterruptedException;

    /**
     * Takes the message the peer sent under a logical key, waiting for it to arrive, and acknowledges it.
     *
     * @throws TimeoutException when nothing arrives under the key in time
     * @throws IOException      when the wire failed or the peer broke the protocol (e.g. inconsistent chunks)
     */
    byte[] receive(String key, Duration timeout) throws IOException, InterruptedException, TimeoutException;

    /** {@link #receive(String, Duration)} with the options' receive timeout. */
    default byte[] receive(String key) throws IOException, InterruptedException, TimeoutException {
        return receive(key, options().recvTimeout());
    }

    /**
     * Ends the link cleanly: acknowledges every message of the peer that arrived but was never read (and every one
     * that still arrives), tells the peer how many messages were sent, and waits for the peer's count, every message
     * it counts, and acknowledgements of all of this party's messages.
     *
     * @throws IOException when the accounting does not close in time, naming what is missing
     */
    void finish(Duration timeout) throws IOException, InterruptedException;

    /** {@link #finish(Duration)} with the options' receive timeout. */
    default void finish() throws IOException, InterruptedException {
        finish(options().recvTimeout());
    }

    /** Stops receiving; no further messages are sent. Safe to call more than once. */
    @Override
    void close();
}
