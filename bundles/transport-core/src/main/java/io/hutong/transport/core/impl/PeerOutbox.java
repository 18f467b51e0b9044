/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.TransportStatistics;

/**
 * The outbound queue to one peer node (decisions T12, DELIVERY1–DELIVERY3): one lane per
 * (session, topic), each delivering its messages one at a time in push order, lanes independent of
 * each other, so a session whose message the peer will not take stops no other session to that peer.
 *
 * <p>A retryable answer ({@link RetryBudget#RETRYABLE}) is retried with growing pauses within the
 * retry budget; a final answer, or a retryable one past the budget, makes the message a dead letter,
 * and with it the messages queued behind it in the same lane (sending them would break the
 * lane's order). The receiver drops repeats by {@code x-ptp-message-id}.
 */
final class PeerOutbox {

    private static final Logger LOG = Logger.getLogger(PeerOutbox.class.getName());
    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    /** Longer than any adapter's own request timeout (120 s), so it only ends attempts that would never end. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(150);

    /** Where messages the outbox gives up on go. */
    interface DeadLetterSink {
        /**
         * @param code     the final (or last retried) answer's code
         * @param reason   why, naming the peer's answer
         */
        void dead(String peer, PtpMessage message, String code, String reason, int attempts);
    }

    /** A message waiting in a lane with its attempts so far. */
    private static final class Pending {
        final PtpMessage message;
        int attempts;
        long firstAttemptMillis = -1;
        Duration backoff = FIRST_BACKOFF;

        Pending(PtpMessage message) {
            this.message = message;
        }
    }

    private record LaneKey(String session, String topic) {
    }

    /** The messages of one (session, topic) to this peer; {@code busy} while ready, in flight or waiting to retry. */
    private static final class Lane {
        final LaneKey key;
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        boolean busy;
        CompletableFuture<Void> inFlight;
        PeerLink inFlightLink;

        Lane(LaneKey key) {
            this.key = key;
        }
    }

    private final String peer;
    private final Function<String, Route> routes;
    private final Function<String, PeerLink> links;
    private final ScheduledExecutorService timer;
    private final long maxBytes;
    private final Duration maxBackoff;
    private final RetryBudget budget;
    private final int maxInFlight;
    private final DeadLetterSink sink;
    private final LongSupplier clock;

    private final Map<LaneKey, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private int active;
    private int queued;
    private long queuedBytes;
    private boolean closed;
    private long delivered;
    private long deadLettered;
    private long retries;
    private String lastError = "";
    private Instant lastErrorAt;

    PeerOutbox(String peer, Function<String, Route> routes, Function<String, PeerLink> links, ScheduledExecutorService timer,
               long maxBytes, Duration maxBackoff, RetryBudget budget, int maxInFlight, DeadLetterSink sink, LongSupplier clock) {
        this.peer = peer;
        this.routes = routes;
        this.links = links;
        this.timer = timer;
        this.maxBytes = maxBytes;
        this.maxBackoff = maxBackoff;
        this.budget = budget;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Appends a message to its (session, topic) lane; it leaves after every message appended to that lane before it.
     *
     * @throws PtpException E0000000700 when the peer is behind by more than the bound
     */
    void enqueue(PtpMessage m) {
        synchronized (this) {
            if (closed) {
                throw new PtpException(PtpCodes.SYSTEM_ERROR, "transport core stopping");
            }
            if (queuedBytes + m.payload().length > maxBytes && queued > 0) {
                throw new PtpException(PtpCodes.BUFFER_FULL, "outbound queue to node " + peer + " holds " + queuedBytes
                        + " bytes not yet delivered (bound " + maxBytes + "); last error: " + lastError);
            }
            Lane lane = lanes.computeIfAbsent(new LaneKey(m.sessionId(), m.topic() == null ? "" : m.topic()), Lane::new);
            lane.queue.add(new Pending(m));
            queued++;
            queuedBytes += m.payload().length;
            if (!lane.busy) {
                lane.busy = true;
                ready.add(lane);
            }
        }
        pump();
    }

    /** Starts an attempt for as many ready lanes as the in-flight bound allows. */
    private void pump() {
        List<Lane> start = new ArrayList<>();
        synchronized (this) {
            while (active < maxInFlight && !ready.isEmpty() && !closed) {
                active++;
                start.add(ready.poll());
            }
        }
        for (Lane lane : start) {
            // scheduled rather than called, so a long run of instant answers cannot grow the stack
            try {
                timer.execute(() -> attempt(lane));
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    active--;
                }
            }
        }
    }

