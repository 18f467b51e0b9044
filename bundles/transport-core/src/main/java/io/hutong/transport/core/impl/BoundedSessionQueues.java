/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.TransportStatistics;

/**
 * The session queues of spec 40 §3 (decisions T1–T6, T12): one FIFO per (session, topic), bounded
 * in bytes per session, with pops that wait without holding a thread.
 *
 * <p>Each session is guarded by its own lock, and every hand-over (push to a waiting pop, timeout,
 * release) happens under it, so a message goes to exactly one pop and in push order. Waiting pops
 * are futures completed by a push, by the timer, or by release; nothing blocks a request thread.
 */
@Component(service = SessionQueues.class, configurationPid = "io.hutong.transport.queues")
@Designate(ocd = QueueConfig.class)
public class BoundedSessionQueues implements SessionQueues {

    private static final Logger LOG = Logger.getLogger(BoundedSessionQueues.class.getName());

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final LongSupplier nanoClock;
    private final ScheduledFuture<?> sweeper;
    private volatile SessionLimits limits;
    /** Popped messages put back because their answer did not reach the caller. */
    private final java.util.concurrent.atomic.AtomicLong requeued = new java.util.concurrent.atomic.AtomicLong();

    @Activate
    public BoundedSessionQueues(QueueConfig config) {
        this(SessionLimits.of(config), System::nanoTime);
    }

