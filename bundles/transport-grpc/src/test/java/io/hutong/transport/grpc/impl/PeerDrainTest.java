/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.tls.ClientTls;
import io.hutong.api.transport.tls.PeerTls;
import io.hutong.api.transport.tls.RouteTls;
import io.hutong.transport.core.impl.BoundedSessionQueues;
import io.hutong.transport.core.impl.ForwardingConfig;
import io.hutong.transport.core.impl.NodeTransport;
import io.hutong.transport.core.impl.QueueConfig;

/**
 * Two nodes in one JVM over real gRPC on loopback: alice's transport core forwards through
 * {@link GrpcPeerLink} to bob's {@link GrpcTransportServer} and bob's core. A backlog of one session
 * arrives complete and in order, and the rate it drains at is printed (issue 12 item 1 measures it).
 */
class PeerDrainTest {

    private static final int MESSAGES = Integer.getInteger("drain.messages", 500);
    /** Rounds of {@link #MESSAGES} in one JVM: the first pays the JIT's compiling, later ones show the steady state. */
    private static final int ROUNDS = Integer.getInteger("drain.rounds", 1);

    private BoundedSessionQueues aliceQueues;
    private BoundedSessionQueues bobQueues;
    private NodeTransport alice;
    private NodeTransport bob;
    private GrpcTransportServer bobServer;
    private GrpcPeerLink link;
    private Table aliceRoutes;

    @BeforeEach
    void start() throws Exception {
        aliceQueues = new BoundedSessionQueues(defaults(QueueConfig.class));
        // bob takes messages of at most 64 KiB (its gRPC limit 1 MiB more); alice's limit is the default 128 MiB
        bobQueues = new BoundedSessionQueues((QueueConfig) Proxy.newProxyInstance(QueueConfig.class.getClassLoader(),
                new Class<?>[] {QueueConfig.class}, (p, m, a) -> m.getName().equals("annotationType") ? QueueConfig.class
                        : m.getName().equals("message_max_bytes") ? 64L * 1024 : m.getDefaultValue()));
        bob = new NodeTransport(bobQueues, new Table("bob"), defaults(ForwardingConfig.class));
        bobServer = new GrpcTransportServer(bob, bobQueues, new Table("bob"),
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), new GrpcTransportServerTest.Config(), null);
        aliceRoutes = new Table("alice");
        aliceRoutes.put(new Route("bob", "127.0.0.1:" + bobServer.port(), "grpc", null, null));
        // -Ddrain.window=1 drains as before the window (one message of the lane in flight, by invoke)
        ForwardingConfig forwarding = defaults(ForwardingConfig.class);
        alice = new NodeTransport(aliceQueues, aliceRoutes, (ForwardingConfig) Proxy.newProxyInstance(ForwardingConfig.class.getClassLoader(),
                new Class<?>[] {ForwardingConfig.class}, (p, m, a) -> m.getName().equals("lane_window")
                        ? Integer.getInteger("drain.window", forwarding.lane_window()) : m.invoke(forwarding, a)));
        link = new GrpcPeerLink(aliceQueues, new Plaintext());
        Method add = NodeTransport.class.getDeclaredMethod("addPeerLink", PeerLink.class, Map.class);
        add.setAccessible(true);
        add.invoke(alice, link, Map.of(PeerLink.PROTOCOL, "grpc"));
    }

    @AfterEach
    void stop() throws Exception {
        link.deactivate();
        bobServer.deactivate();
        for (Object o : List.of(alice, bob, aliceQueues, bobQueues)) {
            Method d = o.getClass().getDeclaredMethod("deactivate");
            d.setAccessible(true);
            d.invoke(o);
        }
    }

    @Test
    void aBacklogOfOneSessionArrivesCompleteAndInOrder() throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int round = 1; round <= ROUNDS; round++) {
            String session = "drain-" + round;
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                byte[] payload = new byte[1024];
                ByteBuffer.wrap(payload).putInt(i);
                alice.send(new PtpMessage(null, session, "t", payload, Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
            }
            for (int i = 0; i < MESSAGES; i++) {
                Optional<PtpMessage> m = bobQueues.pop(session, "t", Duration.ofSeconds(60)).toCompletableFuture().get(90, TimeUnit.SECONDS);
                assertTrue(m.isPresent(), "message " + i + " arrived");
                assertEquals(i, ByteBuffer.wrap(m.get().payload()).getInt(), "in order");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // CPU per message (both nodes, this JVM) says more than the rate on a shared machine
            double cpuMicros = (os.getProcessCpuTime() - cpuStart) / 1e3 / MESSAGES;
            System.out.printf("PeerDrainTest round %d: %d messages of 1 KiB of one session drained over gRPC in %.2f s: %.0f msg/s,"
                    + " %.0f µs CPU per message%n", round, MESSAGES, seconds, MESSAGES / seconds, cpuMicros);
        }
    }

    @Test
    void aMessageThePeerRefusesAsTooLargeOnTheStreamIsADeadLetterAndTheOtherSessionsArriveInOrder() throws Exception {
        Route toBob = aliceRoutes.route("bob").orElseThrow();
        alice.send(new PtpMessage(null, "small", "t", new byte[] {-1}, Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
        assertTrue(bobQueues.pop("small", "t", Duration.ofSeconds(60)).toCompletableFuture().get(90, TimeUnit.SECONDS).isPresent());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> link.stream(toBob).isPresent());
        // bob's gRPC limit is 1 MiB above its 64 KiB message limit: the 2 MiB message ends the stream it travels on
        for (int i = 0; i < 60; i++) {
            if (i == 30) {
                alice.send(new PtpMessage("too-large", "big", "t", new byte[2 << 20], Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
            }
            byte[] payload = new byte[1024];
            ByteBuffer.wrap(payload).putInt(i);
            alice.send(new PtpMessage(null, "small", "t", payload, Map.of(PtpHeaders.TARGET_NODE_ID, "bob")));
        }
        for (int i = 0; i < 60; i++) {
            Optional<PtpMessage> m = bobQueues.pop("small", "t", Duration.ofSeconds(60)).toCompletableFuture().get(90, TimeUnit.SECONDS);
            assertTrue(m.isPresent(), "message " + i + " arrived");
            assertEquals(i, ByteBuffer.wrap(m.get().payload()).getInt(), "in order");
        }
        // retried by invoke while the link opens no new stream, it meets its final answer there
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !alice.list().isEmpty());
        assertEquals(List.of("too-large"), alice.list().stream().map(d -> d.details().get("message_id")).toList());
        assertEquals(io.hutong.api.transport.PtpCodes.TOO_LARGE, alice.list().get(0).code(), alice.list().get(0).reason());
        assertEquals(0, bobQueues.size("big", "t"));
    }

    @SuppressWarnings("unchecked")
    private static <A> A defaults(Class<A> annotation) {
        return (A) Proxy.newProxyInstance(annotation.getClassLoader(), new Class<?>[] {annotation},
                (p, m, a) -> m.getName().equals("annotationType") ? annotation : m.getDefaultValue());
    }

    /** Routes kept in memory. */
    static final class Table implements RoutingTable {
        private final String self;
        private final Map<String, Route> routes = new ConcurrentHashMap<>();

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
            return List.copyOf(routes.values());
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

    /** No TLS on any route. */
    static final class Plaintext implements PeerTls {
        @Override
        public Optional<ClientTls> client(Route route) {
            return Optional.empty();
        }

        @Override
        public RouteTls check(Map<String, String> tls) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> explain(Throwable failure) {
            return Optional.empty();
        }
    }
}
