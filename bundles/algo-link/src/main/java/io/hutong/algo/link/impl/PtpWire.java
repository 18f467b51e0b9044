/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;

import io.hutong.algo.link.LinkWire;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.TransportSession;
import io.hutong.protocol.interconnection.link.PushRequest;

/**
 * {@code PushRequest}s over the node's PTP transport as the reference containers send them (spec 52 §1): the raw
 * serialized message as payload, send topic {@code <selfRole>-<peerRole>}, receive topic {@code <peerRole>-<selfRole>}.
 * A full queue ({@code E0000000700}) is waited out for as long as the link's patience allows; any other refusal is
 * retried three times, as the reference does.
 */
public final class PtpWire implements LinkWire {

    private static final int RETRIES = 3;

    private final TransportSession session;
    private final String sendTopic;
    private final String receiveTopic;
    private final Duration patience;

    /**
     * @param session      the task's transport session towards the peer's node
     * @param sendTopic    topic of this party's pushes, e.g. {@code guest.0-host.0}
     * @param receiveTopic topic of the peer's pushes, e.g. {@code host.0-guest.0}
     * @param patience     how long a full queue is waited out before the push fails
     */
    public PtpWire(TransportSession session, String sendTopic, String receiveTopic, Duration patience) {
        this.session = session;
        this.sendTopic = sendTopic;
        this.receiveTopic = receiveTopic;
        this.patience = patience;
    }

    @Override
    public void push(PushRequest request) throws IOException, InterruptedException {
        byte[] payload = request.toByteArray();
        long deadline = System.nanoTime() + patience.toNanos();
        int failures = 0;
        while (true) {
            try {
                session.push(payload, Map.of(), sendTopic);
                return;
            } catch (PtpException e) {
                boolean full = PtpCodes.BUFFER_FULL.equals(e.code());
                if (full ? System.nanoTime() > deadline : ++failures > RETRIES) {
                    throw new IOException("the transport refused a message on topic " + sendTopic + ": " + e.code()
                            + " " + e.getMessage(), e);
                }
                Thread.sleep(full ? 1000 : 200L * failures);
            }
        }
    }

    @Override
    public Optional<PushRequest> pop(Duration timeout) throws IOException {
        Optional<byte[]> payload;
        try {
            payload = session.pop(timeout, receiveTopic);
        } catch (PtpException e) {
            throw new IOException("the transport session " + session.sessionId() + " ended: " + e.code() + " "
                    + e.getMessage(), e);
        }
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PushRequest.parseFrom(payload.get()));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("a message on topic " + receiveTopic + " is not a link PushRequest", e);
        }
    }
}
