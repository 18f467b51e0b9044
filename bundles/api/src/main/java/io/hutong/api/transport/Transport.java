/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.Map;

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
}
