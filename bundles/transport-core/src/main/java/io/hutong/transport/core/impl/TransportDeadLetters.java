/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import io.hutong.api.delivery.DeadLetter;
import io.hutong.api.health.Layers;
import io.hutong.api.transport.PtpMessage;

/**
 * The transport's dead-letter list (decision DELIVERY2): messages the outboxes gave up on, with their
 * payload, kept in memory for as long as the node runs (like the queues they came from, TR8) and
 * bounded in payload bytes; beyond the bound the oldest are forgotten, logged and counted.
 */
final class TransportDeadLetters {

    private static final Logger LOG = Logger.getLogger(TransportDeadLetters.class.getName());

    /** A dead letter with the message it stands for. */
    record Entry(DeadLetter letter, PtpMessage message) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final LongSupplier clock;
    private final long maxBytes;
    private long bytes;
    private long forgotten;

    TransportDeadLetters(long maxBytes, LongSupplier clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    synchronized DeadLetter add(String peer, PtpMessage m, String code, String reason, int attempts) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("session_id", m.sessionId());
        details.put("topic", m.topic() == null ? "" : m.topic());
        details.put("message_id", m.messageId() == null ? "" : m.messageId());
        details.put("bytes", m.payload().length);
        DeadLetter letter = new DeadLetter("tr-" + UUID.randomUUID(), Layers.TRANSPORT, peer,
                "message " + m.messageId() + " of session " + m.sessionId() + ", topic " + (m.topic() == null ? "" : m.topic()),
                code, reason, attempts, clock.getAsLong(), details);
        entries.put(letter.id(), new Entry(letter, m));
        bytes += m.payload().length;
        Iterator<Entry> oldest = entries.values().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Entry e = oldest.next();
            if (e.letter() == letter) {
                break; // the newest always stays, even alone over the bound: it is what the operator must see
            }
            oldest.remove();
            bytes -= e.message().payload().length;
            forgotten++;
            LOG.warning("dead letter " + e.letter().id() + " (" + e.letter().what() + " to node " + e.letter().peer()
                    + ") forgotten: the dead-letter list is over its bound of " + maxBytes + " bytes");
        }
        return letter;
    }

    synchronized List<DeadLetter> list() {
        List<DeadLetter> out = new ArrayList<>();
        entries.values().forEach(e -> out.add(e.letter()));
        return out;
    }

    synchronized Entry get(String id) {
        return entries.get(id);
    }

    synchronized Entry remove(String id) {
        Entry e = entries.remove(id);
        if (e != null) {
            bytes -= e.message().payload().length;
        }
        return e;
    }

    synchronized int size() {
        return entries.size();
    }

    /** @return per peer, how many dead letters it has, plus the totals */
    synchronized Map<String, Object> stats() {
        Map<String, Integer> perPeer = new TreeMap<>();
        entries.values().forEach(e -> perPeer.merge(e.letter().peer(), 1, Integer::sum));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", entries.size());
        m.put("bytes", bytes);
        m.put("forgotten", forgotten);
        m.put("per_peer", perPeer);
        return m;
    }
}
