/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import java.time.Duration;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.dialect.ChannelCall;
import io.hutong.api.transport.dialect.ChannelReply;
import io.hutong.api.transport.dialect.ChannelRequest;
import io.hutong.api.transport.dialect.ContainerDialect;
import io.hutong.api.transport.dialect.EncodedReply;
import io.hutong.protocol.ptp.PeekInbound;
import io.hutong.protocol.ptp.PopInbound;
import io.hutong.protocol.ptp.PushInbound;
import io.hutong.protocol.ptp.ReleaseInbound;
import io.hutong.protocol.ptp.TransportOutbound;

/**
 * The standard's container API bodies (spec 40 §3.2, §5.1): {@code application/json} with base64
 * byte fields, and {@code application/x-protobuf} with the {@code PrivateTransferTransport}
 * messages. It matches every request, so it answers whatever no other dialect claims.
 */
@Component(property = {ContainerDialect.NAME + "=standard", "service.ranking:Integer=0"})
public class StandardDialect implements ContainerDialect {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    static boolean isProtobuf(String contentType) {
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith(PROTOBUF) || ct.startsWith("application/protobuf") || ct.startsWith("application/grpc");
    }

    static boolean isJson(String contentType) {
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith(JSON) || ct.contains("+json") || ct.startsWith("text/json");
    }

    @Override
    public boolean matches(ChannelRequest request) {
        return true;
    }

    @Override
    public ChannelCall decode(ChannelRequest r) {
        if (isProtobuf(r.contentType())) {
            return decodeProtobuf(r);
        }
        if (isJson(r.contentType()) || r.body().length == 0) {
            JsonNode n = Json.read(r.body());
            return switch (r.operation()) {
                case "push" -> new ChannelCall(Json.text(n, "topic"), Json.bytes(n, "payload"), Json.map(n, "metadata"), null);
                case "pop", "release" -> new ChannelCall(Json.text(n, "topic"), null, null, Json.millis(n, "timeout"));
                default -> new ChannelCall(Json.text(n, "topic"), null, null, null);
            };
        }
        throw new PtpException(PtpCodes.CODEC, "unsupported Content-Type " + r.contentType()
                + "; use application/json or application/x-protobuf");
    }

    private static ChannelCall decodeProtobuf(ChannelRequest r) {
        try {
            return switch (r.operation()) {
                case "push" -> {
                    PushInbound p = PushInbound.parseFrom(ChannelService.aliasing(r.body()));
                    yield new ChannelCall(p.getTopic(), p.getPayload().toByteArray(), p.getMetadataMap(), null);
                }
                case "pop" -> {
                    PopInbound p = PopInbound.parseFrom(r.body());
                    yield new ChannelCall(p.getTopic(), null, null, p.getTimeout() > 0 ? Duration.ofMillis(p.getTimeout()) : null);
                }
                case "release" -> {
                    ReleaseInbound p = ReleaseInbound.parseFrom(r.body());
                    yield new ChannelCall(p.getTopic(), null, null, p.getTimeout() > 0 ? Duration.ofMillis(p.getTimeout()) : null);
                }
                default -> new ChannelCall(PeekInbound.parseFrom(r.body()).getTopic(), null, null, null);
            };
        } catch (java.io.IOException e) {
            throw new PtpException(PtpCodes.CODEC, "body is not a protobuf " + messageName(r.operation()) + ": " + e.getMessage());
        }
    }

    private static String messageName(String op) {
        return switch (op) {
            case "push" -> "PushInbound";
            case "pop" -> "PopInbound";
            case "release" -> "ReleaseInbound";
            default -> "PeekInbound";
        };
    }

    @Override
    public EncodedReply encode(ChannelRequest request, ChannelReply reply) {
        if (isProtobuf(request.contentType())) {
            TransportOutbound.Builder b = TransportOutbound.newBuilder().setCode(reply.code()).setMessage(reply.message());
            if (reply.content() != null) {
                b.setPayload(com.google.protobuf.UnsafeByteOperations.unsafeWrap(reply.content()));
            }
            return new EncodedReply(PROTOBUF, b.build().toByteArray());
        }
        return new EncodedReply(JSON, Json.reply(reply.code(), reply.message(), reply.content()));
    }
}
