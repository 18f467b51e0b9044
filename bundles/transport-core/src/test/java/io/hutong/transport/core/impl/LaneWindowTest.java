/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hutong.api.delivery.DeadLetter;
import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PeerStream;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;

/**
 * Several messages of a lane in flight on a stream that keeps order (decisions WIN4, WIN5): node A's
 * outbox against a peer B whose stream behaves as the gRPC {@code transport} stream and its receiver
 * do (one message after another, answers in order, a lane's followers refused after a refusal until
 * the lane restarts, repeats dropped by message id), failing in the ways a network and a peer fail.
 */
class LaneWindowTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /** Bob behind a stream: every stream is one receiver thread, as gRPC serves one stream's messages in turn. */
    static final class StreamPeer implements PeerLink {
        final NodeTransportTest.PeerB bob;
        final List<ExecutorService> receivers = new ArrayList<>();
        final AtomicInteger arrivals = new AtomicInteger();
        final AtomicInteger unary = new AtomicInteger();
        final AtomicInteger streams = new AtomicInteger();
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final AtomicInteger mostInFlight = new AtomicInteger();
        /** Per arrival (numbered from 1): the receiver's refusal, or null to take the message. */
        volatile BiFunction<Integer, PtpMessage, PtpException> refusal = (n, m) -> null;
        /** Arrivals after which the stream breaks, the message taken but its answer lost. */
        final Set<Integer> breakAfter = ConcurrentHashMap.newKeySet();
        /** Every arrival waits for this first. */
        volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);
        private Wire current;

        StreamPeer(NodeTransportTest.PeerB bob) {
            this.bob = bob;
        }

        @Override
        public synchronized Optional<PeerStream> stream(Route route) {
            if (current == null || current.broken) {
                current = new Wire();
                streams.incrementAndGet();
            }
            return Optional.of(current);
        }

        @Override
        public CompletionStage<Void> deliver(Route route, PtpMessage m) {
            unary.incrementAndGet();
            return bob.deliver(route, m);
        }

        void close() {
            receivers.forEach(ExecutorService::shutdownNow);
        }

        final class Wire implements PeerStream {
            final ExecutorService receiver = Executors.newSingleThreadExecutor();
            final Set<String> refused = new HashSet<>();
            volatile boolean broken;

            Wire() {
                receivers.add(receiver);
            }

            @Override
            public synchronized CompletionStage<Void> deliver(Route route, PtpMessage m, boolean restartsLane) {
                if (broken) {
                    return CompletableFuture.failedFuture(new PtpException(PtpCodes.UNREACHABLE, "stream broken"));
                }
                String lane = m.sessionId() + "/" + m.topic();
                AtomicInteger n = inFlight.computeIfAbsent(lane, k -> new AtomicInteger());
                mostInFlight.accumulateAndGet(n.incrementAndGet(), Math::max);
                CompletableFuture<Void> answer = new CompletableFuture<>();
                receiver.execute(() -> arrive(m, lane, restartsLane, answer));
                // counted out before the sender hears the answer
                return answer.whenComplete((ok, e) -> n.decrementAndGet());
            }

            private void arrive(PtpMessage m, String lane, boolean restart, CompletableFuture<Void> answer) {
                hold.join();
                if (broken) {
                    answer.completeExceptionally(new PtpException(PtpCodes.UNREACHABLE, "stream broken"));
                    return;
                }
                int n = arrivals.incrementAndGet();
                if (restart) {
                    refused.remove(lane);
                } else if (refused.contains(lane)) {
                    answer.completeExceptionally(new PtpException(PtpCodes.SYSTEM_ERROR, "follows a refused message"));
                    return;
                }
                PtpException no = refusal.apply(n, m);
                if (no == null) {
                    try {
                        bob.queues.push(m);
                    } catch (PtpException e) {
                        no = e;
                    }
                }
                if (no != null) {
                    refused.add(lane);
                    answer.completeExceptionally(no);
                } else if (breakAfter.contains(n)) {
                    broken = true;
                    answer.completeExceptionally(new PtpException(PtpCodes.UNREACHABLE, "stream broken"));
                } else {
                    answer.complete(null);
                }
            }
        }
    }

    private final NodeTransportTest.Table table = new NodeTransportTest.Table();
    private final BoundedSessionQueues local = new BoundedSessionQueues(
            new SessionLimits(1 << 20, 1 << 30, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1), 100_000),
            System::nanoTime);
    private final NodeTransport transport = new NodeTransport(local, table, NodeTransportTest.config(1 << 30));
    private final NodeTransportTest.PeerB bob = new NodeTransportTest.PeerB();
    private final StreamPeer peer = new StreamPeer(bob);

    @AfterEach
    void stop() {
        transport.deactivate();
        peer.close();
        local.deactivate();
        bob.queues.deactivate();
    }

    private static PtpMessage toBob(String session, String text) {
        return new PtpMessage(session + "-" + text, session, "t", text.getBytes(StandardCharsets.UTF_8), Map.of(PtpHeaders.TARGET_NODE_ID, "bob"));
    }

    private String pop(String session) throws Exception {
        return bob.queues.pop(session, "t", LONG).toCompletableFuture().get()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).orElse(null);
    }

    /** Pushes {@code count} messages to each of {@code sessions} sessions, interleaved. */
    private void push(int sessions, int count) {
        for (int i = 0; i < count; i++) {
            for (int s = 0; s < sessions; s++) {
                transport.send(toBob("s" + s, "" + i));
            }
        }
    }

    /** Bob holds every message of every session exactly once, in push order. */
    private void assertEveryLaneCompleteAndInOrder(int sessions, int count) throws Exception {
        for (int s = 0; s < sessions; s++) {
            for (int i = 0; i < count; i++) {
                assertEquals("" + i, pop("s" + s), "session s" + s);
            }
            assertEquals(0, bob.queues.size("s" + s, "t"), "no repeat reached session s" + s);
        }
    }

    @Test
    void aStreamCarriesSeveralMessagesOfALaneAtOnceInOrder() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
        CompletableFuture<Void> hold = new CompletableFuture<>();
        peer.hold = hold;
        transport.addPeerLink(peer, Map.of(PeerLink.PROTOCOL, "grpc"));
        push(4, 300);
        await().atMost(LONG).until(() -> peer.mostInFlight.get() == 32);
        hold.complete(null);
        assertEveryLaneCompleteAndInOrder(4, 300);
        assertEquals(0, peer.unary.get(), "nothing went one at a time");
    }

    @Test
    void aPeerFailingEveryTwentyNinthMessageGetsEveryLaneCompleteAndInOrder() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
        // every 29th arrival fails: about one window in two of a lane restarts (29 is prime to the window of 32)
        peer.refusal = (n, m) -> n % 29 == 0 ? new PtpException(PtpCodes.SYSTEM_ERROR, "internal error") : null;
        transport.addPeerLink(peer, Map.of(PeerLink.PROTOCOL, "grpc"));
        push(4, 300);
        assertEveryLaneCompleteAndInOrder(4, 300);
        assertTrue(transport.list().isEmpty(), "retried, not given up: " + transport.list());
    }

    @Test
    void aReceiverRefusingMidWindowMakesTheLaneRestartFromTheRefusedMessage() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
        CompletableFuture<Void> hold = new CompletableFuture<>();
        peer.hold = hold;
        // bob's queue is full once, at message 5 of session s0: the rest of s0's window is refused behind it
        AtomicInteger refusals = new AtomicInteger();
        peer.refusal = (n, m) -> "s0".equals(m.sessionId()) && "5".equals(new String(m.payload(), StandardCharsets.UTF_8))
                && refusals.getAndIncrement() == 0 ? new PtpException(PtpCodes.BUFFER_FULL, "session buffers too much") : null;
        transport.addPeerLink(peer, Map.of(PeerLink.PROTOCOL, "grpc"));
        push(2, 20);
        hold.complete(null);
        assertEveryLaneCompleteAndInOrder(2, 20);
        assertEquals(2, refusals.get(), "refused once, taken when sent again");
    }

    @Test
    void aStreamBrokenMidWindowIsReplacedAndNoLaneLosesOrderOrRepeats() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
        // three breaks, each right after bob took a message whose answer is then lost
        peer.breakAfter.addAll(Set.of(50, 400, 777));
        transport.addPeerLink(peer, Map.of(PeerLink.PROTOCOL, "grpc"));
        push(4, 300);
        assertEveryLaneCompleteAndInOrder(4, 300);
        assertEquals(4, peer.streams.get(), "a new stream after each break");
    }

    @Test
    void aFinalRefusalMidWindowDeadLettersTheRestOfTheLaneAndLaterMessagesFlowAgain() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
        CompletableFuture<Void> hold = new CompletableFuture<>();
        peer.hold = hold;
        peer.refusal = (n, m) -> "s0".equals(m.sessionId()) && "5".equals(new String(m.payload(), StandardCharsets.UTF_8))
                ? new PtpException(PtpCodes.FORBIDDEN, "bad token") : null;
        transport.addPeerLink(peer, Map.of(PeerLink.PROTOCOL, "grpc"));
        push(2, 20);
        hold.complete(null);
        await().atMost(LONG).until(() -> transport.list().size() == 15);
        List<DeadLetter> dead = transport.list();
        assertEquals(java.util.stream.IntStream.range(5, 20).mapToObj(i -> "s0-" + i).toList(),
                dead.stream().map(d -> d.details().get("message_id")).toList(), "the refused message and every one behind it");
        dead.forEach(d -> assertEquals(PtpCodes.FORBIDDEN, d.code()));
        assertEquals(1, dead.get(0).attempts(), "a final answer is not retried");
        assertEquals(0, dead.get(1).attempts(), "a follower refused only because of the head counts no attempt, as if never sent");
        for (int i = 0; i < 5; i++) {
            assertEquals("" + i, pop("s0"));
        }
        // the container hears of it once, then the session goes on: the stream takes the lane again
        assertEquals(PtpCodes.FORBIDDEN, assertThrows(PtpException.class, () -> transport.send(toBob("s0", "x"))).code());
        peer.refusal = (n, m) -> null;
        for (int i = 20; i < 30; i++) {
            transport.send(toBob("s0", "" + i));
        }
        for (int i = 20; i < 30; i++) {
            assertEquals("" + i, pop("s0"));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("" + i, pop("s1"), "the other session never noticed");
        }
    }

    @Test
    void anAdapterReplacedMidWindowHandsItsLanesToTheNextOneInOrder() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
        StreamPeer leaving = new StreamPeer(bob);
        leaving.hold = new CompletableFuture<>(); // takes messages and never answers
        try {
            transport.addPeerLink(leaving, Map.of(PeerLink.PROTOCOL, "grpc"));
            push(3, 100);
            await().atMost(LONG).until(() -> leaving.mostInFlight.get() == 32);
            transport.addPeerLink(peer, Map.of(PeerLink.PROTOCOL, "grpc"));
            transport.removePeerLink(leaving);
            assertEveryLaneCompleteAndInOrder(3, 100);
        } finally {
            leaving.close();
        }
    }

    @Test
    void theWindowIsBoundedByBytesTooAndAMessageLargerThanTheBoundStillGoesAlone() throws Exception {
        NodeTransport small = new NodeTransport(local, table, NodeTransportTest.config(1 << 30, 0, 32, 4096));
        try {
            table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
            CompletableFuture<Void> hold = new CompletableFuture<>();
            peer.hold = hold;
            small.addPeerLink(peer, Map.of(PeerLink.PROTOCOL, "grpc"));
            small.send(new PtpMessage("big", "s0", "t", new byte[10_000], Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
            for (int i = 0; i < 20; i++) {
                small.send(new PtpMessage("s0-" + i, "s0", "t", new byte[1024], Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
            }
            await().atMost(LONG).until(() -> peer.mostInFlight.get() >= 1);
            // the small messages wait at the receiver too, so the window fills: answered at once, they could go
            // one at a time and the count below would say nothing about the bound (it failed that way in CI)
            CompletableFuture<Void> smallHold = new CompletableFuture<>();
            peer.hold = smallHold;
            hold.complete(null);
            await().atMost(LONG).until(() -> peer.mostInFlight.get() >= 4);
            smallHold.complete(null);
            assertEquals(10_000, bob.queues.pop("s0", "t", LONG).toCompletableFuture().get().orElseThrow().payload().length);
            for (int i = 0; i < 20; i++) {
                assertEquals(1024, bob.queues.pop("s0", "t", LONG).toCompletableFuture().get().orElseThrow().payload().length);
            }
            assertEquals(4, peer.mostInFlight.get(), "at most 4 KiB of 1 KiB messages in flight, and the 10 000 bytes alone");
        } finally {
            small.deactivate();
        }
    }

    @Test
    void aLinkWithoutAStreamSendsOneMessageOfALaneAtATime() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        ExecutorService wire = Executors.newFixedThreadPool(4);
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger most = new AtomicInteger();
        try {
            transport.addPeerLink((route, m) -> {
                AtomicInteger n = inFlight.computeIfAbsent(m.sessionId(), k -> new AtomicInteger());
                most.accumulateAndGet(n.incrementAndGet(), Math::max);
                return CompletableFuture.runAsync(() -> {
                    n.decrementAndGet();
                    bob.queues.push(m);
                }, wire);
            }, Map.of(PeerLink.PROTOCOL, "http"));
            push(4, 200);
            assertEveryLaneCompleteAndInOrder(4, 200);
            assertEquals(1, most.get(), "one message of a lane in flight at a time");
        } finally {
            wire.shutdownNow();
        }
    }
}
