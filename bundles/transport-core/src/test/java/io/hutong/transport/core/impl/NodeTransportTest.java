/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.TransportSession;

/**
 * Node A's transport routing to its own queues and to a peer B whose "link" is B's real session
 * queues behind a switch that can make B unreachable, as a stopped process would be.
 */
class NodeTransportTest {

    /** An in-memory routing table, standing in for ConfigAdmin. */
    static final class Table implements RoutingTable {
        final Map<String, Route> routes = new ConcurrentHashMap<>();

        @Override
        public String localNodeId() {
            return "alice";
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
    void aFinalRefusalByThePeerDropsOnlyThatMessage() throws Exception {
        table.put(new Route("bob", "127.0.0.1:1", "http", null, null));
        transport.addPeerLink(bob, Map.of(PeerLink.PROTOCOL, "http"));
        bob.queues.release("gone");
        transport.send(toNode("bob", "gone", "t", "refused"));
        transport.send(toNode("bob", "s", "t", "next"));
        assertEquals("next", popText(bob.queues, "s", "t"));
        assertTrue(transport.stats().toString().contains(PtpCodes.RELEASED), transport.stats().toString());
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
}
