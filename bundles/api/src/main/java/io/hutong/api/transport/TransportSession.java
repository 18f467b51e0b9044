/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One open session of the programming interface (spec 40 §4 {@code Session}): pushes go to the
 * session's target node, pops and peeks read this node's queues of the session.
 */
@ProviderType
public interface TransportSession {

    /** @return the {@code x-ptp-session-id} */
    String sessionId();

    /**
     * Pushes a message to the session's target node ({@code mesh.chan.push}).
     *
     * @param payload  the message bytes
     * @param metadata extra headers for this message (may be empty)
     * @param topic    the topic, empty for none
     * @throws PtpException as {@link Transport#send(PtpMessage)}
     */
    void push(byte[] payload, Map<String, String> metadata, String topic);

    /**
     * Removes and returns the head of the topic's queue, waiting up to {@code timeout}
     * ({@code mesh.chan.pop}). Blocks the calling thread; adapters use {@link SessionQueues#pop}
     * instead.
     *
     * @return the payload, or empty on timeout
     * @throws PtpException E0000000608 when the session is released
     */
    Optional<byte[]> pop(Duration timeout, String topic);

    /** @return the head of the topic's queue without removing it ({@code mesh.chan.peek}) */
    Optional<byte[]> peek(String topic);

    /** Releases the session here ({@code mesh.chan.release}); see {@link SessionQueues#release}. */
    void release();
}
