/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.Transport;
import io.hutong.api.transport.TransportStatistics;

/** The transport core's live figures (queue depths, forwarding per peer) for the node's metrics. */
@Component
public class TransportCoreStatistics implements TransportStatistics {

    private final SessionQueues queues;
    private final Transport transport;

    @Activate
    public TransportCoreStatistics(@Reference SessionQueues queues, @Reference Transport transport) {
        this.queues = queues;
        this.transport = transport;
    }

    @Override
    public Queues queues() {
        // another SessionQueues provider may replace this bundle's; it reports nothing rather than guesses
        return queues instanceof BoundedSessionQueues b ? b.figures() : new Queues(0, 0, 0, 0);
    }

    @Override
    public List<Peer> peers() {
        return transport instanceof NodeTransport t ? t.peerFigures() : List.of();
    }
}
