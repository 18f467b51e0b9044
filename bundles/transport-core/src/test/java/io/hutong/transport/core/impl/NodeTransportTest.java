/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.PtpResource;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.TransportSession;
import io.hutong.api.transport.TransportStatistics;

/**
 * Node A's transport routing to its own queues and to a peer B whose "link" is B's real session
 * queues behind a switch that can make B unreachable, as a stopped process would be.
 */
class NodeTransportTest {

    /** An in-memory routing table, standing in for ConfigAdmin. */
    static final class Table implements RoutingTable {
        final Map<String, Route> routes = new ConcurrentHashMap<>();
        final String self;

        Table() {
            this("alice");
        }

        Table(String self) {
            this.self = self;
        }

        @Override
        public String localNodeId() {
            return self;
        }

        @Override
        public Optional<Route> route(String nodeId) {
            return Optional.ofNullable(routes.get(nodeId));
        }

        @Override
        public List<Route> routes() {
            return new ArrayList<>(routes.values());
        }

        @Override
        public void put(Route route) {
            routes.put(route.nodeId(), route);
        }

        @Override
        public boolean remove(String nodeId) {
            return routes.remove(nodeId) != null;
        }
    }

    /** Node B as seen over the wire: its queues, reachable or not, answering at most once per attempt. */
    static final class PeerB implements PeerLink {
        final BoundedSessionQueues queues = new BoundedSessionQueues(
                new SessionLimits(1 << 20, 1 << 30, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1), 100_000),
                System::nanoTime);
        volatile boolean up = true;
        volatile boolean loseAnswers;
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public CompletionStage<Void> deliver(Route route, PtpMessage m) {
            attempts.incrementAndGet();
            if (!up) {
                return CompletableFuture.failedFuture(new PtpException(PtpCodes.UNREACHABLE, "connection refused"));
            }
            try {
                queues.push(m);
            } catch (PtpException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (loseAnswers) {
                // delivered, but the answer never came back: the sender must retry and B must drop the repeat
                return CompletableFuture.failedFuture(new PtpException(PtpCodes.UNREACHABLE, "connection reset"));
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    private final Table table = new Table();
    private final BoundedSessionQueues local = new BoundedSessionQueues(
            new SessionLimits(1 << 20, 1 << 30, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1), 100_000),
            System::nanoTime);
    private final NodeTransport transport = new NodeTransport(local, table, config(1 << 30));
    private final PeerB bob = new PeerB();

    static ForwardingConfig config(long maxBytes) {
        return config(maxBytes, 0);
    }

    static ForwardingConfig config(long maxBytes, int maxAttempts) {
        return config(maxBytes, maxAttempts, 32);
    }

    static ForwardingConfig config(long maxBytes, int maxAttempts, int window) {
        return config(maxBytes, maxAttempts, window, 8L << 20);
    }

    static ForwardingConfig config(long maxBytes, int maxAttempts, int window, long windowBytes) {
        return new ForwardingConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ForwardingConfig.class;
            }

            @Override
            public long outbox_max_bytes() {
                return maxBytes;
            }

            @Override
            public long retry_max_backoff_ms() {
                return 100;
            }

            @Override
            public long roundtrip_timeout_ms() {
                return 300;
            }

            @Override
            public int retry_max_attempts() {
                return maxAttempts;
            }

            @Override
            public long retry_max_age_seconds() {
                return 86_400;
            }

            @Override
            public int peer_max_in_flight() {
                return 64;
            }

            @Override
            public int lane_window() {
                return window;
            }

            @Override
            public long lane_window_bytes() {
                return windowBytes;
            }

            @Override
            public long dead_letters_max_bytes() {
                return 1 << 20;
            }
        };
    }

    @AfterEach
    void stop() {
        transport.deactivate();
        local.deactivate();
        bob.queues.deactivate();
    }

    private static PtpMessage toNode(String node, String session, String topic, String text) {
        return new PtpMessage(null, session, topic, text.getBytes(StandardCharsets.UTF_8), Map.of(PtpHeaders.TARGET_NODE_ID, node));
    }

