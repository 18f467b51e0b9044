/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;

/**
 * A route in mode {@code encapsulation-json} speaks what FATE OSX's HTTP server reads (decision OSX1). The peer
 * here answers as that server was observed to (issue 12): it reads only JSON, takes the push from the base64 of a
 * JSON {@code {"topic", "payload": base64}} inside {@code {"payload"}}, answers {@code {"code": "E0000000000"}}, and
 * answers anything else with HTTP 200 and {@code {"code": "E0000000500"}}.
 */
class OsxJsonFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the OSX-like peer received: the headers and the message it decoded. */
    record Received(Headers headers, String topic, byte[] message) {
    }

    HttpServer osx;
    final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        osx = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        osx.createContext("/v1/interconn/chan/invoke", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            String answer;
            String type = x.getRequestHeaders().getFirst("Content-Type");
            try {
                if (type == null || !type.startsWith("application/json")) {
                    throw new IllegalArgumentException("not JSON");
                }
                JsonNode inbound = JSON.readTree(body);
                JsonNode push = JSON.readTree(Base64.getDecoder().decode(inbound.get("payload").asText()));
                received.add(new Received(x.getRequestHeaders(), push.get("topic").asText(),
                        Base64.getDecoder().decode(push.get("payload").asText())));
                answer = "{\"code\":\"E0000000000\",\"message\":\"success\"}";
            } catch (RuntimeException | java.io.IOException e) {
                answer = "{\"code\":\"E0000000500\",\"message\":\"" + e.getClass().getSimpleName() + "\"}";
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, out.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(out);
            }
        });
        osx.start();
    }

    @AfterEach
    void stop() {
        osx.stop(0);
    }

    private Route route(String mode) {
        return new Route("osx-node", "127.0.0.1:" + osx.getAddress().getPort(), Route.HTTP, mode, null);
    }

    private static PtpMessage message(byte[] payload) {
        return new PtpMessage("m-1", "session-1", "psi.round.1", payload, Map.of(PtpHeaders.TARGET_NODE_ID, "osx-node",
                PtpHeaders.SOURCE_NODE_ID, "alice"));
    }

    @Test
    void aJsonRouteDeliversWhatOsxReadsWithItsHeaders() throws Exception {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        new HttpPeerLink(HttpPeerLinkAnswersTest.PLAINTEXT).deliver(route(Route.ENCAPSULATION_JSON), message(binary))
                .toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertEquals(1, received.size());
        Received r = received.get(0);
        assertArrayEquals(binary, r.message(), "the message arrives byte for byte, base64-encoded twice on the way");
        assertEquals("psi.round.1", r.topic());
        assertEquals("application/json", r.headers().getFirst("Content-Type"));
        assertEquals("/org.ppc.ptp.PrivateTransferTransport/push", r.headers().getFirst("x-ptp-uri"));
        assertEquals("", r.headers().getFirst("x-ptp-version"), "empty, as OSX sends it");
        assertEquals("psi.round.1", r.headers().getFirst("x-ptp-topic"));
        assertEquals("session-1", r.headers().getFirst("x-ptp-session-id"));
        assertEquals("osx-node", r.headers().getFirst("x-ptp-target-node-id"));
        assertEquals("alice", r.headers().getFirst("x-ptp-source-node-id"));
        assertEquals("m-1", r.headers().getFirst("x-ptp-message-id"));
    }

    @Test
    void theStandardProtobufFormIsWhatOsxRefusesWithE500() {
        // why the mode exists: the default form gets OSX's E0000000500, which the sender shows (and retries)
        ExecutionException e = assertThrows(ExecutionException.class, () -> new HttpPeerLink(HttpPeerLinkAnswersTest.PLAINTEXT)
                .deliver(route(Route.ENCAPSULATION), message("x".getBytes())).toCompletableFuture().get(60, TimeUnit.SECONDS));
        PtpException p = assertInstanceOf(PtpException.class, e.getCause());
        assertEquals("E0000000500", p.code());
        assertTrue(p.getMessage().contains("node osx-node answered E0000000500"), p.getMessage());
        assertTrue(received.isEmpty());
    }

    @Test
    void aJsonModeIsRefusedForGrpcRoutes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Route("osx-node", "127.0.0.1:1", Route.GRPC, Route.ENCAPSULATION_JSON, null));
        assertTrue(e.getMessage().contains("encapsulation-json is a form of HTTP's invoke"), e.getMessage());
    }
}
