/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import io.hutong.protocol.interconnection.link.PushRequest;

/**
 * What carries {@code PushRequest}s between two parties: one direction out, one in. Ordering is not assumed
 * (sequence ids and chunk offsets carry it); loss is not expected. {@link Links#open} uses the node's PTP transport;
 * another carrier (a direct gRPC {@code ReceiverService}, an in-memory pair in tests) plugs in through
 * {@link Links#over}.
 */
@ConsumerType
public interface LinkWire {

    /** Separates the logical key from the sequence id in a wire key. */
    String SEPARATOR = "\u0001\u0002";
    /** Wire key of an acknowledgement; its value is the sequence id as decimal text. */
    String ACK = "ACK" + SEPARATOR;
    /** Wire key of the closing count; its value is the number of messages sent, as decimal text. */
    String FIN = "FIN" + SEPARATOR;

    /**
     * Hands one push to the carrier.
     *
     * @throws IOException when the carrier refuses it for good, with the carrier's reason
     */
    void push(PushRequest request) throws IOException, InterruptedException;

    /**
     * Takes the next push the peer sent, waiting up to {@code timeout}.
     *
     * @return the push, or empty when none arrived in time
     * @throws IOException when the carrier is gone (e.g. the transport session was released)
     */
    Optional<PushRequest> pop(Duration timeout) throws IOException, InterruptedException;
}