    private static String popText(BoundedSessionQueues q, String session, String topic) throws Exception {
        return q.pop(session, topic, Duration.ofSeconds(5)).toCompletableFuture().get()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void aPushToThisNodeLandsInItsOwnQueue() throws Exception {
        transport.send(toNode("alice", "s", "t", "hi"));
        PtpMessage m = local.pop("s", "t", Duration.ZERO).toCompletableFuture().get().orElseThrow();
        assertEquals("hi", new String(m.payload(), StandardCharsets.UTF_8));
        assertEquals("alice", m.metadata().get(PtpHeaders.SOURCE_NODE_ID));
        assertFalse(m.metadata().get(PtpHeaders.MESSAGE_ID).isEmpty(), "every message gets an id");
    }

    @Test
    void aPushWithoutTargetIsABadRequestAndAnUnknownTargetIsNotNetworked() {
        PtpException none = assertThrows(PtpException.class, () -> transport.send(new PtpMessage(null, "s", "t", new byte[1], Map.of())));
        assertEquals(PtpCodes.BAD_REQUEST, none.code());
        assertTrue(none.getMessage().contains(PtpHeaders.TARGET_NODE_ID));
        PtpException unknown = assertThrows(PtpException.class, () -> transport.send(toNode("carol", "s", "t", "x")));
        assertEquals(PtpCodes.NOT_NETWORKED, unknown.code());
        assertTrue(unknown.getMessage().contains("carol"));
    }

    @Test
    void aPushToAPeerIsForwardedWithItsHeaders() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        transport.send(new PtpMessage(null, "s", "t", "hello".getBytes(), Map.of(PtpHeaders.TARGET_NODE_ID, "bob", PtpHeaders.TOKEN, "tk")));
        PtpMessage m = bob.queues.pop("s", "t", Duration.ofSeconds(5)).toCompletableFuture().get().orElseThrow();
        assertEquals("hello", new String(m.payload()));
        assertEquals("alice", m.metadata().get(PtpHeaders.SOURCE_NODE_ID));
        assertEquals("bob", m.metadata().get(PtpHeaders.TARGET_NODE_ID));
        assertEquals("tk", m.metadata().get(PtpHeaders.TOKEN));
        assertEquals("t", m.metadata().get(PtpHeaders.TOPIC));
        assertEquals(0, local.size("s", "t"), "nothing stays here");
    }

