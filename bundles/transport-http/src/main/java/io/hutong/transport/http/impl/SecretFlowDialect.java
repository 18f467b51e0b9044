/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import org.osgi.service.component.annotations.Component;

import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.dialect.ChannelCall;
import io.hutong.api.transport.dialect.ChannelReply;
import io.hutong.api.transport.dialect.ChannelRequest;
import io.hutong.api.transport.dialect.ContainerDialect;
import io.hutong.api.transport.dialect.EncodedReply;
import io.hutong.protocol.ptp.secretflow.KusciaTransportOutbound;

/**
 * The SecretFlow container dialect (spec 52 §1, decision T10): push sends the raw message as the
 * body without Content-Type, the topic rides in {@code x-ptp-topic}, the provider header is spelt
 * {@code x-ptp-tecn-provider-code}, pop waits {@code ?timeout=} seconds, and replies are
 * {@code TransportOutbound} in the Kuscia numbering ({@code payload=1, code=2, message=3}).
 */
@Component(property = {ContainerDialect.NAME + "=secretflow", "service.ranking:Integer=100"})
public class SecretFlowDialect implements ContainerDialect {

    @Override
    public boolean matches(ChannelRequest r) {
        if (!r.header(PtpHeaders.TECN_PROVIDER_CODE).isEmpty()) {
            return true;
        }
        // without the telltale header: a raw body with no Content-Type can only be this dialect
        return r.contentType().isEmpty() && r.body().length > 0 && "push".equals(r.operation());
    }

    @Override
    public ChannelCall decode(ChannelRequest r) {
        return "push".equals(r.operation()) ? new ChannelCall("", r.body(), null, null) : new ChannelCall("", null, null, null);
    }

    @Override
    public EncodedReply encode(ChannelRequest request, ChannelReply reply) {
        KusciaTransportOutbound.Builder b = KusciaTransportOutbound.newBuilder().setCode(reply.code()).setMessage(reply.message());
        if (reply.content() != null) {
            b.setPayload(com.google.protobuf.UnsafeByteOperations.unsafeWrap(reply.content()));
        }
        return new EncodedReply(StandardDialect.PROTOBUF, b.build().toByteArray());
    }
}
