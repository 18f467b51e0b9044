/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpMessage;

/**
 * The message queues of one party's node: one FIFO queue per (session, topic), with the limits and answers of the
 * transport core's session queues (decisions T1–T6, T12, DELIVERY4), kept under one monitor because a test network
 * carries little traffic.
 */
final class NodeQueues {

    private final String nodeId;
    private final TestNetwork.Limits limits;
    private final Map<String, Session> sessions = new HashMap<>();
    private boolean down;

    NodeQueues(String nodeId, TestNetwork.Limits limits) {
        this.nodeId = nodeId;
        this.limits = limits;
    }

    /** One session's queues on this node. */
    private static final class Session {
        final Map<String, ArrayDeque<PtpMessage>> topics = new HashMap<>();
        final Map<String, Set<String>> seen = new HashMap<>();
        long bufferedBytes;
        boolean released;
        PtpException failure;

        ArrayDeque<PtpMessage> topic(String topic) {
            return topics.computeIfAbsent(topic == null ? "" : topic, t -> new ArrayDeque<>());
        }
    }

    private Session session(String id) {
        return sessions.computeIfAbsent(id, k -> new Session());
    }

    private PtpException released(String sessionId) {
        return new PtpException(PtpCodes.RELEASED, "session " + sessionId + " has been released on node " + nodeId);
    }

    /**
     * Queues a message arriving at this node, as {@code SessionQueues.push} does.
     *
     * @return false when dropped as a duplicate message id, or because the node is down
     * @throws PtpException E0000000413, E0000000700, E0000000608
     */
    synchronized boolean push(PtpMessage message) {
        if (down) {
            return false;
        }
        int size = message.payload().length;
        if (size > limits.maxMessageBytes) {
            throw new PtpException(PtpCodes.TOO_LARGE, "message of " + size + " bytes exceeds the limit of "
                    + limits.maxMessageBytes + " bytes");
        }
        Session s = session(message.sessionId());
        if (s.released) {
            throw released(message.sessionId());
        }
        String id = message.messageId();
        Set<String> seen = s.seen.computeIfAbsent(message.topic(), t -> new HashSet<>());
        if (id != null && !id.isEmpty() && seen.contains(id)) {
            return false;
        }
        if (s.bufferedBytes + size > limits.maxSessionBytes) {
            throw new PtpException(PtpCodes.BUFFER_FULL, "session " + message.sessionId() + " on node " + nodeId
                    + " buffers " + s.bufferedBytes + " unread bytes; " + size + " more would exceed its bound of "
                    + limits.maxSessionBytes);
        }
        s.topic(message.topic()).add(message);
        s.bufferedBytes += size;
        if (id != null && !id.isEmpty()) {
            seen.add(id);
        }
        notifyAll();
        return true;
    }

    /**
     * Takes the head of a queue, waiting up to {@code timeout} (capped by the network's pop limit).
     *
     * @throws PtpException E0000000608 when the session is (or gets) released, a reported failure, or
     *                      E0000000500 when the waiting thread is interrupted (its flag stays set)
     */
    synchronized Optional<PtpMessage> pop(String sessionId, String topic, Duration timeout) {
        Duration wait = timeout == null || timeout.isNegative() ? Duration.ZERO : timeout;
        if (wait.compareTo(limits.maxPopWait) > 0) {
            wait = limits.maxPopWait;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Session s = session(sessionId);
            if (s.released || down) {
                throw released(sessionId);
            }
            if (s.failure != null) {
                PtpException f = s.failure;
                s.failure = null;
                throw f;
            }
            PtpMessage m = s.topic(topic).poll();
            if (m != null) {
                s.bufferedBytes -= m.payload().length;
                return Optional.of(m);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PtpException(PtpCodes.SYSTEM_ERROR, "interrupted while waiting for a message");
            }
        }
    }

    /** @throws PtpException E0000000608 for a released session */
    synchronized Optional<PtpMessage> peek(String sessionId, String topic) {
        Session s = session(sessionId);
        if (s.released || down) {
            throw released(sessionId);
        }
        return Optional.ofNullable(s.topic(topic).peek());
    }

    /** Releases a session: drops its unread messages, wakes its pops with E0000000608. */
    synchronized boolean release(String sessionId) {
        boolean existed = sessions.containsKey(sessionId);
        Session s = session(sessionId);
        s.released = true;
        s.topics.clear();
        s.bufferedBytes = 0;
        notifyAll();
        return existed;
    }

    /** @return whether the session is released here */
    synchronized boolean isReleased(String sessionId) {
        Session s = sessions.get(sessionId);
        return down || s != null && s.released;
    }

    /** Remembers a failure of something this node sent on the session, answered once to the next pop or push. */
    synchronized void reportFailure(String sessionId, PtpException failure) {
        Session s = session(sessionId);
        if (!s.released) {
            s.failure = failure;
            notifyAll();
        }
    }

    /** @return the failure reported for the session and not yet answered, taking it */
    synchronized Optional<PtpException> takeFailure(String sessionId) {
        Session s = sessions.get(sessionId);
        if (s == null || s.failure == null) {
            return Optional.empty();
        }
        PtpException f = s.failure;
        s.failure = null;
        return Optional.of(f);
    }

    /** @return the unread messages of a queue, oldest first, left in place */
    synchronized List<PtpMessage> pending(String sessionId, String topic) {
        Session s = sessions.get(sessionId);
        return s == null ? List.of() : new ArrayList<>(s.topic(topic));
    }

    /** @return the topics of the session that hold unread messages */
    synchronized Set<String> topicsWithMessages(String sessionId) {
        Session s = sessions.get(sessionId);
        Set<String> topics = new java.util.TreeSet<>();
        if (s != null) {
            s.topics.forEach((t, q) -> {
                if (!q.isEmpty()) {
                    topics.add(t);
                }
            });
        }
        return topics;
    }

    /** Takes the node off the network: every session released, later messages for it vanish. */
    synchronized void goDown() {
        down = true;
        for (String id : new ArrayList<>(sessions.keySet())) {
            release(id);
        }
    }

    synchronized boolean isDown() {
        return down;
    }
}
