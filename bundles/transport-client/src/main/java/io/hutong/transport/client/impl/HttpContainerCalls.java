/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client.impl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;

import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.PeekInbound;
import io.hutong.protocol.ptp.PopInbound;
import io.hutong.protocol.ptp.PushInbound;
import io.hutong.protocol.ptp.ReleaseInbound;
import io.hutong.protocol.ptp.TransportOutbound;
import io.hutong.transport.client.PtpClientException;

/**
 * The container calls over HTTP, {@code POST /v1/interconn/chan/push|pop|peek|release} (spec 40
 * §3.2, §5.1), with {@code application/json} (base64 byte fields, timeout in ms) or
 * {@code application/x-protobuf} bodies and the session's headers as HTTP headers.
 */
public final class HttpContainerCalls implements ContainerCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOBUF_TYPE = "application/x-protobuf";

    private final HttpClient http;
    private final URI base;
    private final boolean protobuf;
    private final Duration callTimeout;

    public HttpContainerCalls(URI base, boolean protobuf, Duration callTimeout) {
        this.base = base;
        this.protobuf = protobuf;
        this.callTimeout = callTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public Outcome push(Map<String, String> headers, String topic, byte[] payload, Map<String, String> metadata) {
        if (protobuf) {
            return call("push", headers, PushInbound.newBuilder().setTopic(topic).setPayload(UnsafeByteOperations.unsafeWrap(payload))
                    .putAllMetadata(metadata).build().toByteArray(), 0);
        }
        ObjectNode o = JSON.createObjectNode().put("topic", topic).put("payload", Base64.getEncoder().encodeToString(payload));
        if (!metadata.isEmpty()) {
            ObjectNode md = o.putObject("metadata");
            metadata.forEach(md::put);
        }
        return call("push", headers, json(o), 0);
    }

    @Override
    public Outcome pop(Map<String, String> headers, String topic, long timeoutMs) {
        if (protobuf) {
            return call("pop", headers, PopInbound.newBuilder().setTopic(topic).setTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                    .build().toByteArray(), timeoutMs);
        }
        return call("pop", headers, json(JSON.createObjectNode().put("topic", topic).put("timeout", timeoutMs)), timeoutMs);
    }

    @Override
    public Outcome peek(Map<String, String> headers, String topic) {
        if (protobuf) {
            return call("peek", headers, PeekInbound.newBuilder().setTopic(topic).build().toByteArray(), 0);
        }
        return call("peek", headers, json(JSON.createObjectNode().put("topic", topic)), 0);
    }

    @Override
    public Outcome release(Map<String, String> headers, String topic, long timeoutMs) {
        if (protobuf) {
            return call("release", headers, ReleaseInbound.newBuilder().setTopic(topic).setTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                    .build().toByteArray(), timeoutMs);
        }
        ObjectNode o = JSON.createObjectNode().put("topic", topic);
        if (timeoutMs > 0) {
            o.put("timeout", timeoutMs);
        }
        return call("release", headers, json(o), timeoutMs);
    }

    @Override
    public Outcome invoke(Map<String, String> headers, byte[] payload, long timeoutMs) {
        if (protobuf) {
            return call("invoke", headers, Inbound.newBuilder().putAllMetadata(headers).setPayload(UnsafeByteOperations.unsafeWrap(payload))
                    .build().toByteArray(), timeoutMs, "payload");
        }
        ObjectNode o = JSON.createObjectNode().put("payload", Base64.getEncoder().encodeToString(payload));
        ObjectNode md = o.putObject("metadata");
        headers.forEach(md::put);
        return call("invoke", headers, json(o), timeoutMs, "payload");
    }

    private static byte[] json(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new PtpClientException(PtpClientException.CODEC, "cannot write JSON: " + e.getMessage(), e);
        }
    }

    private Outcome call(String op, Map<String, String> headers, byte[] body, long waitMs) {
        return call(op, headers, body, waitMs, "content");
    }

    /**
     * @param contentField the JSON answer's byte field: {@code content} of the container API, {@code payload}
     *                     of an {@code Outbound}; in protobuf both messages number it 2
     */
    private Outcome call(String op, Map<String, String> headers, byte[] body, long waitMs, String contentField) {
        URI uri = base.resolve("/v1/interconn/chan/" + op);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(callTimeout.plusMillis(waitMs))
                .header("Content-Type", protobuf ? PROTOBUF_TYPE : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new PtpClientException(PtpClientException.TIMEOUT, "no answer from " + uri + " in time", e);
        } catch (ConnectException e) {
            throw new PtpClientException(PtpClientException.UNREACHABLE, uri + " unreachable: " + e, e);
        } catch (IOException e) {
            throw new PtpClientException(PtpClientException.UNREACHABLE, "call to " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PtpClientException(PtpClientException.TIMEOUT, "interrupted while calling " + uri, e);
        }
        String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (r.statusCode() != 200) {
            // not a transport answer (TR1 answers 200): the plane's envelope, e.g. no such endpoint
            throw new PtpClientException(httpCode(r.statusCode()), "HTTP " + r.statusCode() + " from " + uri + ": " + envelopeMessage(r.body()));
        }
        if (type.startsWith(PROTOBUF_TYPE)) {
            try {
                TransportOutbound out = TransportOutbound.parseFrom(r.body());
                return new Outcome(out.getCode(), out.getMessage(), out.getPayload().isEmpty() ? null : out.getPayload().toByteArray());
            } catch (InvalidProtocolBufferException e) {
                throw new PtpClientException(PtpClientException.CODEC, "answer of " + uri + " is not a TransportOutbound: " + e.getMessage(), e);
            }
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            JsonNode c = n.get(contentField);
            byte[] content = c == null || c.isNull() ? null : Base64.getDecoder().decode(c.asText());
            return new Outcome(n.path("code").asText(), n.path("message").asText(), content);
        } catch (IOException | IllegalArgumentException e) {
            throw new PtpClientException(PtpClientException.CODEC, "answer of " + uri + " is not a PTP JSON reply: " + e.getMessage(), e);
        }
    }

    private static String httpCode(int status) {
        return switch (status) {
            case 400 -> PtpClientException.BAD_REQUEST;
            case 401, 403 -> PtpClientException.FORBIDDEN;
            case 404 -> PtpClientException.NOT_FOUND;
            case 413 -> PtpClientException.TOO_LARGE;
            case 502, 503 -> PtpClientException.UNREACHABLE;
            case 504 -> PtpClientException.TIMEOUT;
            default -> PtpClientException.SYSTEM_ERROR;
        };
    }

    private static String envelopeMessage(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.has("msg")) {
                return n.path("msg").asText();
            }
            if (n != null && n.has("message")) {
                return n.path("message").asText();
            }
        } catch (IOException e) {
            // not JSON: show the start of it
        }
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient of Java 17 has no close; its connections go with it
    }
}