    /** Sends the head of a lane; on completion moves on, schedules a retry or gives the lane up. */
    private void attempt(Lane lane) {
        Pending head;
        synchronized (this) {
            head = lane.queue.peek();
            if (head == null || closed) {
                active--;
                lane.busy = false;
                if (head == null) {
                    lanes.remove(lane.key, lane);
                }
                return;
            }
            if (head.firstAttemptMillis < 0) {
                head.firstAttemptMillis = clock.getAsLong();
            }
            head.attempts++;
        }
        Route route = routes.apply(peer);
        if (route == null) {
            failed(lane, head, PtpCodes.NOT_NETWORKED, "no route to node " + peer + " any more");
            return;
        }
        PeerLink link = links.apply(route.protocol());
        if (link == null) {
            failed(lane, head, PtpCodes.NO_INSTANCE, "no " + route.protocol() + " adapter running");
            return;
        }
        CompletionStage<Void> sent;
        try {
            sent = link.deliver(route, head.message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        // The link may be replaced while the attempt is in flight and never answer: the guard ends the
        // attempt when its link leaves or after the delivery timeout, and the message is retried (the
        // receiver drops it if the first attempt did arrive).
        CompletableFuture<Void> guard = new CompletableFuture<>();
        sent.whenComplete((ok, error) -> {
            if (error == null) {
                guard.complete(null);
            } else {
                guard.completeExceptionally(error);
            }
        });
        guard.orTimeout(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (this) {
            lane.inFlight = guard;
            lane.inFlightLink = link;
        }
        guard.whenComplete((ok, error) -> {
            synchronized (this) {
                lane.inFlight = null;
                lane.inFlightLink = null;
            }
            if (error == null) {
                delivered(lane, head);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String code = cause instanceof PtpException p ? p.code()
                    : cause instanceof java.util.concurrent.TimeoutException ? PtpCodes.TIMEOUT : PtpCodes.UNREACHABLE;
            failed(lane, head, code, cause.getMessage() == null ? cause.toString() : cause.getMessage());
        });
    }

    /** Ends the attempts in flight on {@code link}, which is leaving; their messages are retried on its successor. */
    void linkGone(PeerLink link) {
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                if (lane.inFlightLink == link && lane.inFlight != null) {
                    ended.add(lane.inFlight);
                }
            }
        }
        ended.forEach(f -> f.completeExceptionally(new PtpException(PtpCodes.NO_INSTANCE, "adapter stopped during delivery")));
    }

    private void delivered(Lane lane, Pending head) {
        synchronized (this) {
            if (lane.queue.peek() == head) {
                lane.queue.poll();
                queued--;
                queuedBytes -= head.message.payload().length;
            }
            delivered++;
            active--;
            next(lane);
        }
        pump();
    }

    /** Under the lock: puts a lane with more to send back in line, or lets it go. */
    private void next(Lane lane) {
        if (lane.queue.isEmpty()) {
            lane.busy = false;
            lanes.remove(lane.key, lane);
        } else if (!closed) {
            ready.add(lane);
        } else {
            lane.busy = false;
        }
    }

    private void failed(Lane lane, Pending head, String code, String message) {
        String why = code + " " + message;
        long age = clock.getAsLong() - head.firstAttemptMillis;
        if (RetryBudget.retryable(code) && budget.allows(head.attempts, age)) {
            Duration wait;
            synchronized (this) {
                retries++;
                if (!why.equals(lastError)) {
                    // once per new cause, not per retry: e.g. a TLS pin mismatch the operator must fix
                    LOG.warning("delivery to node " + peer + " failing, retrying: " + why);
                }
                lastError = why;
                lastErrorAt = Instant.now();
                active--;
                wait = head.backoff;
                head.backoff = wait.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : wait.multipliedBy(2);
                if (closed) {
                    lane.busy = false;
                    return;
                }
            }
            pump();
            try {
                timer.schedule(() -> {
                    synchronized (this) {
                        ready.add(lane);
                    }
                    pump();
                }, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    lane.busy = false;
                }
            }
            return;
        }
        String reason = RetryBudget.retryable(code)
                ? "not delivered after " + head.attempts + " attempts in " + Duration.ofMillis(Math.max(0, age)).toSeconds()
                  + " s (retry budget " + budget + "); last answer: " + why
                : "node " + peer + " refused it: " + why;
        List<Pending> dead = new ArrayList<>();
        synchronized (this) {
            lastError = why;
            lastErrorAt = Instant.now();
            if (lane.queue.peek() == head) {
                // the rest of the lane follows its head: delivered after a gap, they would break the lane's order
                dead.addAll(lane.queue);
                lane.queue.clear();
            }
            for (Pending p : dead) {
                queued--;
                queuedBytes -= p.message.payload().length;
            }
            deadLettered += dead.size();
            active--;
            next(lane);
        }
        for (Pending p : dead) {
            String r = p == head ? reason : "follows message " + head.message.messageId() + " of the same session and topic, which "
                    + "was not delivered (" + reason + "); not sent, to keep the order";
            LOG.warning("dead letter: message " + p.message.messageId() + " of session " + p.message.sessionId() + " to node "
                    + peer + ": " + r);
            sink.dead(peer, p.message, code, r, p.attempts);
        }
        pump();
    }

    void close() {
        synchronized (this) {
            closed = true;
        }
    }

    synchronized int queued() {
        return queued;
    }

    /** @return this outbox's figures for the node's metrics */
    synchronized TransportStatistics.Peer figures() {
        return new TransportStatistics.Peer(peer, queued, queuedBytes, active, delivered, retries, deadLettered);
    }

    synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queued", queued);
        m.put("queued_bytes", queuedBytes);
        m.put("sessions", lanes.size());
        m.put("in_flight", active);
        m.put("delivered", delivered);
        m.put("dead_lettered", deadLettered);
        m.put("retries", retries);
        m.put("last_error", lastError);
        m.put("last_error_at", lastErrorAt == null ? "" : lastErrorAt.toString());
        return m;
    }
}
