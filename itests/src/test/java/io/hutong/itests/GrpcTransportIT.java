/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static io.hutong.itests.TransportNodes.popJson;
import static io.hutong.itests.TransportNodes.pushJson;
import static io.hutong.itests.TransportNodes.route;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.hutong.itests.TransportNodes.Node;
import io.hutong.itests.TransportNodes.Reply;
import io.hutong.transport.client.PtpClient;
import io.hutong.transport.client.PtpClientException;
import io.hutong.transport.client.PtpSession;

/**
 * The PTP transport over gRPC between two real nodes: a plain grpc-java client (no Hutong code, no
 * generated classes: the standard's method names and hand-encoded messages) drives the container
 * service, peers stream to each other, and a 3 000-message stream survives swapping the gRPC
 * adapter on both nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcTransportIT {

    @TempDir
    static Path tmp;

    private TransportNodes nodes;
    private Node alice;
    private Node bob;
    private ManagedChannel toAlice;
    private ManagedChannel toBob;

    /** Messages as bytes: the test encodes and decodes the protobuf itself. */
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private static MethodDescriptor<byte[], byte[]> method(String fullName, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type).setFullMethodName(fullName)
                .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
    }

    static final MethodDescriptor<byte[], byte[]> PUSH = method("org.ppc.ptp.PrivateTransferTransport/push", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<byte[], byte[]> POP = method("org.ppc.ptp.PrivateTransferTransport/pop", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<byte[], byte[]> PEEK = method("org.ppc.ptp.PrivateTransferTransport/peek", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<byte[], byte[]> RELEASE = method("org.ppc.ptp.PrivateTransferTransport/release", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<byte[], byte[]> TRANSPORT = method("org.ppc.ptp.PrivateTransferProtocol/transport", MethodDescriptor.MethodType.BIDI_STREAMING);

    @BeforeAll
    void startTwoNodes() throws Exception {
        nodes = new TransportNodes(tmp);
        Node[] pair = nodes.startBoth("alice", "bob");
        alice = pair[0];
        bob = pair[1];
        toAlice = NettyChannelBuilder.forAddress("127.0.0.1", TransportNodes.grpcPort(alice)).usePlaintext().maxInboundMessageSize(256 << 20).build();
        toBob = NettyChannelBuilder.forAddress("127.0.0.1", TransportNodes.grpcPort(bob)).usePlaintext().maxInboundMessageSize(256 << 20).build();
        Reply r = TransportNodes.send(alice.adminUrl("/v1/admin/routes/bob"), "PUT", Map.of(), "application/json",
                ("{\"address\":\"127.0.0.1:" + TransportNodes.grpcPort(bob) + "\",\"protocol\":\"grpc\"}").getBytes());
        assertEquals(200, r.status());
    }

    @AfterAll
    void stopNodes() {
        if (toAlice != null) {
            toAlice.shutdownNow();
            toBob.shutdownNow();
        }
        nodes.close();
    }

    private static byte[] call(ManagedChannel ch, MethodDescriptor<byte[], byte[]> m, Map<String, String> headers, byte[] req) {
        Metadata md = new Metadata();
        headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(md)),
                m, CallOptions.DEFAULT.withDeadlineAfter(400, TimeUnit.SECONDS), req); // generous: loaded CI machines
    }

    private static byte[] popInbound(String topic, int timeoutMs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Proto.field(1, topic.getBytes()));
        out.write(0x10);
        Proto.varint(out, timeoutMs);
        return out.toByteArray();
    }

    @Test
    @Order(1)
    void aPlainGrpcContainerPushesOnAliceAndPopsOnBob() throws Exception {
        Map<String, String> h = Map.of("x-ptp-session-id", "session_job-g", "x-ptp-target-node-id", "bob",
                "x-ptp-tech-provider-code", "plain-grpc", "x-ptp-trace-id", "tr", "x-ptp-token", "tk");
        // PushInbound{topic=1, payload=2}; TransportOutbound{metadata=1, payload=2, code=3, message=4}
        byte[] out = call(toAlice, PUSH, h, Proto.concat(Proto.field(1, "g".getBytes()), Proto.field(2, "over grpc".getBytes())));
        assertEquals("E0000000000", Proto.string(out, 3));
        assertEquals("success", Proto.string(out, 4));
        // delivered at the first attempt: the forward is not tied to the container's call, which ends first
        JsonNode box = NodeProcess.until("alice delivered to bob", NodeProcess.EFFECT, () -> TransportNodes.outboxCounters(alice, "bob"),
                b -> b.path("delivered").asInt() >= 1);
        assertEquals(1, box.path("delivered").asInt(), box.toString());
        assertEquals(0, box.path("retries").asInt(), box.toString());

        Map<String, String> at = Map.of("x-ptp-session-id", "session_job-g");
        byte[] popped = call(toBob, POP, at, popInbound("g", 10_000));
        assertEquals("E0000000000", Proto.string(popped, 3));
        assertEquals("over grpc", Proto.string(popped, 2));

        call(toAlice, PUSH, h, Proto.concat(Proto.field(1, "g".getBytes()), Proto.field(2, "peeked".getBytes())));
        byte[] peek = null;
        for (int i = 0; i < 100 && (peek == null || Proto.bytes(peek, 2) == null); i++) {
            peek = call(toBob, PEEK, at, Proto.field(1, "g".getBytes()));
        }
        assertEquals("peeked", Proto.string(peek, 2));
        assertEquals("peeked", Proto.string(call(toBob, POP, at, popInbound("g", 1000)), 2));

        long start = System.nanoTime();
        byte[] empty = call(toBob, POP, at, popInbound("g", 500));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 450);
        assertEquals("E0000000000", Proto.string(empty, 3));
        assertNull(Proto.bytes(empty, 2));

        assertEquals("E0000000000", Proto.string(call(toBob, RELEASE, at, new byte[0]), 3));
        assertEquals("E0000000608", Proto.string(call(toBob, POP, at, popInbound("g", 100)), 3));
    }

    @Test
    @Order(2)
    void failuresAreTransportCodesNotGrpcErrors() {
        byte[] noSession = call(toAlice, PUSH, Map.of("x-ptp-target-node-id", "bob"), Proto.field(2, "x".getBytes()));
        assertEquals("E0000000400", Proto.string(noSession, 3));
        assertTrue(Proto.string(noSession, 4).contains("x-ptp-session-id"));
        byte[] unknown = call(toAlice, PUSH, Map.of("x-ptp-session-id", "s", "x-ptp-target-node-id", "nobody"), Proto.field(2, "x".getBytes()));
        assertEquals("E0000000618", Proto.string(unknown, 3));
    }

    @Test
    @Order(3)
    void aPeerStreamsPassthroughMessagesOverTransportInOrder() throws Exception {
        Metadata md = new Metadata();
        Map.of("x-ptp-version", "1", "x-ptp-session-id", "s-stream", "x-ptp-topic", "t", "x-ptp-target-node-id", "bob",
                "x-ptp-source-node-id", "peer").forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        List<String> codes = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
                ClientInterceptors.intercept(toBob, MetadataUtils.newAttachHeadersInterceptor(md)).newCall(TRANSPORT, CallOptions.DEFAULT),
                new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] outbound) {
                        codes.add(Proto.string(outbound, 3));
                    }

                    @Override
                    public void onError(Throwable t) {
                        codes.add("error " + t);
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        for (int i = 0; i < 500; i++) {
            // Inbound{metadata=1, payload=2}
            requests.onNext(Proto.field(2, ("s" + i).getBytes()));
        }
        requests.onCompleted();
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(500, codes.size(), "one Outbound per Inbound");
        assertTrue(codes.stream().allMatch("E0000000000"::equals), codes.toString());
        for (int i = 0; i < 500; i++) {
            assertEquals("s" + i, new String(popJson(bob, "s-stream", "t", 5000).content(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(4)
    void aFiveMebibyteMessageCrossesOverGrpc() {
        byte[] payload = new byte[5 * 1024 * 1024];
        new java.util.Random(5).nextBytes(payload);
        byte[] out = call(toAlice, PUSH, Map.of("x-ptp-session-id", "s-5m", "x-ptp-target-node-id", "bob"),
                Proto.concat(Proto.field(1, "t".getBytes()), Proto.field(2, payload)));
        assertEquals("E0000000000", Proto.string(out, 3));
        byte[] popped = call(toBob, POP, Map.of("x-ptp-session-id", "s-5m"), popInbound("t", 30_000));
        assertArrayEquals(payload, Proto.bytes(popped, 2));
    }

    @Test
    @Order(5)
    void aStreamSurvivesSwappingBothGrpcAdapters() throws Exception {
        // 600 messages, each adapter swapped while the stream runs (at 20 % and 50 %); the count only costs time (TESTS7)
        int total = 600;
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        Thread consumer = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(900); // generous: 3 252 messages took 240 s on a loaded machine
            while (received.size() < total && System.nanoTime() < deadline) {
                Reply r = popJson(bob, "s-gswap", "t", 2000);
                if (r.status() == 200 && "E0000000000".equals(r.code()) && r.content() != null) {
                    received.add(new String(r.content(), StandardCharsets.UTF_8));
                }
            }
        });
        consumer.start();
        for (int i = 0; i < total; i++) {
            if (i == 120) {
                TransportIT.updateBundle(bob, "io.hutong.transport.grpc");
            }
            if (i == 300) {
                TransportIT.updateBundle(alice, "io.hutong.transport.grpc");
            }
            Reply r = pushJson(alice, "s-gswap", "bob", "t", ("m-" + i).getBytes(), Map.of("x-ptp-message-id", "g-" + i));
            assertEquals("E0000000000", r.code(), "pushes to alice's HTTP API go on while the gRPC adapters are replaced");
        }
        consumer.join(250_000);
        List<String> got = new ArrayList<>(received);
        assertEquals(total, got.size(), "every message arrives exactly once");
        for (int i = 0; i < total; i++) {
            assertEquals("m-" + i, got.get(i), "in order");
        }
    }

    @Test
    @Order(6)
    void theClientLibraryPushesOnAliceAndPopsOnBobOverGrpc() throws Exception {
        try (PtpClient a = PtpClient.connect("grpc://127.0.0.1:" + TransportNodes.grpcPort(alice));
             PtpClient b = PtpClient.connect("grpc://127.0.0.1:" + TransportNodes.grpcPort(bob))) {
            PtpSession out = a.open("session_job-client", Map.of("x-ptp-target-node-id", "bob", "x-ptp-token", "tk",
                    "x-ptp-trace-id", "tr", "x-ptp-tech-provider-code", "hutong-itest"));
            PtpSession in = b.open("session_job-client", Map.of());
            out.push("over grpc, by the library".getBytes(), "host.0-guest.0");
            assertEquals("over grpc, by the library", new String(in.pop(Duration.ofSeconds(10), "host.0-guest.0").orElseThrow(),
                    StandardCharsets.UTF_8));
            out.push("peek".getBytes(), "host.0-guest.0");
            byte[] peeked = NodeProcess.until("a message to peek", NodeProcess.EFFECT, () -> in.peek("host.0-guest.0").orElse(null), m -> m != null);
            assertEquals("peek", new String(peeked, StandardCharsets.UTF_8));
            assertEquals("peek", new String(in.pop(Duration.ofSeconds(5), "host.0-guest.0").orElseThrow(), StandardCharsets.UTF_8));
            assertTrue(in.pop(Duration.ofMillis(300), "host.0-guest.0").isEmpty());

            PtpClientException unknown = assertThrows(PtpClientException.class,
                    () -> a.open("s", Map.of("x-ptp-target-node-id", "nobody")).push("x".getBytes(), "t"));
            assertEquals("E0000000618", unknown.code());
            assertTrue(unknown.reason().contains("nobody"));
            assertEquals("E0000000400", assertThrows(PtpClientException.class,
                    () -> a.open("s", Map.of()).push("x".getBytes(), "t")).code());
            in.release();
            assertEquals("E0000000608", assertThrows(PtpClientException.class, () -> in.peek("host.0-guest.0")).code());
        }
        // the reference SDK's form: the address in the session metadata
        try (PtpSession s = PtpClient.openSession("s-sdk", Map.of(PtpClient.ADDRESS, "grpc://127.0.0.1:" + TransportNodes.grpcPort(bob),
                "x-ptp-target-node-id", "bob"))) {
            s.push("to myself".getBytes(), "t");
            assertEquals("to myself", new String(s.pop(Duration.ofSeconds(5), "t").orElseThrow(), StandardCharsets.UTF_8));
        }
        try (PtpClient nowhere = PtpClient.connect("grpc://127.0.0.1:" + NodeOptions.freePort())) {
            assertEquals("E0000000607", assertThrows(PtpClientException.class,
                    () -> nowhere.open("s", Map.of("x-ptp-target-node-id", "bob")).push(new byte[1], "t")).code());
        }
    }

    @Test
    @Order(7)
    void aHundredMebibyteMessageCrossesOverGrpc() throws Exception {
        byte[] payload = new byte[100 * 1024 * 1024];
        new java.util.Random(100).nextBytes(payload);
        try (PtpClient a = PtpClient.connect("grpc://127.0.0.1:" + TransportNodes.grpcPort(alice));
             PtpClient b = PtpClient.connect("grpc://127.0.0.1:" + TransportNodes.grpcPort(bob))) {
            a.open("s-100m", Map.of("x-ptp-target-node-id", "bob")).push(payload, "big");
            assertArrayEquals(payload, b.open("s-100m", Map.of()).pop(Duration.ofSeconds(120), "big").orElseThrow());
        }
    }

    @Test
    @Order(8)
    void aMessageOverTheSizeLimitIsRefusedWith413OverGrpc() throws Exception {
        // a plain client, so the node's own answer is seen: TransportOutbound.code = E0000000413
        byte[] out = call(toAlice, PUSH, Map.of("x-ptp-session-id", "s-over", "x-ptp-target-node-id", "bob"),
                Proto.concat(Proto.field(1, "t".getBytes()), Proto.field(2, new byte[128 * 1024 * 1024 + 1])));
        assertEquals("E0000000413", Proto.string(out, 3), Proto.string(out, 4));
        assertTrue(Proto.string(out, 4).contains(String.valueOf(128 * 1024 * 1024)), Proto.string(out, 4));
        try (PtpClient a = PtpClient.connect("grpc://127.0.0.1:" + TransportNodes.grpcPort(alice))) {
            PtpClientException e = assertThrows(PtpClientException.class,
                    () -> a.open("s-over", Map.of("x-ptp-target-node-id", "bob")).push(new byte[128 * 1024 * 1024 + 1], "t"));
            assertEquals("E0000000413", e.code());
        }
        assertNull(popJson(bob, "s-over", "t", 1000).content(), "nothing reached bob");
    }

    @Test
    @Order(9)
    void aGrpcPopWaitingWhileTheGrpcAdapterIsReplacedIsAnsweredAndTakesNoMessage() throws Exception {
        Map<String, String> at = Map.of("x-ptp-session-id", "s-gorphan");
        int before = TransportNodes.waitingPops(bob);
        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> call(toBob, POP, at, popInbound("t", 240_000)));
        TransportNodes.awaitWaitingPops(bob, before + 1); // the pop now waits in bob's queue
        TransportIT.updateBundle(bob, "io.hutong.transport.grpc");
        // answered in-band before the server goes, not cancelled with it
        byte[] first = waiting.get(180, TimeUnit.SECONDS); // well before the pop's own 240 s
        assertEquals("E0000000602", Proto.string(first, 3));
        // pushed through bob's HTTP API (not replaced), popped through the new gRPC adapter
        assertEquals("E0000000000", pushJson(bob, "s-gorphan", "bob", "t", "after the swap".getBytes(), Map.of()).code());
        String got = null;
        for (int i = 0; i < 60 && got == null; i++) {
            try {
                byte[] r = call(toBob, POP, at, popInbound("t", 1000));
                got = "E0000000000".equals(Proto.string(r, 3)) && Proto.bytes(r, 2) != null ? Proto.string(r, 2) : null;
            } catch (io.grpc.StatusRuntimeException e) {
                Thread.sleep(500); // the new adapter is still starting
            }
        }
        assertEquals("after the swap", got);
    }
}
