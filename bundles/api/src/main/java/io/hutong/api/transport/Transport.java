/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's transport (spec 40 §4, the standard's programming interface): opens sessions for
 * in-process algorithm components and routes every pushed message to the queue of its target
 * node, here or at a peer.
 */
@ProviderType
public interface Transport {

    /**
     * Opens a session (spec 40 §4 {@code open}).
     *
     * @param sessionId the {@code x-ptp-session-id}
     * @param metadata  headers kept for every push of the session: {@code x-ptp-target-node-id}
     *                  (required), {@code x-ptp-target-inst-id}, {@code x-ptp-token},
     *                  {@code x-ptp-trace-id}, {@code x-ptp-tech-provider-code}
     * @return the session
     * @throws PtpException E0000000400 when the target node is missing
     */
    TransportSession open(String sessionId, Map<String, String> metadata);

    /**
     * Sends a message a container pushed: queued here when {@code x-ptp-target-node-id} in its
     * metadata is this node, otherwise appended to the outbound queue of the target's peer and
     * delivered with retries (T12). Returns once the message is queued on either side.
     *
     * @throws PtpException E0000000400 (no target), E0000000618 (target not networked),
     *                      E0000000403 (token refused), E0000000413, E0000000700, E0000000608
     */
    void send(PtpMessage message);

    /**
     * Accepts a message delivered by a peer east-west: checks the token and queues it; a message
     * id seen before in the same queue is dropped (T12).
     *
     * @return {@code true} when queued, {@code false} when dropped as a duplicate
     * @throws PtpException E0000000403, E0000000413, E0000000700, E0000000608
     */
    boolean receive(PtpMessage message);

    /**
     * Sends a request and returns the answer ({@code mesh.chan.roundtrip}, decision TR17): the
     * request goes synchronously, as an east-west {@code invoke}, to the node named by
     * {@code x-ptp-target-node-id}, where the {@link PtpResource} registered for its
     * {@code x-ptp-uri} answers it; a request for this node is answered here. Unlike
     * {@link #send}, nothing is queued or retried: a roundtrip may not be idempotent.
     *
     * @param payload  the request bytes
     * @param metadata the headers: {@code x-ptp-target-node-id} and {@code x-ptp-uri} required;
     *                 {@code x-ptp-session-id}, {@code x-ptp-token}, {@code x-ptp-trace-id} and
     *                 {@code x-ptp-tech-provider-code} passed on; a session id is generated when
     *                 none is given
     * @return a stage completing with the resource's answer, or exceptionally with a
     *         {@link PtpException}: E0000000400 (no target or no uri), E0000000618 (target not
     *         networked), E0000000607 (peer unreachable), E0000000601 (no answer within the
     *         configured roundtrip timeout), E0000000404 (no resource at the uri), E0000000403,
     *         E0000000413, or what the resource answered
     */
    CompletionStage<byte[]> roundtrip(byte[] payload, Map<String, String> metadata);
}
