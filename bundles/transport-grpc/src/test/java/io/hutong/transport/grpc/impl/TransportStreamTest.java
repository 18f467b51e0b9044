/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;

/**
 * The {@code transport} stream between a {@link TransportStream} and a real {@link GrpcTransportServer}
 * on loopback (decisions WIN4, WIN5): the listener says it keeps lanes in order, refuses a lane's
 * followers after a refusal until the lane restarts, lets no message speak for another node than
 * the stream's headers say, and a broken stream fails what it had not answered.
 */
class TransportStreamTest {

    private static final Route BOB = new Route("bob", "127.0.0.1:1", "grpc", null, null);

    private final GrpcTransportServerTest.MemoryQueues queues = new GrpcTransportServerTest.MemoryQueues();
    private final GrpcTransportServerTest.RecordingTransport transport = new GrpcTransportServerTest.RecordingTransport(queues);
    private GrpcTransportServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        server = new GrpcTransportServer(transport, queues, new GrpcTransportServerTest.LocalOnly("bob"),
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), new GrpcTransportServerTest.Config(), null);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        transport.hold.complete(null);
        channel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        server.deactivate();
    }

    /** A passthrough message of session {@code s}, topic t, whose payload and id are {@code text}. */
    private static PtpMessage message(String session, String text) {
        return new PtpMessage(session + "-" + text, session, "t", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static Inbound.Builder inbound(Route route, PtpMessage m) {
        return Inbound.newBuilder().putMetadata(PtpHeaders.SESSION_ID, m.sessionId()).putMetadata(PtpHeaders.TOPIC, m.topic())
                .putMetadata(PtpHeaders.MESSAGE_ID, m.messageId()).putMetadata(PtpHeaders.TARGET_NODE_ID, route.nodeId())
                .setPayload(ByteString.copyFrom(m.payload()));
    }

    private TransportStream open() {
        TransportStream stream = new TransportStream(channel, TransportStreamTest::inbound,
                status -> new PtpException(PtpCodes.UNREACHABLE, "stream ended: " + status), s -> { });
        await().atMost(Duration.ofSeconds(30)).until(stream::usable);
        return stream;
    }

    private static String code(CompletableFuture<Void> answer) throws Exception {
        try {
            answer.get(30, TimeUnit.SECONDS);
            return PtpCodes.OK;
        } catch (ExecutionException e) {
            return assertInstanceOf(PtpException.class, e.getCause()).code();
        }
    }

    private List<String> queued(String session) {
        return transport.received.stream().filter(m -> m.sessionId().equals(session))
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void theListenerTakesNothingOfALaneAfterARefusalUntilTheSenderRestartsIt() throws Exception {
        TransportStream stream = open();
        transport.refuse = m -> "a-2".equals(m.messageId());
        CompletableFuture<Void> one = stream.deliver(BOB, message("a", "1"), false).toCompletableFuture();
        CompletableFuture<Void> two = stream.deliver(BOB, message("a", "2"), false).toCompletableFuture();
        CompletableFuture<Void> three = stream.deliver(BOB, message("a", "3"), false).toCompletableFuture();
        CompletableFuture<Void> other = stream.deliver(BOB, message("b", "1"), false).toCompletableFuture();
        assertEquals(PtpCodes.OK, code(one));
        assertEquals(PtpCodes.BUFFER_FULL, code(two), "the session is full");
        assertEquals(PtpCodes.SYSTEM_ERROR, code(three), "refused behind message 2, with a code the sender retries");
        assertEquals(PtpCodes.OK, code(other), "another session is not held back");
        assertEquals(PtpCodes.SYSTEM_ERROR, code(stream.deliver(BOB, message("a", "4"), false).toCompletableFuture()),
                "still refused: the sender has not restarted the lane");
        assertEquals(List.of("1"), queued("a"));

        transport.refuse = m -> false;
        assertEquals(PtpCodes.OK, code(stream.deliver(BOB, message("a", "2"), true).toCompletableFuture()));
        assertEquals(PtpCodes.OK, code(stream.deliver(BOB, message("a", "3"), false).toCompletableFuture()));
        assertEquals(List.of("1", "2", "3"), queued("a"), "in order, without a gap");
        assertFalse(transport.received.get(1).metadata().containsKey(TransportStream.RESTART), "the mark is not queued with the message");
    }

    @Test
    void aMessageOnAStreamCannotSpeakForAnotherNodeThanTheStreamsHeadersNorInheritAnothersHeaders() throws Exception {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of(PtpHeaders.SOURCE_NODE_ID, Metadata.ASCII_STRING_MARSHALLER), "alice");
        LinkedBlockingQueue<Outbound> answers = new LinkedBlockingQueue<>();
        StreamObserver<Inbound> requests = ClientCalls.asyncBidiStreamingCall(
                io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md))
                        .newCall(PtpMethods.TRANSPORT, io.grpc.CallOptions.DEFAULT), new StreamObserver<>() {
                    @Override
                    public void onNext(Outbound value) {
                        answers.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(inbound(BOB, message("s1", "claims carol")).putMetadata(PtpHeaders.SOURCE_NODE_ID, "carol")
                .putMetadata(PtpHeaders.TRACE_ID, "tr-1").build());
        requests.onNext(inbound(BOB, message("s2", "says nothing")).build());
        assertEquals(PtpCodes.OK, answers.poll(30, TimeUnit.SECONDS).getCode());
        assertEquals(PtpCodes.OK, answers.poll(30, TimeUnit.SECONDS).getCode());
        requests.onCompleted();
        PtpMessage first = transport.received.get(0);
        PtpMessage second = transport.received.get(1);
        assertEquals("alice", first.metadata().get(PtpHeaders.SOURCE_NODE_ID), "the stream's header wins over the message's");
        assertEquals("tr-1", first.metadata().get(PtpHeaders.TRACE_ID), "what the stream's headers do not say, the message adds");
        assertEquals("alice", second.metadata().get(PtpHeaders.SOURCE_NODE_ID));
        assertNull(second.metadata().get(PtpHeaders.TRACE_ID), "nothing carries over from the message before");
    }

    @Test
    void aBrokenStreamFailsEveryMessageItHadNotAnsweredAsUnreachableAndTakesNoMore() throws Exception {
        TransportStream stream = open();
        transport.hold = new CompletableFuture<>(); // bob takes the first message and answers nothing yet
        List<CompletableFuture<Void>> sent = List.of(stream.deliver(BOB, message("a", "1"), false).toCompletableFuture(),
                stream.deliver(BOB, message("a", "2"), false).toCompletableFuture(),
                stream.deliver(BOB, message("b", "1"), false).toCompletableFuture());
        stream.cancel("test breaks the stream");
        for (CompletableFuture<Void> answer : sent) {
            assertEquals(PtpCodes.UNREACHABLE, code(answer));
        }
        assertTrue(stream.ended());
        assertFalse(stream.usable());
        assertEquals(PtpCodes.UNREACHABLE, code(stream.deliver(BOB, message("a", "3"), false).toCompletableFuture()),
                "a broken stream is not reopened");
    }
}
