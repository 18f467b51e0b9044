/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;
import io.hutong.protocol.ptp.PeekInbound;
import io.hutong.protocol.ptp.PopInbound;
import io.hutong.protocol.ptp.PushInbound;
import io.hutong.protocol.ptp.ReleaseInbound;
import io.hutong.protocol.ptp.TransportOutbound;

/**
 * The six gRPC methods of spec 40 (§2.4 {@code org.ppc.ptp.PrivateTransferProtocol}, §3.3
 * {@code org.ppc.ptp.PrivateTransferTransport}) described directly on the messages of the
 * protocol bundle, so no generated stub has to share their Java package.
 */
final class PtpMethods {

    static final String PROTOCOL_SERVICE = "org.ppc.ptp.PrivateTransferProtocol";
    static final String TRANSPORT_SERVICE = "org.ppc.ptp.PrivateTransferTransport";

    static final MethodDescriptor<Inbound, Outbound> INVOKE = method(PROTOCOL_SERVICE, "invoke",
            MethodDescriptor.MethodType.UNARY, ProtoUtils.marshaller(Inbound.getDefaultInstance()),
            ProtoUtils.marshaller(Outbound.getDefaultInstance()));
    static final MethodDescriptor<Inbound, Outbound> TRANSPORT = method(PROTOCOL_SERVICE, "transport",
            MethodDescriptor.MethodType.BIDI_STREAMING, ProtoUtils.marshaller(Inbound.getDefaultInstance()),
            ProtoUtils.marshaller(Outbound.getDefaultInstance()));
    static final MethodDescriptor<PushInbound, TransportOutbound> PUSH = method(TRANSPORT_SERVICE, "push",
            MethodDescriptor.MethodType.UNARY, ProtoUtils.marshaller(PushInbound.getDefaultInstance()),
            ProtoUtils.marshaller(TransportOutbound.getDefaultInstance()));
    static final MethodDescriptor<PopInbound, TransportOutbound> POP = method(TRANSPORT_SERVICE, "pop",
            MethodDescriptor.MethodType.UNARY, ProtoUtils.marshaller(PopInbound.getDefaultInstance()),
            ProtoUtils.marshaller(TransportOutbound.getDefaultInstance()));
    static final MethodDescriptor<PeekInbound, TransportOutbound> PEEK = method(TRANSPORT_SERVICE, "peek",
            MethodDescriptor.MethodType.UNARY, ProtoUtils.marshaller(PeekInbound.getDefaultInstance()),
            ProtoUtils.marshaller(TransportOutbound.getDefaultInstance()));
    static final MethodDescriptor<ReleaseInbound, TransportOutbound> RELEASE = method(TRANSPORT_SERVICE, "release",
            MethodDescriptor.MethodType.UNARY, ProtoUtils.marshaller(ReleaseInbound.getDefaultInstance()),
            ProtoUtils.marshaller(TransportOutbound.getDefaultInstance()));

    private PtpMethods() {
    }

    private static <Q, R> MethodDescriptor<Q, R> method(String service, String name, MethodDescriptor.MethodType type,
                                                        MethodDescriptor.Marshaller<Q> req, MethodDescriptor.Marshaller<R> resp) {
        return MethodDescriptor.<Q, R>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller(req).setResponseMarshaller(resp).build();
    }
}
