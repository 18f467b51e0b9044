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
import io.hutong.api.transport.PeerStream;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.TransportStatistics;

/**
 * The outbound queue to one peer node (decisions T12, DELIVERY1–DELIVERY3, WIN4–WIN5): one lane per
 * (session, topic), each delivering its messages in push order, lanes independent of each other, so
 * a session whose message the peer will not take stops no other session to that peer.
 *
 * <p>A lane has one message in flight at a time, or, when the link offers a {@link PeerStream} for
 * the peer (a carrier that keeps order), up to {@code window} of them (and {@code windowBytes} of
 * payload, though always at least one), all on that one stream. When
 * any of them fails, the lane sends nothing more until every message it has in flight is answered,
 * then starts again from its first unacknowledged message (go-back-N; the receiver drops repeats by
 * {@code x-ptp-message-id}), telling the stream that the lane restarts.
 *
 * <p>A retryable answer ({@link RetryBudget#RETRYABLE}) is retried with growing pauses within the
 * retry budget; a final answer, or a retryable one past the budget, makes the message a dead letter,
 * and with it the messages queued behind it in the same lane (sending them would break the
 * lane's order).
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

    /** A message of a lane with its attempts so far and, while in flight, the attempt's guard. */
    private static final class Pending {
        final PtpMessage message;
        int attempts;
        long firstAttemptMillis = -1;
        Duration backoff = FIRST_BACKOFF;
        CompletableFuture<Void> guard;
        String code;
        String error;

        Pending(PtpMessage message) {
            this.message = message;
        }
    }

    private record LaneKey(String session, String topic) {
    }

    /**
     * The messages of one (session, topic) to this peer: {@code sent} are on their way (or answered
     * with a failure in this round), {@code queue} not sent yet. {@code busy} while it waits for a
     * slot, holds one, or waits to retry.
     */
    private static final class Lane {
        final LaneKey key;
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        final ArrayDeque<Pending> sent = new ArrayDeque<>();
        /** Held while messages are taken and handed to the link, so they leave in lane order. */
        final Object sending = new Object();
        boolean busy;
        boolean slot;
        boolean fillScheduled;
        /** An answer in this round failed: nothing more is sent until every message sent is answered. */
        boolean failing;
        /** The next message sent starts the lane again after a failure. */
        boolean restart;
        int outstanding;
        long outstandingBytes;
        PeerLink link;
        PeerStream stream;

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
    private final int window;
    private final long windowBytes;
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
    private volatile String lastLogged = "";
    private Instant lastErrorAt;

    PeerOutbox(String peer, Function<String, Route> routes, Function<String, PeerLink> links, ScheduledExecutorService timer,
               long maxBytes, Duration maxBackoff, RetryBudget budget, int maxInFlight, int window, long windowBytes,
               DeadLetterSink sink, LongSupplier clock) {
        this.peer = peer;
        this.routes = routes;
        this.links = links;
        this.timer = timer;
        this.maxBytes = maxBytes;
        this.maxBackoff = maxBackoff;
        this.budget = budget;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.window = Math.max(1, window);
        this.windowBytes = Math.max(1, windowBytes);
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
            } else if (lane.slot && !lane.failing && (lane.outstanding == 0 || lane.stream != null && refill(lane))) {
                // a lane already sending on a stream may take this one into its window
                scheduleFill(lane);
            }
        }
        pump();
    }

    /** Gives as many ready lanes a slot as the in-flight bound allows. */
    private void pump() {
        synchronized (this) {
            while (active < maxInFlight && !ready.isEmpty() && !closed) {
                Lane lane = ready.poll();
                active++;
                lane.slot = true;
                scheduleFill(lane);
            }
        }
    }

    /** Under the lock: has the lane's sending run on the forwarding executor unless it is already due. */
    private void scheduleFill(Lane lane) {
        if (lane.fillScheduled) {
            return;
        }
        lane.fillScheduled = true;
        // scheduled rather than called, so a long run of instant answers cannot grow the stack
        try {
            timer.execute(() -> fill(lane));
        } catch (RejectedExecutionException e) {
            lane.fillScheduled = false;
            releaseSlot(lane);
            lane.busy = false;
        }
    }

    /**
     * Under the lock: whether a lane sending on a stream should top its window up now: once half of it
     * is answered, so the sends go out in batches (one hop to the forwarding executor and, in gRPC,
     * fewer flushes for several messages) rather than one hop per answer.
     */
    private boolean refill(Lane lane) {
        return lane.outstanding <= window / 2 || lane.outstandingBytes <= windowBytes / 2;
    }

    /** Under the lock: the lane gives its slot back. */
    private void releaseSlot(Lane lane) {
        if (lane.slot) {
            lane.slot = false;
            active--;
        }
    }

    /** Sends as many of the lane's next messages as its window and carrier allow. */
    private void fill(Lane lane) {
        synchronized (lane.sending) {
            synchronized (this) {
                lane.fillScheduled = false;
                if (closed) {
                    if (lane.outstanding == 0) {
                        releaseSlot(lane);
                        lane.busy = false;
                    }
                    return;
                }
                if (lane.failing || !lane.slot) {
                    return; // the last answer of the round decides what comes next
                }
                if (lane.queue.isEmpty()) {
                    if (lane.outstanding == 0) {
                        done(lane);
                    }
                    return;
                }
                if (lane.outstanding > 0 && lane.stream == null) {
                    return; // one at a time without a stream
                }
            }
            Route route = routes.apply(peer);
            PeerLink link = route == null ? null : links.apply(route.protocol());
            if (route == null || link == null) {
                Pending head;
                synchronized (this) {
                    if (lane.outstanding > 0 || lane.queue.isEmpty()) {
                        return; // answers of messages already sent come first
                    }
                    head = take(lane);
                }
                answered(lane, head, new PtpException(route == null ? PtpCodes.NOT_NETWORKED : PtpCodes.NO_INSTANCE,
                        route == null ? "no route to node " + peer + " any more" : "no " + route.protocol() + " adapter running"));
                return;
            }
            PeerStream stream = null;
            if (window > 1) {
                try {
                    stream = link.stream(route).orElse(null);
                } catch (RuntimeException e) {
                    LOG.fine(() -> "no stream to node " + peer + ": " + e);
                }
            }
            List<Pending> batch = new ArrayList<>();
            boolean restart;
            synchronized (this) {
                if (lane.outstanding > 0 && (stream == null || stream != lane.stream || link != lane.link)) {
                    return; // only on the carrier the messages in flight took; their answers schedule the rest
                }
                int room = stream == null ? 1 - lane.outstanding : window - lane.outstanding;
                // bounded by bytes too (a message larger than the bound goes alone), so large messages do not pile up in flight
                while (room-- > 0 && !lane.queue.isEmpty() && (lane.outstanding == 0
                        || lane.outstandingBytes + lane.queue.peek().message.payload().length <= windowBytes)) {
                    batch.add(take(lane));
                }
                lane.link = link;
                lane.stream = stream;
                // only a stream needs the mark (its receiver holds the lane back); one call at a time does not
                restart = lane.restart && stream != null;
                lane.restart &= stream == null;
            }
            for (Pending p : batch) {
                CompletionStage<Void> sent;
                try {
                    sent = stream != null ? stream.deliver(route, p.message, restart) : link.deliver(route, p.message);
                } catch (RuntimeException e) {
                    sent = CompletableFuture.failedFuture(e);
                }
                restart = false;
                // The link may be replaced while the attempt is in flight and never answer: the guard ends the
                // attempt when its link leaves or after the delivery timeout, and the message is retried (the
                // receiver drops it if the first attempt did arrive).
                CompletableFuture<Void> guard = p.guard;
                sent.whenComplete((ok, error) -> {
                    if (error == null) {
                        guard.complete(null);
                    } else {
                        guard.completeExceptionally(error);
                    }
                });
                guard.orTimeout(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                guard.whenComplete((ok, error) -> answered(lane, p, error));
            }
        }
    }

    /** Under the lock: moves the lane's next message to the ones in flight. */
    private Pending take(Lane lane) {
        Pending p = lane.queue.poll();
        lane.sent.add(p);
        lane.outstanding++;
        lane.outstandingBytes += p.message.payload().length;
        if (p.firstAttemptMillis < 0) {
            p.firstAttemptMillis = clock.getAsLong();
        }
        p.attempts++;
        p.guard = new CompletableFuture<>();
        return p;
    }

    /** Under the lock: the lane has sent everything and is answered; it leaves until its next message. */
    private void done(Lane lane) {
        releaseSlot(lane);
        lane.busy = false;
        lane.link = null;
        lane.stream = null;
        lanes.remove(lane.key, lane);
    }

    /** Ends the attempts in flight on {@code link}, which is leaving; their messages are retried on its successor. */
    void linkGone(PeerLink link) {
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                if (lane.link == link) {
                    for (Pending p : lane.sent) {
                        if (p.guard != null) {
                            ended.add(p.guard);
                        }
                    }
                }
            }
        }
        ended.forEach(f -> f.completeExceptionally(new PtpException(PtpCodes.NO_INSTANCE, "adapter stopped during delivery")));
    }

    /** An attempt ended: acknowledged, or failed; the last answer of a failed round decides retry or dead letters. */
    private void answered(Lane lane, Pending p, Throwable error) {
        Pending head;
        boolean retry;
        List<Pending> dead = new ArrayList<>();
        Duration wait = null;
        String why;
        long age;
        synchronized (this) {
            if (p.guard == null) {
                return; // already counted (a guard ended by linkGone and then answered)
            }
            p.guard = null;
            lane.outstanding--;
            lane.outstandingBytes -= p.message.payload().length;
            if (error == null) {
                lane.sent.remove(p);
                queued--;
                queuedBytes -= p.message.payload().length;
                delivered++;
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                p.code = cause instanceof PtpException e ? e.code()
                        : cause instanceof java.util.concurrent.TimeoutException ? PtpCodes.TIMEOUT : PtpCodes.UNREACHABLE;
                p.error = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                lane.failing = true;
            }
            if (lane.outstanding > 0) {
                if (!lane.failing && !lane.queue.isEmpty() && refill(lane)) {
                    scheduleFill(lane);
                }
                return;
            }
            if (!lane.failing) {
                if (closed) {
                    releaseSlot(lane);
                    lane.busy = false;
                } else if (lane.queue.isEmpty()) {
                    done(lane);
                } else {
                    scheduleFill(lane);
                }
                return;
            }
            // The round failed and every message of it is answered: the lane starts again from its first
            // unacknowledged message, whose own answer decides. Those behind it were refused because of it
            // (or with it), so their attempts do not count against them.
            head = lane.sent.peekFirst();
            for (Pending q : lane.sent) {
                if (q != head) {
                    q.attempts--;
                    if (q.attempts == 0) {
                        q.firstAttemptMillis = -1;
                    }
                }
            }
            for (var it = lane.sent.descendingIterator(); it.hasNext(); ) {
                lane.queue.addFirst(it.next());
            }
            lane.sent.clear();
            lane.failing = false;
            lane.restart = true;
            lane.link = null;
            lane.stream = null;
            releaseSlot(lane);
            why = head.code + " " + head.error;
            age = clock.getAsLong() - head.firstAttemptMillis;
            lastError = why;
            lastErrorAt = Instant.now();
            retry = RetryBudget.retryable(head.code) && budget.allows(head.attempts, age) && !closed;
            if (retry) {
                retries++;
                wait = head.backoff;
                head.backoff = wait.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : wait.multipliedBy(2);
            } else if (closed) {
                lane.busy = false;
            } else {
                // the rest of the lane follows its head: delivered after a gap, they would break the lane's order
                dead.addAll(lane.queue);
                lane.queue.clear();
                for (Pending q : dead) {
                    queued--;
                    queuedBytes -= q.message.payload().length;
                }
                deadLettered += dead.size();
                lane.busy = false;
                lanes.remove(lane.key, lane);
            }
        }
        if (retry) {
            if (!why.equals(lastLogged)) {
                // once per new cause, not per retry: e.g. a TLS pin mismatch the operator must fix
                lastLogged = why;
                LOG.warning("delivery to node " + peer + " failing, retrying: " + why);
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
        String reason = RetryBudget.retryable(head.code)
                ? "not delivered after " + head.attempts + " attempts in " + Duration.ofMillis(Math.max(0, age)).toSeconds()
                  + " s (retry budget " + budget + "); last answer: " + why
                : "node " + peer + " refused it: " + why;
        for (Pending q : dead) {
            String r = q == head ? reason : "follows message " + head.message.messageId() + " of the same session and topic, which "
                    + "was not delivered (" + reason + "); not sent, to keep the order";
            LOG.warning("dead letter: message " + q.message.messageId() + " of session " + q.message.sessionId() + " to node "
                    + peer + ": " + r);
            sink.dead(peer, q.message, head.code, r, q.attempts);
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
