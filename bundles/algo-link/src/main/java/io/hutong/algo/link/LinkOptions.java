/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Link} behaves, with yacl's names in the descriptions.
 *
 * @param recvTimeout     {@code recv_timeout_ms}: the longest wait for a message of the peer, and for an
 *                        acknowledgement once {@code window} messages are unacknowledged
 * @param connectTimeout  how long the peer may take to announce itself
 * @param chunkBytes      values larger than this travel CHUNKED, in pieces of this size (yacl: 1 MiB)
 * @param window          unacknowledged messages after which a sender waits (yacl's throttle window: 10)
 * @param maxMessageBytes the largest message a peer may send chunked; a larger {@code message_length} fails the link
 */
public record LinkOptions(Duration recvTimeout, Duration connectTimeout, int chunkBytes, int window,
        long maxMessageBytes) {

    /** yacl's default {@code recv_timeout_ms}. */
    public static final Duration RECV_TIMEOUT = Duration.ofSeconds(30);
    /** How long a peer may take to join by default. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
    /** yacl's chunk size. */
    public static final int CHUNK_BYTES = 1 << 20;
    /** yacl's throttle window. */
    public static final int WINDOW = 10;
    /** Default bound on a message's length. */
    public static final long MAX_MESSAGE_BYTES = 256L << 20;
    /** The largest message a Java array holds. */
    public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    /** @throws IllegalArgumentException when a value is not positive, a chunk is larger than the largest message, or
     *                                  that is larger than a Java array */
    public LinkOptions {
        Objects.requireNonNull(recvTimeout, "recvTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (recvTimeout.isNegative() || recvTimeout.isZero() || connectTimeout.isNegative()
                || connectTimeout.isZero()) {
            throw new IllegalArgumentException("link timeouts must be positive: recv " + recvTimeout + ", connect "
                    + connectTimeout);
        }
        if (chunkBytes < 1 || window < 1 || maxMessageBytes < chunkBytes || maxMessageBytes > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("link options out of range: chunkBytes " + chunkBytes + " (≥ 1), window "
                    + window + " (≥ 1), maxMessageBytes " + maxMessageBytes + " (chunkBytes to " + MAX_ARRAY_BYTES + ")");
        }
    }

    /** @return the reference's settings: 30 s, 120 s, 1 MiB chunks, window 10, messages up to 256 MiB */
    public static LinkOptions defaults() {
        return new LinkOptions(RECV_TIMEOUT, CONNECT_TIMEOUT, CHUNK_BYTES, WINDOW, MAX_MESSAGE_BYTES);
    }

    /** @return these options with another receive (and acknowledgement) timeout */
    public LinkOptions withRecvTimeout(Duration timeout) {
        return new LinkOptions(timeout, connectTimeout, chunkBytes, window, maxMessageBytes);
    }

    /** @return these options with another connect timeout */
    public LinkOptions withConnectTimeout(Duration timeout) {
        return new LinkOptions(recvTimeout, timeout, chunkBytes, window, maxMessageBytes);
    }

    /** @return these options with another chunk size */
    public LinkOptions withChunkBytes(int bytes) {
        return new LinkOptions(recvTimeout, connectTimeout, bytes, window, maxMessageBytes);
    }

    /** @return these options with another window */
    public LinkOptions withWindow(int messages) {
        return new LinkOptions(recvTimeout, connectTimeout, chunkBytes, messages, maxMessageBytes);
    }

    /** @return these options with another bound on a message's length */
    public LinkOptions withMaxMessageBytes(long bytes) {
        return new LinkOptions(recvTimeout, connectTimeout, chunkBytes, window, bytes);
    }
}
