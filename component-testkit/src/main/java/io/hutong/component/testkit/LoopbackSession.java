/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.TransportSession;

/**
 * A party's transport session towards one other party: pushes land in the peer node's queue of the session and
 * topic, pops and peeks read the own node's queues, as the node's transport routes them between two nodes.
 */
final class LoopbackSession implements TransportSession {

    private final String sessionId;
    private final NodeQueues own;
    private final NodeQueues peer;
    private final Map<String, String> metadata;
    private final TestNetwork.Limits limits;

    /**
     * @param own      the queues of the node of the party that opened the session
     * @param peer     the queues of the target party's node
     * @param metadata the headers every push carries (target and source node, token, trace id)
     */
    LoopbackSession(String sessionId, NodeQueues own, NodeQueues peer, Map<String, String> metadata,
                    TestNetwork.Limits limits) {
        this.sessionId = sessionId;
        this.own = own;
        this.peer = peer;
        this.metadata = Map.copyOf(metadata);
        this.limits = limits;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void push(byte[] payload, Map<String, String> extra, String topic) {
        if (own.isReleased(sessionId)) {
            throw new PtpException(PtpCodes.RELEASED, "session " + sessionId + " has been released");
        }
        byte[] bytes = payload == null ? new byte[0] : payload.clone();
        // refused before it leaves the node, as the transport core checks the size of what a container pushes
        if (bytes.length > limits.maxMessageBytes) {
            throw new PtpException(PtpCodes.TOO_LARGE, "message of " + bytes.length + " bytes exceeds the limit of "
                    + limits.maxMessageBytes + " bytes");
        }
        Optional<PtpException> failed = own.takeFailure(sessionId);
        if (failed.isPresent()) {
            throw failed.get();
        }
        Map<String, String> meta = new HashMap<>(metadata);
        if (extra != null) {
            meta.putAll(extra);
        }
        String id = UUID.randomUUID().toString();
        meta.put(PtpHeaders.MESSAGE_ID, id);
        try {
            peer.push(new PtpMessage(id, sessionId, topic, bytes, meta));
        } catch (PtpException e) {
            if (!PtpCodes.RELEASED.equals(e.code())) {
                throw e;
            }
            // the peer released the session: delivery fails for good and the sender hears of it later (DELIVERY4)
            own.reportFailure(sessionId, new PtpException(PtpCodes.RELEASED, "a message on topic " + topic
                    + " could not be delivered: " + e.getMessage()));
        }
    }

    @Override
    public Optional<byte[]> pop(Duration timeout, String topic) {
        return own.pop(sessionId, topic, timeout).map(PtpMessage::payload).map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> peek(String topic) {
        return own.peek(sessionId, topic).map(PtpMessage::payload).map(byte[]::clone);
    }

    @Override
    public void release() {
        own.release(sessionId);
    }
}
