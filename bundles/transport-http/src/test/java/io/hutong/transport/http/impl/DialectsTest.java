/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.dialect.ChannelCall;
import io.hutong.api.transport.dialect.ChannelReply;
import io.hutong.api.transport.dialect.ChannelRequest;
import io.hutong.api.transport.dialect.EncodedReply;
import io.hutong.protocol.ptp.PopInbound;
import io.hutong.protocol.ptp.PushInbound;

class DialectsTest {

    private final StandardDialect standard = new StandardDialect();
    private final SecretFlowDialect secretflow = new SecretFlowDialect();

    private static ChannelRequest req(String op, Map<String, String> headers, String contentType, byte[] body) {
        return new ChannelRequest(op, headers, Map.of(), contentType, body);
    }

    @Test
    void secretFlowContainersAreRecognisedByTheirHeaderOrARawPush() {
        assertTrue(secretflow.matches(req("pop", Map.of("x-ptp-tecn-provider-code", "SecretFlow"), "", new byte[0])));
        assertTrue(secretflow.matches(req("push", Map.of(), "", new byte[] {1})));
        assertFalse(secretflow.matches(req("push", Map.of(), "application/json", "{}".getBytes())));
        assertFalse(secretflow.matches(req("pop", Map.of(), "", new byte[0])), "an empty standard pop stays standard");
    }

    @Test
    void secretFlowRepliesUseTheKusciaNumbering() {
        EncodedReply r = secretflow.encode(req("pop", Map.of(), "", new byte[0]), new ChannelReply("E0000000000", "success", new byte[] {7}));
        // payload = field 1 (0x0a), code = field 2 (0x12), message = field 3 (0x1a)
        assertEquals("0a0107" + "120b" + HexFormat.of().formatHex("E0000000000".getBytes()) + "1a07"
                + HexFormat.of().formatHex("success".getBytes()), HexFormat.of().formatHex(r.body()));
        assertEquals("application/x-protobuf", r.contentType());
    }

    @Test
    void standardProtobufRepliesUseTheStandardNumbering() throws Exception {
        EncodedReply r = standard.encode(req("pop", Map.of(), "application/x-protobuf", new byte[0]),
                new ChannelReply("E0000000000", "success", new byte[] {7}));
        // payload = field 2 (0x12), code = field 3 (0x1a), message = field 4 (0x22)
        assertEquals("120107" + "1a0b" + HexFormat.of().formatHex("E0000000000".getBytes()) + "2207"
                + HexFormat.of().formatHex("success".getBytes()), HexFormat.of().formatHex(r.body()));
    }

    @Test
    void standardJsonCarriesBase64AndMillisecondTimeouts() {
        ChannelCall push = standard.decode(req("push", Map.of(), "application/json",
                "{\"payload\":\"aGk=\",\"topic\":\"t\",\"metadata\":{\"k\":\"v\"}}".getBytes()));
        assertArrayEquals("hi".getBytes(), push.payload());
        assertEquals("t", push.topic());
        assertEquals("v", push.metadata().get("k"));
        assertEquals(Duration.ofMillis(1500), standard.decode(req("pop", Map.of(), "application/json", "{\"timeout\":1500}".getBytes())).timeout());
        assertEquals(Duration.ofMillis(20), standard.decode(req("pop", Map.of(), "application/json", "{\"timeout\":\"20\"}".getBytes())).timeout());
        assertNull(standard.decode(req("pop", Map.of(), "application/json", "{}".getBytes())).timeout());
        String json = new String(standard.encode(req("pop", Map.of(), "application/json", new byte[0]),
                new ChannelReply("E0000000000", "success", "hi".getBytes())).body(), StandardCharsets.UTF_8);
        assertEquals("{\"code\":\"E0000000000\",\"message\":\"success\",\"content\":\"aGk=\"}", json);
    }

    @Test
    void standardProtobufBodiesAreTheStandardMessages() {
        byte[] body = PushInbound.newBuilder().setTopic("t").setPayload(com.google.protobuf.ByteString.copyFromUtf8("x")).build().toByteArray();
        ChannelCall c = standard.decode(req("push", Map.of(), "application/x-protobuf", body));
        assertEquals("t", c.topic());
        assertArrayEquals("x".getBytes(), c.payload());
        assertEquals(Duration.ofMillis(900), standard.decode(req("pop", Map.of(), "application/x-protobuf",
                PopInbound.newBuilder().setTimeout(900).build().toByteArray())).timeout());
    }

    @Test
    void garbageBodiesAreDecodeErrors() {
        PtpException json = assertThrows(PtpException.class, () -> standard.decode(req("push", Map.of(), "application/json", "{nope".getBytes())));
        assertEquals(PtpCodes.CODEC, json.code());
        PtpException b64 = assertThrows(PtpException.class, () -> standard.decode(req("push", Map.of(), "application/json", "{\"payload\":\"***\"}".getBytes())));
        assertEquals(PtpCodes.CODEC, b64.code());
        assertTrue(b64.getMessage().contains("payload"));
        PtpException pb = assertThrows(PtpException.class, () -> standard.decode(req("push", Map.of(), "application/x-protobuf", new byte[] {(byte) 0xff, 1, 2})));
        assertEquals(PtpCodes.CODEC, pb.code());
        PtpException ct = assertThrows(PtpException.class, () -> standard.decode(req("push", Map.of(), "text/plain", "x".getBytes())));
        assertTrue(ct.getMessage().contains("text/plain"));
    }
}