    BoundedSessionQueues(SessionLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hutong-transport-queue-timer");
            t.setDaemon(true);
            return t;
        });
        // cancelled timeouts (a pop served by a push) must not pile up in the timer's queue
        timer.setRemoveOnCancelPolicy(true);
        this.sweeper = timer.scheduleWithFixedDelay(this::sweep, 30, 30, TimeUnit.SECONDS);
    }

    /** Applies new limits to the running queues: a configuration change must not drop queued messages. */
    @Modified
    void modified(QueueConfig config) {
        limits = SessionLimits.of(config);
    }

    @Deactivate
    void deactivate() {
        sweeper.cancel(false);
        List<CompletableFuture<Optional<PtpMessage>>> waiting = new ArrayList<>();
        for (Session s : sessions.values()) {
            synchronized (s) {
                s.topics.values().forEach(q -> {
                    waiting.addAll(q.waiters);
                    q.waiters.clear();
                });
            }
        }
        waiting.forEach(w -> w.completeExceptionally(new PtpException(PtpCodes.SYSTEM_ERROR, "transport core stopping")));
        timer.shutdownNow();
    }

    /** The queues of one session, guarded by the session's monitor. */
    private static final class Session {
        final String id;
        final Map<String, TopicQueue> topics = new HashMap<>();
        long bufferedBytes;
        long touchedNanos;
        long releasedNanos;
        boolean released;
        boolean dead;
        /** A dead letter of this session not yet answered to a call (DELIVERY4). */
        PtpException failure;

        Session(String id, long now) {
            this.id = id;
            this.touchedNanos = now;
        }

        TopicQueue topic(String topic, int window) {
            return topics.computeIfAbsent(topic, t -> new TopicQueue(window));
        }
    }

    /** One (session, topic) queue: messages, waiting pops and the ids seen lately. */
    private static final class TopicQueue {
        final ArrayDeque<PtpMessage> messages = new ArrayDeque<>();
        final ArrayDeque<CompletableFuture<Optional<PtpMessage>>> waiters = new ArrayDeque<>();
        final Map<String, Boolean> seen;

        TopicQueue(int window) {
            seen = new LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > window;
                }
            };
        }
    }

    /** Runs {@code action} under the lock of the live session {@code id}, creating it if needed. */
    private <T> T withSession(String id, java.util.function.Function<Session, T> action) {
        if (id == null || id.isEmpty()) {
            throw new PtpException(PtpCodes.BAD_REQUEST, "missing header x-ptp-session-id");
        }
        while (true) {
            Session s = sessions.computeIfAbsent(id, k -> new Session(k, nanoClock.getAsLong()));
            synchronized (s) {
                if (s.dead) {
                    continue; // swept between lookup and lock: take the fresh one
                }
                s.touchedNanos = nanoClock.getAsLong();
                return action.apply(s);
            }
        }
    }

    private static PtpException released(Session s) {
        return new PtpException(PtpCodes.RELEASED, "session " + s.id + " has been released");
    }

    private static String topicOf(String topic) {
        return topic == null ? "" : topic;
    }

    @Override
    public boolean push(PtpMessage message) {
        SessionLimits l = limits;
        int size = message.payload().length;
        if (size > l.messageMaxBytes()) {
            throw new PtpException(PtpCodes.TOO_LARGE, "message of " + size + " bytes exceeds the limit of "
                    + l.messageMaxBytes() + " bytes");
        }
        return withSession(message.sessionId(), s -> {
            if (s.released) {
                throw released(s);
            }
            TopicQueue q = s.topic(message.topic(), l.dedupWindow());
            String id = message.messageId();
            if (id != null && !id.isEmpty() && q.seen.containsKey(id)) {
                return false;
            }
            // a waiting pop takes the message directly; the queue is empty whenever pops wait
            CompletableFuture<Optional<PtpMessage>> w;
            while ((w = q.waiters.poll()) != null) {
                if (w.complete(Optional.of(message))) {
                    remember(q, id);
                    return true;
                }
            }
            if (s.bufferedBytes + size > l.sessionMaxBytes()) {
                throw new PtpException(PtpCodes.BUFFER_FULL, "session " + s.id + " buffers " + s.bufferedBytes
                        + " unread bytes; " + size + " more would exceed its bound of " + l.sessionMaxBytes());
            }
            q.messages.add(message);
            s.bufferedBytes += size;
            remember(q, id);
            return true;
        });
    }

    private static void remember(TopicQueue q, String id) {
        if (id != null && !id.isEmpty()) {
            q.seen.put(id, Boolean.TRUE);
        }
    }

    @Override
    public CompletionStage<Optional<PtpMessage>> pop(String sessionId, String topic, Duration timeout) {
        SessionLimits l = limits;
        Duration wait = timeout == null || timeout.isNegative() ? Duration.ZERO : timeout;
        if (wait.compareTo(l.popMaxWait()) > 0) {
            wait = l.popMaxWait();
        }
        Duration finalWait = wait;
        try {
            return withSession(sessionId, s -> {
                if (s.released) {
                    return CompletableFuture.failedFuture(released(s));
                }
                if (s.failure != null) {
                    PtpException f = s.failure;
                    s.failure = null;
                    return CompletableFuture.failedFuture(f);
                }
                TopicQueue q = s.topic(topicOf(topic), l.dedupWindow());
                PtpMessage m = q.messages.poll();
                if (m != null) {
                    s.bufferedBytes -= m.payload().length;
                    return CompletableFuture.completedFuture(Optional.of(m));
                }
                if (finalWait.isZero()) {
                    return CompletableFuture.completedFuture(Optional.<PtpMessage>empty());
                }
                CompletableFuture<Optional<PtpMessage>> w = new CompletableFuture<>();
                q.waiters.add(w);
                ScheduledFuture<?> expiry = timer.schedule(() -> {
                    synchronized (s) {
                        if (q.waiters.remove(w)) {
                            w.complete(Optional.empty());
                        }
                    }
                }, finalWait.toNanos(), TimeUnit.NANOSECONDS);
                w.whenComplete((r, e) -> expiry.cancel(false));
                return w;
            });
        } catch (PtpException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean requeue(PtpMessage message) {
        if (message == null || message.sessionId() == null || message.sessionId().isEmpty()) {
            return false;
        }
        boolean again = withSession(message.sessionId(), s -> {
            if (s.released) {
                return false; // the container let the session go, with everything unread in it
            }
            TopicQueue q = s.topic(message.topic(), limits.dedupWindow());
            // pops wait only on an empty queue, so the oldest waiting one is the next in line anyway
            CompletableFuture<Optional<PtpMessage>> w;
            while ((w = q.waiters.poll()) != null) {
                if (w.complete(Optional.of(message))) {
                    return true;
                }
            }
            // not held to the session's bound: it was accepted once, and refusing it now would lose it
            q.messages.addFirst(message);
            s.bufferedBytes += message.payload().length;
            return true;
        });
        if (again) {
            requeued.incrementAndGet();
        }
        LOG.fine(() -> "popped message " + message.messageId() + " of session " + message.sessionId() + " did not reach its caller; "
                + (again ? "queued again at the head" : "dropped: the session is released"));
        return again;
    }

    @Override
    public Optional<PtpMessage> peek(String sessionId, String topic) {
        return withSession(sessionId, s -> {
            if (s.released) {
                throw released(s);
            }
            TopicQueue q = s.topics.get(topicOf(topic));
            return q == null ? Optional.<PtpMessage>empty() : Optional.ofNullable(q.messages.peek());
        });
    }

    @Override
    public boolean release(String sessionId) {
        List<CompletableFuture<Optional<PtpMessage>>> woken = new ArrayList<>();
        boolean existed = withSession(sessionId, s -> {
            boolean had = !s.released && (!s.topics.isEmpty());
            for (TopicQueue q : s.topics.values()) {
                woken.addAll(q.waiters);
                q.waiters.clear();
                q.messages.clear();
            }
            s.topics.clear();
            s.bufferedBytes = 0;
            if (!s.released) {
                s.released = true;
                s.releasedNanos = nanoClock.getAsLong();
            }
            return had;
        });
        PtpException cause = new PtpException(PtpCodes.RELEASED, "session " + sessionId + " has been released");
        woken.forEach(w -> w.completeExceptionally(cause));
        return existed;
    }

    @Override
    public void reportFailure(String sessionId, PtpException failure) {
        if (sessionId == null || sessionId.isEmpty()) {
            return;
        }
        List<CompletableFuture<Optional<PtpMessage>>> woken = new ArrayList<>();
        withSession(sessionId, s -> {
            if (s.released) {
                return null; // the container let the session go: nobody is left to tell
            }
            for (TopicQueue q : s.topics.values()) {
                woken.addAll(q.waiters);
                q.waiters.clear();
            }
            // pops waiting now hear it; otherwise the next pop or push does
            s.failure = woken.isEmpty() ? failure : null;
            return null;
        });
        woken.forEach(w -> w.completeExceptionally(failure));
    }

    @Override
    public Optional<PtpException> takeFailure(String sessionId) {
        Session s = sessionId == null ? null : sessions.get(sessionId);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            PtpException f = s.failure;
            s.failure = null;
            return Optional.ofNullable(f);
        }
    }

    @Override
    public int size(String sessionId, String topic) {
        Session s = sessions.get(sessionId);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            TopicQueue q = s.topics.get(topicOf(topic));
            return q == null ? 0 : q.messages.size();
        }
    }

    @Override
    public long maxMessageBytes() {
        return limits.messageMaxBytes();
    }

    /** @return what the queues hold now, for the node's metrics */
    TransportStatistics.Queues figures() {
        long bytes = 0;
        long messages = 0;
        int waiting = 0;
        for (Session s : sessions.values()) {
            synchronized (s) {
                bytes += s.bufferedBytes;
                for (TopicQueue q : s.topics.values()) {
                    messages += q.messages.size();
                    waiting += q.waiters.size();
                }
            }
        }
        return new TransportStatistics.Queues(sessions.size(), messages, bytes, waiting);
    }

    /** @return a snapshot for the health report: sessions, released sessions, buffered bytes */
    Map<String, Object> stats() {
        long bytes = 0;
        int released = 0;
        int waiting = 0;
        for (Session s : sessions.values()) {
            synchronized (s) {
                bytes += s.bufferedBytes;
                released += s.released ? 1 : 0;
                for (TopicQueue q : s.topics.values()) {
                    waiting += q.waiters.size();
                }
            }
        }
        return Map.of("sessions", sessions.size(), "released_sessions", released, "buffered_bytes", bytes,
                "waiting_pops", waiting, "requeued_pops", requeued.get());
    }

    /** Forgets released sessions after their memory time and sessions idle beyond the expiry. */
    void sweep() {
        SessionLimits l = limits;
        long now = nanoClock.getAsLong();
        for (Session s : sessions.values()) {
            synchronized (s) {
                boolean forget;
                if (s.released) {
                    forget = now - s.releasedNanos >= l.releasedTtl().toNanos();
                } else {
                    boolean waiting = s.topics.values().stream().anyMatch(q -> !q.waiters.isEmpty());
                    forget = !waiting && now - s.touchedNanos >= l.sessionIdle().toNanos();
                    if (forget && s.bufferedBytes > 0) {
                        LOG.warning("session " + s.id + " expired after " + l.sessionIdle().toSeconds()
                                + " s idle with " + s.bufferedBytes + " unread bytes");
                    }
                }
                if (forget) {
                    s.dead = true;
                    sessions.remove(s.id, s);
                }
            }
        }
    }
}
