/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.Transport;
import io.hutong.api.transport.TransportSession;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;
import io.hutong.protocol.ptp.PopInbound;
import io.hutong.protocol.ptp.PushInbound;
import io.hutong.protocol.ptp.TransportOutbound;

/**
 * The gRPC adapter in-process: the real server, built from a Netty builder on a loopback port the
 * test picks (not a node's configured one), real gRPC calls from a plain grpc-java client, and an
 * in-memory core behind it (queues and a transport that records what it is handed). What the process
 * level {@code GrpcTransportIT} shows between two nodes stays there; this covers the adapter's own
 * answers without starting a node.
 */
class GrpcTransportServerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final MemoryQueues queues = new MemoryQueues();
    private final RecordingTransport transport = new RecordingTransport(queues);
    private GrpcTransportServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        server = new GrpcTransportServer(transport, queues, new LocalOnly("bob"),
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), new Config(), null);
        int port = server.port();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        if (server != null) {
            server.deactivate();
        }
    }

    private io.grpc.Channel with(Map<String, String> headers) {
        Metadata md = new Metadata();
        headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        return io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md));
    }

    private <Q, R> R call(MethodDescriptor<Q, R> method, Map<String, String> headers, Q request) {
        return ClientCalls.blockingUnaryCall(with(headers), method, CallOptions.DEFAULT.withDeadlineAfter(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                request);
    }

    private <Q, R> CompletableFuture<R> callAsync(MethodDescriptor<Q, R> method, Map<String, String> headers, Q request) {
        CompletableFuture<R> result = new CompletableFuture<>();
        var f = ClientCalls.futureUnaryCall(with(headers).newCall(method, CallOptions.DEFAULT), request);
        f.addListener(() -> {
            try {
                result.complete(f.get());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }, Runnable::run);
        return result;
    }

    @Test
    void aContainersPushReachesTheTransportWithItsHeadersAndTopic() {
        TransportOutbound r = call(PtpMethods.PUSH, Map.of(PtpHeaders.SESSION_ID, "s1", PtpHeaders.TARGET_NODE_ID, "alice",
                        PtpHeaders.TRACE_ID, "tr-1", "not-ptp", "dropped"),
                PushInbound.newBuilder().setTopic("t").setPayload(ByteString.copyFromUtf8("hello")).build());
        assertEquals(PtpCodes.OK, r.getCode(), r.getMessage());
        assertEquals(1, transport.sent.size());
        PtpMessage m = transport.sent.get(0);
        assertEquals("s1", m.sessionId());
        assertEquals("t", m.topic());
        assertEquals("hello", new String(m.payload()));
        assertEquals("alice", m.metadata().get(PtpHeaders.TARGET_NODE_ID));
        assertEquals("tr-1", m.metadata().get(PtpHeaders.TRACE_ID));
        assertFalse(m.metadata().containsKey("not-ptp"), "only x-ptp-* headers are carried: " + m.metadata());
    }

    @Test
    void aPushWithoutSessionIsRefusedInBandWith400() {
        TransportOutbound r = call(PtpMethods.PUSH, Map.of(PtpHeaders.TARGET_NODE_ID, "alice"),
                PushInbound.newBuilder().setTopic("t").setPayload(ByteString.copyFromUtf8("x")).build());
        assertEquals(PtpCodes.BAD_REQUEST, r.getCode());
        assertTrue(r.getMessage().contains(PtpHeaders.SESSION_ID), r.getMessage());
        assertTrue(transport.sent.isEmpty());
    }

    @Test
    void aWaitingPopIsAnsweredWhenItsMessageArrivesAndAnEmptyOneWhenItsTimeIsUp() throws Exception {
        CompletableFuture<TransportOutbound> pop = callAsync(PtpMethods.POP, Map.of(PtpHeaders.SESSION_ID, "s2"),
                PopInbound.newBuilder().setTopic("t").setTimeout(600_000).build());
        await().atMost(PATIENCE).until(() -> queues.waiting() == 1);
        assertFalse(pop.isDone());
        queues.push(new PtpMessage(null, "s2", "t", "late".getBytes(), Map.of()));
        TransportOutbound r = pop.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(PtpCodes.OK, r.getCode());
        assertEquals("late", r.getPayload().toStringUtf8());

        TransportOutbound empty = call(PtpMethods.POP, Map.of(PtpHeaders.SESSION_ID, "s2"),
                PopInbound.newBuilder().setTopic("t").setTimeout(50).build());
        assertEquals(PtpCodes.OK, empty.getCode());
        assertTrue(empty.getPayload().isEmpty(), "nothing to pop");
    }

    @Test
    void aPeersInvokeForThisNodeIsReceivedAndOneForAnotherNodeIsNotRelayed() {
        Outbound ok = call(PtpMethods.INVOKE, Map.of(), Inbound.newBuilder().putMetadata(PtpHeaders.SESSION_ID, "s3")
                .putMetadata(PtpHeaders.TOPIC, "t").putMetadata(PtpHeaders.TARGET_NODE_ID, "bob").putMetadata(PtpHeaders.SOURCE_NODE_ID, "alice")
                .setPayload(ByteString.copyFromUtf8("east-west")).build());
        assertEquals(PtpCodes.OK, ok.getCode(), ok.getMessage());
        assertEquals("east-west", new String(queues.peek("s3", "t").orElseThrow().payload()));

        Outbound elsewhere = call(PtpMethods.INVOKE, Map.of(), Inbound.newBuilder().putMetadata(PtpHeaders.SESSION_ID, "s3")
                .putMetadata(PtpHeaders.TOPIC, "t").putMetadata(PtpHeaders.TARGET_NODE_ID, "carol")
                .setPayload(ByteString.copyFromUtf8("not mine")).build());
        assertEquals(PtpCodes.NOT_NETWORKED, elsewhere.getCode());
        assertTrue(elsewhere.getMessage().contains("carol"), elsewhere.getMessage());
        assertEquals(1, transport.received.size(), "only the message for this node was received");
    }

    @Test
    void noThreadOfTheListenerOutlivesItsDeactivation() throws Exception {
        // grpc-java's shared event loops would end a second later, after a stopping bundle's class loader is closed
        call(PtpMethods.PUSH, Map.of(PtpHeaders.SESSION_ID, "s5", PtpHeaders.TARGET_NODE_ID, "alice"),
                PushInbound.newBuilder().setTopic("t").setPayload(ByteString.copyFromUtf8("x")).build());
        String prefix = server.threadPrefix();
        assertTrue(live(prefix) > 0, "the listener runs on threads of its own");
        channel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        server.deactivate();
        server = null;
        assertEquals(0, live(prefix), "no thread of the listener is left once deactivate returns");
    }

    private static long live(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    void aPopWaitingWhenTheAdapterLeavesIsAnsweredWith602AndTakesNoMessage() throws Exception {
        CompletableFuture<TransportOutbound> pop = callAsync(PtpMethods.POP, Map.of(PtpHeaders.SESSION_ID, "s4"),
                PopInbound.newBuilder().setTopic("t").setTimeout(600_000).build());
        await().atMost(PATIENCE).until(() -> queues.waiting() == 1);
        server.deactivate();
        GrpcTransportServer gone = server;
        server = null;
        TransportOutbound r = pop.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(PtpCodes.NO_INSTANCE, r.getCode(), r.getMessage());
        assertTrue(gone != null);
        // the next message stays queued for the container's next pop
        queues.push(new PtpMessage(null, "s4", "t", "kept".getBytes(), Map.of()));
        assertEquals("kept", new String(queues.peek("s4", "t").orElseThrow().payload()));
    }

    @Test
    void aPopWhoseCallerGaveUpTakesNoMessageAndTheNextPopGetsIt() throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                with(Map.of(PtpHeaders.SESSION_ID, "s6")), PtpMethods.POP, CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS),
                PopInbound.newBuilder().setTopic("t").setTimeout(600_000).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        await().atMost(PATIENCE).until(() -> queues.waiting() == 0);
        queues.push(new PtpMessage(null, "s6", "t", "m1".getBytes(), Map.of()));
        queues.push(new PtpMessage(null, "s6", "t", "m2".getBytes(), Map.of()));
        for (String expected : List.of("m1", "m2")) {
            TransportOutbound r = call(PtpMethods.POP, Map.of(PtpHeaders.SESSION_ID, "s6"),
                    PopInbound.newBuilder().setTopic("t").setTimeout(5_000).build());
            assertEquals(expected, r.getPayload().toStringUtf8());
        }
    }

    @Test
    void aMessageAboveTheLimitIsRefusedByGrpcBeforeTheCoreSeesIt() {
        // the limit is the core's message limit plus 1 MiB for the envelope
        byte[] big = new byte[(int) queues.maxMessageBytes() + 2 * 1024 * 1024];
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(PtpMethods.PUSH,
                Map.of(PtpHeaders.SESSION_ID, "s5"), PushInbound.newBuilder().setTopic("t").setPayload(ByteString.copyFrom(big)).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertTrue(transport.sent.isEmpty());
    }

    /** Session queues in memory: what the core's queues do for one adapter, without limits or expiry. */
    static final class MemoryQueues implements SessionQueues {
        private final Map<String, ArrayDeque<PtpMessage>> queued = new HashMap<>();
        private final Map<String, List<CompletableFuture<Optional<PtpMessage>>>> waiters = new HashMap<>();

        private static String key(String session, String topic) {
            return session + "\u0000" + topic;
        }

        synchronized int waiting() {
            return waiters.values().stream().mapToInt(List::size).sum();
        }

        @Override
        public boolean push(PtpMessage m) {
            return deliver(m, false);
        }

        /** Hands {@code m} to the oldest waiting pop of its topic, else queues it at the tail or the head. */
        private boolean deliver(PtpMessage m, boolean atHead) {
            CompletableFuture<Optional<PtpMessage>> w = null;
            synchronized (this) {
                List<CompletableFuture<Optional<PtpMessage>>> ws = waiters.getOrDefault(key(m.sessionId(), m.topic()), new ArrayList<>());
                while (!ws.isEmpty() && (w == null || w.isDone())) {
                    w = ws.remove(0);
                }
                if (w == null || w.isDone()) {
                    ArrayDeque<PtpMessage> q = queued.computeIfAbsent(key(m.sessionId(), m.topic()), k -> new ArrayDeque<>());
                    if (atHead) {
                        q.addFirst(m);
                    } else {
                        q.add(m);
                    }
                    return true;
                }
            }
            w.complete(Optional.of(m));
            return true;
        }

        @Override
        public synchronized CompletionStage<Optional<PtpMessage>> pop(String sessionId, String topic, Duration timeout) {
            PtpMessage m = queued.getOrDefault(key(sessionId, topic), new ArrayDeque<>()).poll();
            if (m != null) {
                return CompletableFuture.completedFuture(Optional.of(m));
            }
            CompletableFuture<Optional<PtpMessage>> w = new CompletableFuture<>();
            waiters.computeIfAbsent(key(sessionId, topic), k -> new ArrayList<>()).add(w);
            w.completeOnTimeout(Optional.empty(), timeout.toMillis(), TimeUnit.MILLISECONDS);
            w.whenComplete((x, e) -> {
                synchronized (this) {
                    waiters.getOrDefault(key(sessionId, topic), new ArrayList<>()).remove(w);
                }
            });
            return w;
        }

        @Override
        public synchronized Optional<PtpMessage> peek(String sessionId, String topic) {
            return Optional.ofNullable(queued.getOrDefault(key(sessionId, topic), new ArrayDeque<>()).peek());
        }

        @Override
        public synchronized boolean release(String sessionId) {
            return queued.keySet().removeIf(k -> k.startsWith(sessionId + "\u0000"));
        }

        @Override
        public synchronized int size(String sessionId, String topic) {
            return queued.getOrDefault(key(sessionId, topic), new ArrayDeque<>()).size();
        }

        @Override
        public boolean requeue(PtpMessage m) {
            return deliver(m, true);
        }

        @Override
        public long maxMessageBytes() {
            return 64 * 1024;
        }
    }

    /** A transport that records what containers send and queues what peers send here. */
    static final class RecordingTransport implements Transport {
        final List<PtpMessage> sent = new CopyOnWriteArrayList<>();
        final List<PtpMessage> received = new CopyOnWriteArrayList<>();
        /** A message this answers with a refusal instead of queuing it, as a full session would. */
        volatile java.util.function.Predicate<PtpMessage> refuse = m -> false;
        /** Every receive waits for this first. */
        volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);
        private final SessionQueues queues;

        RecordingTransport(SessionQueues queues) {
            this.queues = queues;
        }

        @Override
        public TransportSession open(String sessionId, Map<String, String> metadata) {
            throw new UnsupportedOperationException("the gRPC adapter opens no sessions");
        }

        @Override
        public void send(PtpMessage message) {
            sent.add(message);
        }

        @Override
        public boolean receive(PtpMessage message) {
            hold.join();
            if (refuse.test(message)) {
                throw new io.hutong.api.transport.PtpException(PtpCodes.BUFFER_FULL, "session " + message.sessionId() + " buffers too much");
            }
            received.add(message);
            return queues.push(message);
        }

        @Override
        public CompletionStage<byte[]> roundtrip(byte[] payload, Map<String, String> metadata) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no roundtrips in this test"));
        }
    }

    /** The routing table of a node without routes. */
    record LocalOnly(String localNodeId) implements RoutingTable {
        @Override
        public Optional<Route> route(String nodeId) {
            return Optional.empty();
        }

        @Override
        public List<Route> routes() {
            return List.of();
        }

        @Override
        public void put(Route route) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(String nodeId) {
            return false;
        }
    }

    /** The component's defaults (no TLS listener). */
    static final class Config implements GrpcConfig {
        @Override
        public Class<? extends Annotation> annotationType() {
            return GrpcConfig.class;
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int tls_port() {
            return 0;
        }

        @Override
        public String tls_key__store() {
            return "";
        }

        @Override
        public String tls_key__store__password() {
            return "";
        }

        @Override
        public String tls_key__store__type() {
            return "";
        }

        @Override
        public String tls_trust__store() {
            return "";
        }

        @Override
        public String tls_trust__store__password() {
            return "";
        }

        @Override
        public String tls_trust__store__type() {
            return "";
        }

        @Override
        public String tls_client__auth() {
            return "none";
        }
    }
}