    @Test
    void messagesQueuedWhileThePeerIsDownArriveInOrderWhenItIsBack() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        bob.up = false;
        for (int i = 0; i < 200; i++) {
            transport.send(toNode("bob", "s", "t", "m" + i));
        }
        Thread.sleep(300);
        assertEquals(0, bob.queues.size("s", "t"));
        assertTrue(bob.attempts.get() > 1, "delivery is retried while the peer is down");
        bob.up = true;
        for (int i = 0; i < 200; i++) {
            assertEquals("m" + i, popText(bob.queues, "s", "t"));
        }
        assertTrue(bob.queues.pop("s", "t", Duration.ofMillis(200)).toCompletableFuture().get().isEmpty(), "nothing twice");
    }

    @Test
    void theFiguresShowAPeersOutboxFillRetryAndDrain() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        bob.up = false;
        for (int i = 0; i < 20; i++) {
            transport.send(toNode("bob", "s", "t", "m" + i));
        }
        await().untilAsserted(() -> {
            TransportStatistics.Peer p = transport.peerFigures().get(0);
            assertEquals("bob", p.peer());
            assertEquals(20, p.queued());
            assertTrue(p.queuedBytes() >= 40, p.toString());
            assertTrue(p.retries() > 0, "retried while bob is down: " + p);
            assertEquals(0, p.delivered());
        });
        bob.up = true;
        await().untilAsserted(() -> {
            TransportStatistics.Peer p = transport.peerFigures().get(0);
            assertEquals(20, p.delivered());
            assertEquals(0, p.queued());
            assertEquals(0, p.inFlight());
            assertEquals(0, p.deadLettered());
        });
    }

    @Test
    void aDeliveryWhoseAnswerWasLostIsRetriedAndQueuedOnce() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        bob.loseAnswers = true;
        transport.send(toNode("bob", "s", "t", "once"));
        Thread.sleep(300);
        bob.loseAnswers = false;
        assertEquals("once", popText(bob.queues, "s", "t"));
        Thread.sleep(300);
        assertTrue(bob.attempts.get() >= 2);
        assertTrue(bob.queues.pop("s", "t", Duration.ofMillis(200)).toCompletableFuture().get().isEmpty(), "the repeat was dropped");
    }

    @Test
    void messagesWaitForAnAdapterThatIsBeingReplaced() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
        for (int i = 0; i < 10; i++) {
            transport.send(toNode("bob", "s", "t", "m" + i));
        }
        Thread.sleep(200);
        assertEquals(0, bob.queues.size("s", "t"));
        assertTrue(transport.stats().toString().contains("no grpc adapter"), transport.stats().toString());
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "grpc"));
        for (int i = 0; i < 10; i++) {
            assertEquals("m" + i, popText(bob.queues, "s", "t"));
        }
    }

    @Test
    void aDeliveryStuckInAnAdapterThatLeavesIsRetriedOnItsSuccessor() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        PeerLink stuck = (route, m) -> new CompletableFuture<>(); // accepted the call, then its bundle went away
        transport.addPeerLink(stuck, Map.of(PeerLink.PROTOCOL, "http"));
        transport.send(toNode("bob", "s", "t", "first"));
        transport.send(toNode("bob", "s", "t", "second"));
        Thread.sleep(200);
        transport.removePeerLink(stuck);
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        assertEquals("first", popText(bob.queues, "s", "t"));
        assertEquals("second", popText(bob.queues, "s", "t"));
    }

    @Test
    void aFinalRefusalByThePeerDeadLettersOnlyThatMessage() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        bob.queues.release("gone");
        transport.send(toNode("bob", "gone", "t", "refused"));
        transport.send(toNode("bob", "s", "t", "next"));
        assertEquals("next", popText(bob.queues, "s", "t"));
        // the two sessions are separate lanes, in flight side by side (WIN3): "next" may arrive before the
        // refusal of "refused" is back, so the refusal is awaited, not assumed
        await().untilAsserted(() -> assertTrue(transport.stats().toString().contains(PtpCodes.RELEASED),
                transport.stats().toString()));
        await().untilAsserted(() -> assertEquals(1, transport.list().size()));
        assertEquals(PtpCodes.RELEASED, transport.list().get(0).code());
        assertEquals("gone", transport.list().get(0).details().get("session_id"));
    }

    @Test
    void aPushForAPeerOverTheSizeLimitIsRefusedHereNotDroppedThere() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        PtpException e = assertThrows(PtpException.class, () -> transport.send(
                new PtpMessage(null, "s", "t", new byte[(1 << 20) + 1], Map.of(PtpHeaders.TARGET_NODE_ID, "bob"))));
        assertEquals(PtpCodes.TOO_LARGE, e.code());
        assertTrue(e.getMessage().contains(String.valueOf(1 << 20)), e.getMessage());
        transport.send(new PtpMessage(null, "s", "t", new byte[1 << 20], Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
        assertEquals(1 << 20, bob.queues.pop("s", "t", Duration.ofSeconds(5)).toCompletableFuture().get().orElseThrow().payload().length,
                "a message of exactly the limit passes, and the refused one was never sent");
        assertTrue(bob.queues.pop("s", "t", Duration.ofMillis(200)).toCompletableFuture().get().isEmpty());
    }

    @Test
    void anOutboxOverItsBoundAnswersBufferFull() {
        NodeTransport small = new NodeTransport(local, table, config(10));
        try {
            table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
            small.send(new PtpMessage(null, "s", "t", new byte[8], Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
            PtpException e = assertThrows(PtpException.class,
                    () -> small.send(new PtpMessage(null, "s", "t", new byte[8], Map.of(PtpHeaders.TARGET_NODE_ID, "bob"))));
            assertEquals(PtpCodes.BUFFER_FULL, e.code());
            assertTrue(e.getMessage().contains("bob"));
        } finally {
            small.deactivate();
        }
    }

    @Test
    void aTokenCheckRefusesWith403BeforeAnythingIsQueued() {
        transport.addTokenCheck(new ConfiguredTokenCheck(new ConfiguredTokenCheck.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConfiguredTokenCheck.Config.class;
            }

            @Override
            public String[] tokens() {
                return new String[] {"good"};
            }
        }));
        PtpException bad = assertThrows(PtpException.class, () -> transport.send(new PtpMessage(null, "s", "t", new byte[1],
                Map.of(PtpHeaders.TARGET_NODE_ID, "alice", PtpHeaders.TOKEN, "bad"))));
        assertEquals(PtpCodes.FORBIDDEN, bad.code());
        assertEquals(PtpCodes.FORBIDDEN, assertThrows(PtpException.class, () -> transport.send(toNode("alice", "s", "t", "no token"))).code());
        assertEquals(0, local.size("s", "t"));
        transport.send(new PtpMessage(null, "s", "t", new byte[1], Map.of(PtpHeaders.TARGET_NODE_ID, "alice", PtpHeaders.TOKEN, "good")));
        assertEquals(1, local.size("s", "t"));
    }

    @Test
    void theProgrammingInterfaceRoundTripsThroughTheQueues() {
        TransportSession s = transport.open("session_job-1", Map.of(PtpHeaders.TARGET_NODE_ID, "alice"));
        s.push("a".getBytes(), Map.of(), "x");
        s.push(new byte[0], Map.of(), "x");
        assertArrayEquals("a".getBytes(), s.peek("x").orElseThrow());
        assertArrayEquals("a".getBytes(), s.pop(Duration.ofSeconds(1), "x").orElseThrow());
        assertArrayEquals(new byte[0], s.pop(Duration.ofSeconds(1), "x").orElseThrow());
        assertTrue(s.pop(Duration.ofMillis(50), "x").isEmpty());
        s.release();
        assertEquals(PtpCodes.RELEASED, assertThrows(PtpException.class, () -> s.peek("x")).code());
        assertEquals(PtpCodes.BAD_REQUEST, assertThrows(PtpException.class, () -> transport.open("s", Map.of())).code());
    }

    @Test
    void manySendersToOnePeerKeepOrderPerSessionAndTopic() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String topic = "t" + t;
            ts.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    transport.send(toNode("bob", "s", topic, "" + i));
                }
            }));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 500; i++) {
                String got = popText(bob.queues, "s", "t" + t);
                assertEquals("" + i, got, "topic t" + t);
                seen.add(got);
            }
        }
        assertEquals(2000, seen.size());
    }

    @Test
    void aLinkAnsweringOnItsOwnThreadsKeepsEveryLaneInOrderThroughRetries() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
        java.util.concurrent.ExecutorService wire = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
        try {
            // answers come on the link's threads, as gRPC's do; every seventh attempt fails before reaching bob
            transport.addPeerLink((route, m) -> CompletableFuture.runAsync(() -> {
                if (bob.attempts.incrementAndGet() % 7 == 0) {
                    failures.incrementAndGet();
                    throw new PtpException(PtpCodes.UNREACHABLE, "connection reset");
                }
                bob.queues.push(m);
            }, wire), Map.of(PeerLink.PROTOCOL, "grpc"));
            for (int i = 0; i < 300; i++) {
                for (int s = 0; s < 4; s++) {
                    transport.send(toNode("bob", "s" + s, "t", "" + i));
                }
            }
            for (int s = 0; s < 4; s++) {
                for (int i = 0; i < 300; i++) {
                    assertEquals("" + i, popText(bob.queues, "s" + s, "t"), "session s" + s);
                }
            }
            assertTrue(failures.get() > 0, "retries happened");
        } finally {
            wire.shutdownNow();
        }
    }

    // --- delivery you can trust (DELIVERY1-DELIVERY5) ---

    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void aSessionThePeerNeverAnswersDoesNotHoldBackOtherSessionsToThatPeer() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        // the peer took the call for session "hung" and never answers (a lost request); for "failing" it answers 500
        PeerLink link = (route, m) -> switch (m.sessionId()) {
            case "hung" -> new CompletableFuture<>();
            case "failing" -> CompletableFuture.failedFuture(new PtpException(PtpCodes.SYSTEM_ERROR, "internal error"));
            default -> bob.deliver(route, m);
        };
        transport.addPeerLink(link, Map.of(PeerLink.PROTOCOL, "http"));
        transport.send(toNode("bob", "hung", "t", "stuck"));
        transport.send(toNode("bob", "failing", "t", "stuck"));
        for (int i = 0; i < 20; i++) {
            transport.send(toNode("bob", "ok", "t", "m" + i));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("m" + i, bob.queues.pop("ok", "t", LONG).toCompletableFuture().get()
                    .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).orElse(null), "order kept in the session that works");
        }
        assertEquals(0, bob.queues.size("hung", "t"));
        assertTrue(transport.list().isEmpty(), "5xx and a missing answer are retried, not given up: " + transport.list());
    }

    @Test
    void topicsOfOneSessionAreIndependentLanesToo() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        PeerLink link = (route, m) -> "hung".equals(m.topic()) ? new CompletableFuture<>() : bob.deliver(route, m);
        transport.addPeerLink(link, Map.of(PeerLink.PROTOCOL, "http"));
        transport.send(toNode("bob", "s", "hung", "stuck"));
        transport.send(toNode("bob", "s", "t", "free"));
        assertEquals("free", bob.queues.pop("s", "t", LONG).toCompletableFuture().get()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).orElse(null));
    }

    @Test
    void aFinalRefusalMakesTheRestOfItsLaneDeadLettersAndTheContainersNextPushHearsIt() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<Void> firstHeld = new CompletableFuture<>();
        PeerLink link = (route, m) -> {
            if ("s".equals(m.sessionId()) && refuse.get()) {
                // the peer's token check refuses the session: final; the first answer comes once all three are queued
                return firstHeld.thenCompose(x -> CompletableFuture.failedFuture(new PtpException(PtpCodes.FORBIDDEN, "bad token")));
            }
            return bob.deliver(route, m);
        };
        transport.addPeerLink(link, Map.of(PeerLink.PROTOCOL, "http"));
        transport.send(new PtpMessage("a-1", "s", "t", "1".getBytes(), Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
        transport.send(new PtpMessage("a-2", "s", "t", "2".getBytes(), Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
        transport.send(new PtpMessage("a-3", "s", "t", "3".getBytes(), Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
        firstHeld.complete(null);
        await().atMost(LONG).until(() -> transport.list().size() == 3);
        List<io.hutong.api.delivery.DeadLetter> dead = transport.list();
        assertEquals(List.of("a-1", "a-2", "a-3"), dead.stream().map(d -> d.details().get("message_id")).toList(), "oldest first");
        dead.forEach(d -> assertEquals(PtpCodes.FORBIDDEN, d.code()));
        dead.forEach(d -> assertEquals("bob", d.peer()));
        assertTrue(dead.get(0).reason().contains("bad token"), dead.get(0).reason());
        assertTrue(dead.get(1).reason().contains("a-1"), "the followers say whom they follow: " + dead.get(1).reason());
        assertEquals(1, dead.get(0).attempts(), "a final answer is not retried");
        // never "delivered" silently: the container's next call on the session is answered with the peer's code, once
        PtpException told = assertThrows(PtpException.class, () -> transport.send(toNode("bob", "s", "t", "4")));
        assertEquals(PtpCodes.FORBIDDEN, told.code());
        assertTrue(told.getMessage().contains(dead.get(0).id()) || told.getMessage().contains("dead letter"), told.getMessage());
        refuse.set(false);
        transport.send(toNode("bob", "s", "t", "5"));
        assertEquals("5", bob.queues.pop("s", "t", LONG).toCompletableFuture().get()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).orElse(null), "told once, then the session goes on");
        // replayed in list order, the three arrive in their order
        for (io.hutong.api.delivery.DeadLetter d : dead) {
            assertTrue(transport.replay(d.id()));
        }
        for (String want : List.of("1", "2", "3")) {
            assertEquals(want, bob.queues.pop("s", "t", LONG).toCompletableFuture().get()
                    .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).orElse(null));
        }
        assertTrue(transport.list().isEmpty());
        assertFalse(transport.replay(dead.get(0).id()), "a replayed dead letter is gone");
    }

    @Test
    void aPopWaitingOnTheSessionIsAnsweredWithTheFailure() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        CompletableFuture<Optional<PtpMessage>> waiting = local.pop("s", "answer", LONG).toCompletableFuture();
        bob.queues.release("s"); // the peer has let the session go: E0000000608, final
        transport.send(toNode("bob", "s", "t", "late"));
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> waiting.get(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(PtpCodes.RELEASED, assertInstanceOf(PtpException.class, e.getCause()).code());
        assertTrue(e.getCause().getMessage().contains("bob"), e.getCause().getMessage());
        transport.send(toNode("alice", "s", "answer", "mine"));
        assertEquals("mine", popText(local, "s", "answer"), "reported once: the next pop works");
    }

    @Test
    void retriesEndAtTheBudgetAndTheHealthSaysDegradedUntilTheListIsEmpty() throws Exception {
        NodeTransport budgeted = new NodeTransport(local, table, config(1 << 30, 3));
        try {
            table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
            budgeted.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
            TransportCoreStatus status = new TransportCoreStatus(bundleContext(), local, budgeted, table);
            assertEquals(io.hutong.api.health.Health.State.UP, status.health().state());
            bob.up = false;
            budgeted.send(toNode("bob", "s", "t", "lost"));
            await().atMost(LONG).until(() -> budgeted.list().size() == 1);
            io.hutong.api.delivery.DeadLetter d = budgeted.list().get(0);
            assertEquals(3, d.attempts());
            assertEquals(3, bob.attempts.get(), "no attempt after the budget");
            assertEquals(PtpCodes.UNREACHABLE, d.code());
            assertTrue(d.reason().contains("3 attempts") && d.reason().contains("connection refused"), d.reason());
            io.hutong.api.health.Health h = status.health();
            assertEquals(io.hutong.api.health.Health.State.DEGRADED, h.state());
            assertTrue(h.message().contains("dead-letter"), h.message());
            assertEquals(PtpCodes.UNREACHABLE, assertThrows(PtpException.class,
                    () -> budgeted.send(toNode("bob", "s", "t", "next"))).code());
            // the operator fixes the peer and replays: delivered, the list empties, health is UP again
            bob.up = true;
            assertTrue(budgeted.replay(d.id()));
            assertEquals("lost", popText(bob.queues, "s", "t"));
            assertEquals(io.hutong.api.health.Health.State.UP, status.health().state());
            // a second one is discarded
            bob.up = false;
            budgeted.send(toNode("bob", "s2", "t", "dropped"));
            await().atMost(LONG).until(() -> budgeted.list().size() == 1);
            assertTrue(budgeted.discard(budgeted.list().get(0).id()));
            assertFalse(budgeted.discard("tr-nope"));
            assertTrue(budgeted.list().isEmpty());
            assertEquals(io.hutong.api.health.Health.State.UP, status.health().state());
        } finally {
            budgeted.deactivate();
        }
    }

    @Test
    void aReplayWithoutARouteIsRefusedAndTheDeadLetterStays() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        bob.queues.release("gone");
        transport.send(toNode("bob", "gone", "t", "x"));
        await().atMost(LONG).until(() -> transport.list().size() == 1);
        table.remove("bob");
        String id = transport.list().get(0).id();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> transport.replay(id));
        assertTrue(e.getMessage().contains("bob"), e.getMessage());
        assertEquals(id, transport.list().get(0).id());
    }

    @Test
    void theNodeStampsItsOwnIdAsSourceWhateverTheContainerSays() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        transport.send(new PtpMessage(null, "s", "t", "x".getBytes(), Map.of(PtpHeaders.TARGET_NODE_ID, "bob",
                PtpHeaders.SOURCE_NODE_ID, "carol")));
        PtpMessage m = bob.queues.pop("s", "t", LONG).toCompletableFuture().get().orElseThrow();
        assertEquals("alice", m.metadata().get(PtpHeaders.SOURCE_NODE_ID));
        List<PtpMessage> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        PeerLink recording = new PeerLink() {
            @Override
            public CompletionStage<Void> deliver(Route route, PtpMessage message) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<byte[]> invoke(Route route, PtpMessage request, Duration timeout) {
                asked.add(request);
                return CompletableFuture.completedFuture(new byte[0]);
            }
        };
        transport.removePeerLink(bob);
        transport.addPeerLink(recording, Map.of(PeerLink.PROTOCOL, "http"));
        transport.roundtrip(new byte[0], Map.of(PtpHeaders.TARGET_NODE_ID, "bob", PtpHeaders.URI, "/x",
                PtpHeaders.SOURCE_NODE_ID, "carol")).toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("alice", asked.get(0).metadata().get(PtpHeaders.SOURCE_NODE_ID));
    }

    /** A bundle context whose bundle answers the two questions the status contributor asks. */
    private static org.osgi.framework.BundleContext bundleContext() {
        org.osgi.framework.Bundle bundle = (org.osgi.framework.Bundle) java.lang.reflect.Proxy.newProxyInstance(
                NodeTransportTest.class.getClassLoader(), new Class<?>[] {org.osgi.framework.Bundle.class},
                (p, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "io.hutong.transport.core";
                    case "getVersion" -> org.osgi.framework.Version.emptyVersion;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (org.osgi.framework.BundleContext) java.lang.reflect.Proxy.newProxyInstance(
                NodeTransportTest.class.getClassLoader(), new Class<?>[] {org.osgi.framework.BundleContext.class},
                (p, method, args) -> {
                    if (method.getName().equals("getBundle")) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    // --- roundtrips (TR17) ---

    private static Map<String, String> ask(String node, String uri) {
        return Map.of(PtpHeaders.TARGET_NODE_ID, node, PtpHeaders.URI, uri, PtpHeaders.TOKEN, "tk");
    }

    private static PtpException failure(CompletionStage<byte[]> stage) {
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> stage.toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS));
        return assertInstanceOf(PtpException.class, e.getCause());
    }

    private static String text(CompletionStage<byte[]> stage) throws Exception {
        return new String(stage.toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    @Test
    void aRoundtripToThisNodeIsAnsweredByTheResourceItsUriNames() throws Exception {
        List<PtpMessage> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        transport.addResource(m -> {
            seen.add(m);
            return ("hello " + new String(m.payload(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }, Map.of(PtpResource.URI, "/greet"));
        transport.addResource(m -> new byte[0], Map.of(PtpResource.URI, "/other"));

        assertEquals("hello bob", text(transport.roundtrip("bob".getBytes(), ask("alice", "/greet"))));
        // callers may send the uri with scheme and authority, and a query
        assertEquals("hello carol", text(transport.roundtrip("carol".getBytes(), ask("alice", "http://alice:7304/greet?x=1"))));
        assertEquals(0, text(transport.roundtrip(null, ask("alice", "/other"))).length());
        PtpMessage first = seen.get(0);
        assertTrue(first.sessionId().startsWith("roundtrip-"), "a session id is generated: " + first.sessionId());
        assertEquals("alice", first.metadata().get(PtpHeaders.SOURCE_NODE_ID));
        assertEquals("tk", first.metadata().get(PtpHeaders.TOKEN));
        assertEquals(0, local.size(first.sessionId(), ""), "a roundtrip queues nothing");

        PtpException unknown = failure(transport.roundtrip(new byte[1], ask("alice", "/nobody")));
        assertEquals(PtpCodes.NOT_FOUND, unknown.code());
        assertTrue(unknown.getMessage().contains("/nobody"), unknown.getMessage());
        PtpException noUri = failure(transport.roundtrip(new byte[1], Map.of(PtpHeaders.TARGET_NODE_ID, "alice")));
        assertEquals(PtpCodes.BAD_REQUEST, noUri.code());
        assertTrue(noUri.getMessage().contains(PtpHeaders.URI), noUri.getMessage());
        PtpException noTarget = failure(transport.roundtrip(new byte[1], Map.of(PtpHeaders.URI, "/greet")));
        assertEquals(PtpCodes.BAD_REQUEST, noTarget.code());
        assertTrue(noTarget.getMessage().contains(PtpHeaders.TARGET_NODE_ID), noTarget.getMessage());
        assertEquals(PtpCodes.TOO_LARGE, failure(transport.roundtrip(new byte[(1 << 20) + 1], ask("alice", "/greet"))).code());
        assertEquals(2, seen.size(), "refused requests never reach the resource");
    }

    @Test
    void aFailingResourceAnswersWithItsCodeOr500AndATokenCheckComesFirst() {
        AtomicInteger calls = new AtomicInteger();
        transport.addResource(m -> {
            calls.incrementAndGet();
            throw new PtpException(PtpCodes.BUFFER_FULL, "busy");
        }, Map.of(PtpResource.URI, "/busy"));
        transport.addResource(m -> {
            throw new IllegalStateException("broken on purpose");
        }, Map.of(PtpResource.URI, "/broken"));
        PtpException busy = failure(transport.roundtrip(new byte[1], ask("alice", "/busy")));
        assertEquals(PtpCodes.BUFFER_FULL, busy.code());
        assertEquals("busy", busy.getMessage());
        PtpException broken = failure(transport.roundtrip(new byte[1], ask("alice", "/broken")));
        assertEquals(PtpCodes.SYSTEM_ERROR, broken.code());
        assertTrue(broken.getMessage().contains("broken on purpose") && broken.getMessage().contains("/broken"), broken.getMessage());

        transport.addTokenCheck((session, token, headers) -> {
            if (!"good".equals(token)) {
                throw new PtpException(PtpCodes.FORBIDDEN, "token refused");
            }
        });
        assertEquals(PtpCodes.FORBIDDEN, failure(transport.roundtrip(new byte[1], ask("alice", "/busy"))).code());
        assertEquals(1, calls.get(), "the resource is not asked when the token is refused");
    }

    /** Bob's transport behind a link, as the adapters carry a roundtrip: one invoke, or nothing when bob is down. */
    static final class RoundtripLink implements PeerLink {
        final NodeTransport bob;
        volatile boolean up = true;
        volatile boolean silent;
        final AtomicInteger attempts = new AtomicInteger();

        RoundtripLink(NodeTransport bob) {
            this.bob = bob;
        }

        @Override
        public CompletionStage<Void> deliver(Route route, PtpMessage m) {
            return CompletableFuture.failedFuture(new PtpException(PtpCodes.SYSTEM_ERROR, "not used here"));
        }

        @Override
        public CompletionStage<byte[]> invoke(Route route, PtpMessage m, Duration timeout) {
            attempts.incrementAndGet();
            if (!up) {
                return CompletableFuture.failedFuture(new PtpException(PtpCodes.UNREACHABLE, "connection refused"));
            }
            if (silent) {
                return new CompletableFuture<>(); // an adapter replaced mid-call: no answer ever
            }
            return bob.roundtrip(m.payload(), m.metadata());
        }
    }

    @Test
    void aRoundtripToAPeerReturnsWhatItsResourceAnsweredAndIsNeverRetried() throws Exception {
        BoundedSessionQueues bobQueues = new BoundedSessionQueues(
                new SessionLimits(1 << 20, 1 << 30, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1), 100_000),
                System::nanoTime);
        NodeTransport bobTransport = new NodeTransport(bobQueues, new Table("bob"), config(1 << 30));
        try {
            List<PtpMessage> atBob = new java.util.concurrent.CopyOnWriteArrayList<>();
            bobTransport.addResource(m -> {
                atBob.add(m);
                return new StringBuilder(new String(m.payload(), StandardCharsets.UTF_8)).reverse().toString().getBytes(StandardCharsets.UTF_8);
            }, Map.of(PtpResource.URI, "/reverse"));
            RoundtripLink link = new RoundtripLink(bobTransport);
            table.put(new Route("bob", "127.0.0.1:1", "grpc", null, null));
            transport.addPeerLink(link, Map.of(PeerLink.PROTOCOL, "grpc"));

            Map<String, String> meta = new java.util.HashMap<>(ask("bob", "/reverse"));
            meta.put(PtpHeaders.SESSION_ID, "session_job-9");
            assertEquals("olleh", text(transport.roundtrip("hello".getBytes(), meta)));
            assertEquals("alice", atBob.get(0).metadata().get(PtpHeaders.SOURCE_NODE_ID));
            assertEquals("session_job-9", atBob.get(0).sessionId());
            assertEquals(PtpCodes.NOT_FOUND, failure(transport.roundtrip(new byte[1], ask("bob", "/nothing"))).code());

            link.up = false;
            int before = link.attempts.get();
            PtpException down = failure(transport.roundtrip(new byte[1], ask("bob", "/reverse")));
            assertEquals(PtpCodes.UNREACHABLE, down.code());
            assertEquals(before + 1, link.attempts.get(), "one attempt, no retry");
            assertTrue(transport.stats().isEmpty(), "nothing waits in an outbound queue");

            link.up = true;
            link.silent = true;
            long start = System.nanoTime();
            assertEquals(PtpCodes.TIMEOUT, failure(transport.roundtrip(new byte[1], ask("bob", "/reverse"))).code());
            assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(20), "ended by the guard");

            assertEquals(PtpCodes.NOT_NETWORKED, failure(transport.roundtrip(new byte[1], ask("carol", "/reverse"))).code());
            table.put(new Route("dave", "127.0.0.1:2", "http", null, null));
            assertEquals(PtpCodes.NO_INSTANCE, failure(transport.roundtrip(new byte[1], ask("dave", "/reverse"))).code());
            // a link built against api 1.0 has no invoke of its own
            transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
            PtpException old = failure(transport.roundtrip(new byte[1], ask("dave", "/reverse")));
            assertEquals(PtpCodes.NO_INSTANCE, old.code());
            assertTrue(old.getMessage().contains("roundtrips"), old.getMessage());
        } finally {
            bobTransport.deactivate();
            bobQueues.deactivate();
        }
    }
}
