/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;

/**
 * The outbound queue to one peer node (decision T12): messages leave one at a time in the order
 * they were pushed, and a message the peer did not take is retried with growing pauses until it
 * is, so a peer restart or an adapter swap loses nothing. The receiver drops repeats by
 * {@code x-ptp-message-id}.
 *
 * <p>A peer answer other than "unreachable", "no adapter" or "buffer full" is final: the message
 * is dropped and the cause kept for the health report, because retrying cannot change it.
 */
final class PeerOutbox {

    private static final Logger LOG = Logger.getLogger(PeerOutbox.class.getName());
    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    /** Longer than any adapter's own request timeout (120 s), so it only ends attempts that would never end. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(150);
    /** Answers that may change by themselves: the peer down, restarting, swapping an adapter or full. */
    static final java.util.Set<String> RETRIED = java.util.Set.of(PtpCodes.UNREACHABLE, PtpCodes.NO_INSTANCE,
            PtpCodes.BUFFER_FULL, PtpCodes.TIMEOUT, PtpCodes.SYSTEM_ERROR, PtpCodes.NOT_FOUND);

    private final String peer;
    private final Function<String, Route> routes;
    private final Function<String, PeerLink> links;
    private final ScheduledExecutorService timer;
    private final long maxBytes;
    private final Duration maxBackoff;

    private final ArrayDeque<PtpMessage> queue = new ArrayDeque<>();
    private CompletableFuture<Void> inFlight;
    private PeerLink inFlightLink;
    private long queuedBytes;
    private boolean sending;
    private boolean closed;
    private long delivered;
    private long dropped;
    private long retries;
    private String lastError = "";
    private Instant lastErrorAt;

    PeerOutbox(String peer, Function<String, Route> routes, Function<String, PeerLink> links,
               ScheduledExecutorService timer, long maxBytes, Duration maxBackoff) {
        this.peer = peer;
        this.routes = routes;
        this.links = links;
        this.timer = timer;
        this.maxBytes = maxBytes;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Appends a message; it leaves after every message appended before it.
     *
     * @throws PtpException E0000000700 when the peer is behind by more than the bound
     */
    void enqueue(PtpMessage m) {
        synchronized (this) {
            if (closed) {
                throw new PtpException(PtpCodes.SYSTEM_ERROR, "transport core stopping");
            }
            if (queuedBytes + m.payload().length > maxBytes && !queue.isEmpty()) {
                throw new PtpException(PtpCodes.BUFFER_FULL, "outbound queue to node " + peer + " holds " + queuedBytes
                        + " bytes not yet delivered (bound " + maxBytes + "); last error: " + lastError);
            }
            queue.add(m);
            queuedBytes += m.payload().length;
            if (sending) {
                return;
            }
            sending = true;
        }
        sendHead(FIRST_BACKOFF);
    }

    /** Sends the head of the queue; on completion moves on or schedules a retry. */
    private void sendHead(Duration backoff) {
        PtpMessage head;
        synchronized (this) {
            head = queue.peek();
            if (head == null || closed) {
                sending = false;
                return;
            }
        }
        Route route = routes.apply(peer);
        if (route == null) {
            finish(head, false, "no route to node " + peer + " any more");
            return;
        }
        PeerLink link = links.apply(route.protocol());
        if (link == null) {
            retryLater(backoff, "no " + route.protocol() + " adapter running");
            return;
        }
        CompletionStage<Void> attempt;
        try {
            attempt = link.deliver(route, head);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        // The link may be replaced while the attempt is in flight and never answer: the guard ends the
        // attempt when its link leaves or after the delivery timeout, and the message is retried (the
        // receiver drops it if the first attempt did arrive).
        CompletableFuture<Void> guard = new CompletableFuture<>();
        attempt.whenComplete((ok, error) -> {
            if (error == null) {
                guard.complete(null);
            } else {
                guard.completeExceptionally(error);
            }
        });
        guard.orTimeout(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (this) {
            inFlight = guard;
            inFlightLink = link;
        }
        guard.whenComplete((ok, error) -> {
            synchronized (this) {
                inFlight = null;
                inFlightLink = null;
            }
            if (error == null) {
                finish(head, true, null);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String code = cause instanceof PtpException p ? p.code()
                    : cause instanceof java.util.concurrent.TimeoutException ? PtpCodes.TIMEOUT : PtpCodes.UNREACHABLE;
            String why = code + " " + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
            if (RETRIED.contains(code)) {
                retryLater(backoff, why);
            } else {
                finish(head, false, why);
            }
        });
    }

    /** Ends the attempt in flight on {@code link}, which is leaving; the message will be retried on its successor. */
    void linkGone(PeerLink link) {
        CompletableFuture<Void> f;
        synchronized (this) {
            f = inFlightLink == link ? inFlight : null;
        }
        if (f != null) {
            f.completeExceptionally(new PtpException(PtpCodes.NO_INSTANCE, "adapter stopped during delivery"));
        }
    }

    private void retryLater(Duration backoff, String why) {
        synchronized (this) {
            retries++;
            if (!why.equals(lastError)) {
                // once per new cause, not per retry: e.g. a TLS pin mismatch the operator must fix
                LOG.warning("delivery to node " + peer + " failing, retrying: " + why);
            }
            lastError = why;
            lastErrorAt = Instant.now();
            if (closed) {
                sending = false;
                return;
            }
        }
        Duration next = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        try {
            timer.schedule(() -> sendHead(next), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                sending = false;
            }
        }
    }

    private void finish(PtpMessage head, boolean ok, String why) {
        synchronized (this) {
            if (queue.peek() == head) {
                queue.poll();
                queuedBytes -= head.payload().length;
            }
            if (ok) {
                delivered++;
            } else {
                dropped++;
                lastError = why;
                lastErrorAt = Instant.now();
            }
        }
        if (!ok) {
            LOG.warning("dropped message " + head.messageId() + " of session " + head.sessionId() + " to node " + peer + ": " + why);
        }
        // the next send is scheduled rather than called, so a long run of instant answers cannot grow the stack
        try {
            timer.execute(() -> sendHead(FIRST_BACKOFF));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                sending = false;
            }
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
        }
    }

    synchronized int queued() {
        return queue.size();
    }

    synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queued", queue.size());
        m.put("queued_bytes", queuedBytes);
        m.put("delivered", delivered);
        m.put("dropped", dropped);
        m.put("retries", retries);
        m.put("last_error", lastError);
        m.put("last_error_at", lastErrorAt == null ? "" : lastErrorAt.toString());
        return m;
    }
}
