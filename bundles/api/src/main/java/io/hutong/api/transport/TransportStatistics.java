/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Live figures of the transport core, read by the node's metrics at each scrape: how much waits in
 * the session queues for containers to pop, and per peer node what waits to be forwarded, what was
 * forwarded, retried and given up. Registered by the transport core beside {@link Transport}.
 *
 * @since 1.4.0
 */
@ProviderType
public interface TransportStatistics {

    /**
     * What the session queues hold now, summed over every session and topic.
     *
     * @param sessions      sessions open (released ones still remembered included)
     * @param messages      messages waiting to be popped
     * @param bufferedBytes bytes of those messages
     * @param waitingPops   pops blocked waiting for a message
     */
    record Queues(int sessions, long messages, long bufferedBytes, int waitingPops) {
    }

    /**
     * The forwarding of messages to one peer node since the transport core started.
     *
     * @param peer         the peer's node id
     * @param queued       messages waiting to be forwarded (in flight and waiting to retry included)
     * @param queuedBytes  their bytes
     * @param inFlight     delivery attempts under way
     * @param delivered    messages the peer accepted
     * @param retries      attempts repeated after a retryable failure
     * @param deadLettered messages given up (final refusal or retry budget spent)
     */
    record Peer(String peer, int queued, long queuedBytes, int inFlight, long delivered, long retries,
                long deadLettered) {
    }

    /** @return what the session queues hold now */
    Queues queues();

    /** @return one entry per peer this node has forwarded to (or tried to) since it started */
    List<Peer> peers();
}
