/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's message queues, one per ({@code x-ptp-session-id}, topic) (decisions T1–T6): the
 * state behind the container API's push, pop, peek and release. Provided by the transport core;
 * adapters call it and keep nothing themselves.
 *
 * <p>Every failure is a {@link PtpException} with the standard code: {@code E0000000413} for a
 * message over the size limit, {@code E0000000700} when the session's buffered bytes would exceed
 * their bound, {@code E0000000608} for a released session.
 */
@ProviderType
public interface SessionQueues {

    /**
     * Appends a message to the queue of its (session, topic), or hands it to the oldest waiting
     * pop. A message whose id is already recorded for that queue is dropped silently (T12), so a
     * retried delivery is queued once.
     *
     * @param message the message
     * @return {@code true} when queued, {@code false} when dropped as a duplicate
     * @throws PtpException E0000000413, E0000000700 or E0000000608
     */
    boolean push(PtpMessage message);

    /**
     * Removes and returns the head of the queue, waiting up to {@code timeout} for one to arrive.
     * The wait holds no thread: the returned stage completes when a message arrives, when the
     * timeout passes (empty, T3), or exceptionally with E0000000608 when the session is released
     * meanwhile (T5).
     *
     * @param sessionId the session
     * @param topic     the topic ({@code null} = the empty topic)
     * @param timeout   how long to wait; zero means do not wait; capped by the configured maximum
     * @return the message, or empty on timeout
     */
    CompletionStage<Optional<PtpMessage>> pop(String sessionId, String topic, Duration timeout);

    /**
     * Returns the head of the queue without removing it (T4).
     *
     * @return the head, or empty when the queue is empty
     * @throws PtpException E0000000608 for a released session
     */
    Optional<PtpMessage> peek(String sessionId, String topic);

    /**
     * Releases a session (T5): drops its unread messages on every topic, wakes every waiting pop
     * with E0000000608, and answers E0000000608 to later calls on the session until the release
     * expires.
     *
     * @param sessionId the session
     * @return {@code true} when the session existed
     */
    boolean release(String sessionId);

    /**
     * Puts a popped message back at the head of its (session, topic) queue because its answer never
     * reached the caller (the caller gave up or disconnected, or the adapter could not write the
     * answer): the next pop of that queue gets it, ahead of the messages queued after it. Adapters
     * call it instead of dropping a message nobody received. It is not checked against the session's
     * byte bound (it was accepted once) nor as a duplicate; a released session drops it.
     *
     * @param message the message a pop of this node returned
     * @return {@code true} when it is queued again, {@code false} when the session is released
     * @since 1.4.0
     */
    default boolean requeue(PtpMessage message) {
        return false;
    }

    /** @return the number of messages waiting in the queue (0 for an unknown one) */
    int size(String sessionId, String topic);

    /** @return the largest payload accepted, in bytes (T6); adapters stop reading a body well beyond it */
    long maxMessageBytes();

    /**
     * Remembers that something sent on a session failed for good (a dead letter, decision DELIVERY4),
     * so the container hears of it: pops waiting on the session end with {@code failure} at once;
     * without any, the next pop on the session (or the next push, through {@link #takeFailure}) does.
     * Reported once. Nothing is remembered for a released session.
     *
     * @since 1.2.0
     */
    default void reportFailure(String sessionId, PtpException failure) {
    }

    /**
     * Takes the failure reported for a session and not yet answered to a call, if any.
     *
     * @since 1.2.0
     */
    default Optional<PtpException> takeFailure(String sessionId) {
        return Optional.empty();
    }
}
