/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client.impl;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;
import io.hutong.protocol.ptp.PeekInbound;
import io.hutong.protocol.ptp.PopInbound;
import io.hutong.protocol.ptp.PushInbound;
import io.hutong.protocol.ptp.ReleaseInbound;
import io.hutong.protocol.ptp.TransportOutbound;
import io.hutong.transport.client.PtpClientException;

/**
 * The container calls over gRPC, {@code org.ppc.ptp.PrivateTransferTransport} (spec 40 §3.3), with
 * the session's headers as call metadata, on one plaintext channel.
 */
public final class GrpcContainerCalls implements ContainerCalls {

    private static final String SERVICE = "org.ppc.ptp.PrivateTransferTransport";

    static final MethodDescriptor<PushInbound, TransportOutbound> PUSH = method("push", PushInbound.getDefaultInstance());
    static final MethodDescriptor<PopInbound, TransportOutbound> POP = method("pop", PopInbound.getDefaultInstance());
    static final MethodDescriptor<PeekInbound, TransportOutbound> PEEK = method("peek", PeekInbound.getDefaultInstance());
    static final MethodDescriptor<ReleaseInbound, TransportOutbound> RELEASE = method("release", ReleaseInbound.getDefaultInstance());

    static final MethodDescriptor<Inbound, Outbound> INVOKE = MethodDescriptor.<Inbound, Outbound>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("org.ppc.ptp.PrivateTransferProtocol", "invoke"))
            .setRequestMarshaller(ProtoUtils.marshaller(Inbound.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(Outbound.getDefaultInstance())).build();

    private static <Q extends Message> MethodDescriptor<Q, TransportOutbound> method(String name, Q request) {
        return MethodDescriptor.<Q, TransportOutbound>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(TransportOutbound.getDefaultInstance())).build();
    }

    private final ManagedChannel channel;
    private final String target;
    private final Duration callTimeout;

    public GrpcContainerCalls(String host, int port, Duration callTimeout, int maxMessageBytes) {
        this.target = host + ":" + port;
        this.callTimeout = callTimeout;
        this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                .maxInboundMessageSize(maxMessageBytes).maxInboundMetadataSize(64 * 1024).build();
    }

    @Override
    public Outcome push(Map<String, String> headers, String topic, byte[] payload, Map<String, String> metadata) {
        PushInbound req = PushInbound.newBuilder().setTopic(topic).setPayload(UnsafeByteOperations.unsafeWrap(payload))
                .putAllMetadata(metadata).build();
        return call(PUSH, headers, req, 0);
    }

    @Override
    public Outcome pop(Map<String, String> headers, String topic, long timeoutMs) {
        return call(POP, headers, PopInbound.newBuilder().setTopic(topic).setTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)).build(),
                timeoutMs);
    }

    @Override
    public Outcome peek(Map<String, String> headers, String topic) {
        return call(PEEK, headers, PeekInbound.newBuilder().setTopic(topic).build(), 0);
    }

    @Override
    public Outcome release(Map<String, String> headers, String topic, long timeoutMs) {
        return call(RELEASE, headers, ReleaseInbound.newBuilder().setTopic(topic).setTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)).build(),
                timeoutMs);
    }

    @Override
    public Outcome invoke(Map<String, String> headers, byte[] payload, long timeoutMs) {
        Outbound out = blocking(INVOKE, headers, Inbound.newBuilder().putAllMetadata(headers)
                .setPayload(UnsafeByteOperations.unsafeWrap(payload)).build(), timeoutMs);
        return new Outcome(out.getCode(), out.getMessage(), out.getPayload().toByteArray());
    }

    private <Q> Outcome call(MethodDescriptor<Q, TransportOutbound> m, Map<String, String> headers, Q req, long waitMs) {
        TransportOutbound out = blocking(m, headers, req, waitMs);
        byte[] content = out.getPayload().isEmpty() ? null : out.getPayload().toByteArray();
        return new Outcome(out.getCode(), out.getMessage(), content);
    }

    private <Q, R> R blocking(MethodDescriptor<Q, R> m, Map<String, String> headers, Q req, long waitMs) {
        Metadata md = new Metadata();
        headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        try {
            return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md)), m,
                    CallOptions.DEFAULT.withDeadlineAfter(callTimeout.toMillis() + waitMs, TimeUnit.MILLISECONDS), req);
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    /** A gRPC failure is not a transport answer; it gets the transport code that says what happened. */
    private PtpClientException failure(StatusRuntimeException e) {
        String what = m(e) + " (gRPC " + e.getStatus().getCode() + ")";
        return switch (e.getStatus().getCode()) {
            case UNAVAILABLE -> new PtpClientException(PtpClientException.UNREACHABLE, target + " unreachable: " + what, e);
            case DEADLINE_EXCEEDED -> new PtpClientException(PtpClientException.TIMEOUT, "no answer from " + target + " in time: " + what, e);
            case RESOURCE_EXHAUSTED -> new PtpClientException(PtpClientException.TOO_LARGE, "message too large for " + target + ": " + what, e);
            case UNIMPLEMENTED -> new PtpClientException(PtpClientException.NOT_FOUND, target + " does not serve this PTP method: " + what, e);
            case PERMISSION_DENIED, UNAUTHENTICATED -> new PtpClientException(PtpClientException.FORBIDDEN, what, e);
            case INVALID_ARGUMENT -> new PtpClientException(PtpClientException.BAD_REQUEST, what, e);
            case CANCELLED -> new PtpClientException(PtpClientException.TIMEOUT, "call cancelled: " + what, e);
            default -> new PtpClientException(PtpClientException.SYSTEM_ERROR, what, e);
        };
    }

    private static String m(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        return d == null ? String.valueOf(e.getStatus().getCause()) : d;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
