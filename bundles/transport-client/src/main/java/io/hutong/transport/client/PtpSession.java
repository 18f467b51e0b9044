/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.hutong.transport.client.impl.ContainerCalls;
import io.hutong.transport.client.impl.ContainerCalls.Outcome;

/**
 * One session of a {@link PtpClient} (the standard SDK's {@code Session}, spec 40 §4): every call
 * carries the session's headers; each queue is named by the session and a topic (T1). A failure is a
 * {@link PtpClientException} carrying the transport code.
 */
public final class PtpSession implements AutoCloseable {

    /** The pop timeout of the standard (120 s). */
    public static final Duration DEFAULT_POP_TIMEOUT = Duration.ofSeconds(120);

    private final ContainerCalls calls;
    private final String sessionId;
    private final Map<String, String> headers;
    private final java.util.function.Consumer<PtpSession> onRelease;
    private PtpClient owner;

    PtpSession(ContainerCalls calls, String sessionId, Map<String, String> headers, java.util.function.Consumer<PtpSession> onRelease) {
        this.calls = calls;
        this.sessionId = sessionId;
        this.headers = headers;
        this.onRelease = onRelease;
    }

    PtpSession closing(PtpClient client) {
        this.owner = client;
        return this;
    }

    /** @return the {@code x-ptp-session-id} */
    public String sessionId() {
        return sessionId;
    }

    /** @return the headers sent with every call */
    public Map<String, String> headers() {
        return headers;
    }

    /** Pushes {@code payload} to {@code topic} for the session's target node ({@code mesh.chan.push}). */
    public void push(byte[] payload, String topic) {
        push(payload, Map.of(), topic);
    }

    /**
     * Pushes a message ({@code mesh.chan.push}). It is accepted once it is queued on the node (for
     * this node) or in the node's outbound queue to the target (delivered with retries).
     *
     * @param payload  the message
     * @param metadata extra metadata of this message (the request's {@code metadata} field), e.g.
     *                 {@code x-ptp-message-id} to make a retried push idempotent
     * @param topic    the topic, empty for none
     * @throws PtpClientException e.g. {@code E0000000618} unknown target, {@code E0000000413} too
     *                            large, {@code E0000000700} buffers full (retry later)
     */
    public void push(byte[] payload, Map<String, String> metadata, String topic) {
        check(calls.push(headers, topic(topic), payload == null ? new byte[0] : payload, metadata == null ? Map.of() : metadata));
    }

    /**
     * Removes and returns the head of the topic's queue on this node, waiting up to
     * {@code timeout} for one ({@code mesh.chan.pop}; a timeout of zero waits 1 ms).
     *
     * @return the message, or empty when none came in time (over protobuf bodies and gRPC a
     *         0-byte message cannot be told from none and is returned as empty)
     * @throws PtpClientException {@code E0000000608} when the session is released
     */
    public Optional<byte[]> pop(Duration timeout, String topic) {
        long ms = Math.max(1, timeout.toMillis());
        return Optional.ofNullable(check(calls.pop(headers, topic(topic), ms)).content());
    }

    /** Pops with the standard's default timeout (120 s). */
    public Optional<byte[]> pop(String topic) {
        return pop(DEFAULT_POP_TIMEOUT, topic);
    }

    /** @return the head of the topic's queue without removing it, empty when there is none ({@code mesh.chan.peek}) */
    public Optional<byte[]> peek(String topic) {
        return Optional.ofNullable(check(calls.peek(headers, topic(topic))).content());
    }

    /**
     * Releases the session on this node ({@code mesh.chan.release}): its unread messages, on every
     * topic, are dropped, waiting pops end with {@code E0000000608}, and later calls on the session
     * answer {@code E0000000608}.
     */
    public void release() {
        release(Duration.ZERO);
    }

    /** Releases the session ({@code mesh.chan.release(timeout)}), the node waiting at most {@code timeout} (0: its default). */
    public void release(Duration timeout) {
        check(calls.release(headers, "", Math.max(0, timeout.toMillis())));
        onRelease.accept(this);
    }

    /** Closes the connection when the session was opened by {@link PtpClient#openSession}; otherwise nothing. */
    @Override
    public void close() {
        if (owner != null) {
            owner.close();
        }
    }

    private static String topic(String topic) {
        return topic == null ? "" : topic;
    }

    private static Outcome check(Outcome o) {
        if (!"E0000000000".equals(o.code())) {
            throw new PtpClientException(o.code(), o.message());
        }
        return o;
    }

    @Override
    public String toString() {
        return "PtpSession[" + sessionId + "]";
    }
}
