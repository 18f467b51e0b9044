/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    /**
     * The carrier to the peer of {@code route} that keeps order, when this link has one ready: the
     * transport core then keeps several messages of a (session, topic) in flight on it, and sends one
     * at a time with {@link #deliver} otherwise. A link may answer differently from call to call
     * (a stream opening, broken, or a peer that has none); the core only adds a lane's message to the
     * ones in flight when they all went on the same stream.
     *
     * @return the stream to use now, or empty (the default, for links written before api 1.5) to
     *         deliver one message of a lane at a time
     */
    default Optional<PeerStream> stream(Route route) {
        return Optional.empty();
    }

    /**
     * Sends a roundtrip request ({@link Transport#roundtrip}) to the peer of {@code route} as one
     * east-west {@code invoke} and returns the payload of the peer's answer. One attempt, never
     * retried.
     *
     * @param message the request; its metadata carries {@code x-ptp-uri}, the resource at the peer
     * @param timeout how long to wait for the answer
     * @return a stage completing with the answer's payload, or exceptionally with a
     *         {@link PtpException}: {@code E0000000607} unreachable, {@code E0000000601} no answer
     *         in time, otherwise the code the peer answered
     */
    default CompletionStage<byte[]> invoke(Route route, PtpMessage message, Duration timeout) {
        // a link written against api 1.0 predates roundtrips
        return CompletableFuture.failedFuture(new PtpException(PtpCodes.NO_INSTANCE,
                "the " + route.protocol() + " adapter does not carry roundtrips"));
    }
}
