/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;

import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.tls.ClientTls;
import io.hutong.api.transport.tls.PeerTls;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;
import io.hutong.protocol.ptp.PushInbound;

/**
 * Sends messages to peers over HTTP, {@code POST /v1/interconn/chan/invoke} (decision T8):
 * encapsulation by default ({@code x-ptp-uri: /org.ppc.ptp.PrivateTransferTransport/push}, body an
 * {@code Inbound} carrying a {@code PushInbound}), passthrough ({@code x-ptp-version: 1}, raw body)
 * or FATE OSX's JSON encapsulation ({@link Route#ENCAPSULATION_JSON}) when the route asks for it; over
 * HTTPS when the route has TLS settings. One attempt per call; the transport core retries.
 */
@Component(property = PeerLink.PROTOCOL + "=" + Route.HTTP)
public class HttpPeerLink implements PeerLink {

    static final String PUSH_URI = "/org.ppc.ptp.PrivateTransferTransport/push";
    /** The version Hutong sends in encapsulation mode: anything but 1 means encapsulation (spec 40 §5.2). */
    static final String ENCAPSULATION_VERSION = "2";
    /**
     * A peer queues a delivered message at once, so waiting long for the answer only helps a large body
     * on a slow link: 15 s plus 1 s per MiB (128 MiB → 143 s, inside the core's 150 s guard). A short
     * wait matters when a request is lost in the peer, e.g. while its adapter is being replaced: the
     * message is retried after the timeout, and every message behind it waits that long (TR15).
     */
    static Duration timeoutFor(int bodyBytes) {
        return Duration.ofSeconds(15 + bodyBytes / (1 << 20));
    }

    // the client's own executor: deliveries in flight when the bundle is replaced still complete
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** One client per route TLS setting ({@link ClientTls#id()}), so connections are reused but never across settings. */
    private final Map<String, HttpClient> tlsClients = new ConcurrentHashMap<>();
    private final PeerTls peerTls;

    @Activate
    public HttpPeerLink(@Reference PeerTls peerTls) {
        this.peerTls = peerTls;
    }

    private HttpClient client(ClientTls tls) {
        HttpClient c = tlsClients.get(tls.id());
        if (c == null) {
            if (tlsClients.size() > 64) {
                tlsClients.clear(); // settings changed many times: forget the old clients
            }
            c = tlsClients.computeIfAbsent(tls.id(), id -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).sslContext(tls.context()).sslParameters(tls.parameters()).build());
        }
        return c;
    }

    @Override
    public CompletionStage<Void> deliver(Route route, PtpMessage m) {
        boolean passthrough = Route.PASSTHROUGH.equals(route.mode());
        Map<String, String> headers = headers(route, m);
        byte[] body;
        String contentType;
        if (passthrough) {
            headers.put(PtpHeaders.VERSION, "1");
            headers.remove(PtpHeaders.URI);
            body = m.payload();
            contentType = "application/octet-stream";
        } else if (Route.ENCAPSULATION_JSON.equals(route.mode())) {
            // as FATE OSX posts it (decision OSX1): an empty x-ptp-version, and the push as base64 of a JSON
            // PushInbound inside a JSON Inbound, so the message is base64-encoded twice
            headers.put(PtpHeaders.VERSION, "");
            headers.put(PtpHeaders.URI, PUSH_URI);
            body = Json.inbound(Json.push(m.topic(), m.payload()), null);
            contentType = StandardDialect.JSON;
        } else {
            headers.put(PtpHeaders.VERSION, ENCAPSULATION_VERSION);
            headers.put(PtpHeaders.URI, PUSH_URI);
            // wrap, not copy: a message may be 128 MiB and the payload array is never changed
            PushInbound push = PushInbound.newBuilder().setTopic(m.topic()).setPayload(UnsafeByteOperations.unsafeWrap(m.payload())).build();
            body = Inbound.newBuilder().putAllMetadata(headers).setPayload(push.toByteString()).build().toByteArray();
            contentType = StandardDialect.PROTOBUF;
        }
        return post(route, headers, contentType, body, timeoutFor(body.length)).thenApply(resp -> null);
    }

    /**
     * A roundtrip (TR17): one {@code invoke} whose {@code x-ptp-uri} names the peer's resource, the
     * request as the payload of an {@code Inbound}; the answer is the payload of the peer's {@code Outbound}.
     */
    @Override
    public CompletionStage<byte[]> invoke(Route route, PtpMessage m, Duration timeout) {
        Map<String, String> headers = headers(route, m);
        headers.put(PtpHeaders.VERSION, ENCAPSULATION_VERSION);
        if (Route.ENCAPSULATION_JSON.equals(route.mode())) {
            // a JSON Inbound {"payload", "metadata"} answered by a JSON Outbound {"code", "message", "payload"}
            return post(route, headers, StandardDialect.JSON, Json.inbound(m.payload(), headers), timeout)
                    .thenApply(resp -> Json.bytes(Json.read(resp.body()), "payload"));
        }
        byte[] body = Inbound.newBuilder().putAllMetadata(headers).setPayload(UnsafeByteOperations.unsafeWrap(m.payload()))
                .build().toByteArray();
        return post(route, headers, StandardDialect.PROTOBUF, body, timeout).thenApply(resp -> {
            try {
                return Outbound.parseFrom(resp.body()).getPayload().toByteArray();
            } catch (InvalidProtocolBufferException e) {
                throw new CompletionException(new PtpException(PtpCodes.CODEC, "node " + route.nodeId()
                        + " answered the roundtrip with an undecodable Outbound: " + e.getMessage()));
            }
        });
    }

    /** @return the {@code x-ptp-*} headers of a message for the east-west hop */
    private static Map<String, String> headers(Route route, PtpMessage m) {
        Map<String, String> headers = new TreeMap<>();
        m.metadata().forEach((k, v) -> {
            if (k.startsWith("x-ptp-") && v != null && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
                headers.put(k, v);
            }
        });
        headers.put(PtpHeaders.SESSION_ID, m.sessionId());
        headers.put(PtpHeaders.TOPIC, m.topic());
        if (m.messageId() != null) {
            headers.put(PtpHeaders.MESSAGE_ID, m.messageId());
        }
        headers.putIfAbsent(PtpHeaders.TARGET_NODE_ID, route.nodeId());
        return headers;
    }

    /** Posts to the peer's {@code invoke}, over HTTPS when the route has TLS settings; completes with the answer when its code is success, else with the code as a {@link PtpException}. */
    private CompletableFuture<HttpResponse<byte[]>> post(Route route, Map<String, String> headers, String contentType, byte[] body,
                                                         Duration timeout) {
        Optional<ClientTls> tls;
        try {
            tls = peerTls.client(route);
        } catch (PtpException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create((tls.isPresent() ? "https://" : "http://") + route.address()
                        + "/v1/interconn/chan/invoke"))
                .timeout(timeout).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return tls.map(this::client).orElse(client).sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((resp, error) -> {
                    if (error != null) {
                        throw new CompletionException(unreachable(route, error, peerTls));
                    }
                    String code = codeOf(resp);
                    if (!PtpCodes.OK.equals(code)) {
                        throw new CompletionException(new PtpException(code, "node " + route.nodeId() + " answered " + code
                                + ": " + messageOf(resp)));
                    }
                    return resp;
                });
    }

    private static PtpException unreachable(Route route, Throwable error, PeerTls peerTls) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        Optional<String> tlsCause = peerTls.explain(t);
        if (tlsCause.isPresent()) {
            // a configuration problem on either side, retried like 607 until fixed (decision TR12)
            return new PtpException(PtpCodes.UNREACHABLE, "TLS to node " + route.nodeId() + " at " + route.address()
                    + " failed: " + tlsCause.get(), t);
        }
        if (t instanceof HttpTimeoutException) {
            return new PtpException(PtpCodes.TIMEOUT, "node " + route.nodeId() + " at " + route.address() + " did not answer in time");
        }
        String why = t instanceof ConnectException ? "connection refused" : t.toString();
        return new PtpException(PtpCodes.UNREACHABLE, "node " + route.nodeId() + " at " + route.address() + " unreachable: " + why);
    }

    /** @return the transport code of a peer's answer; a reply that is not a transport reply means no transport serves there */
    private static String codeOf(HttpResponse<byte[]> r) {
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() == 200 && StandardDialect.isProtobuf(ct)) {
            try {
                String code = Outbound.parseFrom(r.body()).getCode();
                return code.isEmpty() ? PtpCodes.CODEC : code;
            } catch (InvalidProtocolBufferException e) {
                return PtpCodes.CODEC;
            }
        }
        if (StandardDialect.isJson(ct)) {
            JsonNode n = parse(r.body());
            JsonNode code = n == null ? null : n.get("code");
            if (code != null && code.isTextual() && code.asText().startsWith("E")) {
                return code.asText();
            }
        }
        // the peer's plane refused the request itself (its size, header or URL limits, or its access control):
        // sending the same request again cannot change that, so it is final (DELIVERY1)
        switch (r.statusCode()) {
            case 413:
                return PtpCodes.TOO_LARGE;
            case 400, 414, 431:
                return PtpCodes.BAD_REQUEST;
            case 401, 403:
                return PtpCodes.FORBIDDEN;
            default:
                break;
        }
        // e.g. the peer's HTTP adapter is being replaced and its plane answers 404: try again later
        return PtpCodes.NO_INSTANCE;
    }

    private static String messageOf(HttpResponse<byte[]> r) {
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if (StandardDialect.isProtobuf(ct)) {
            try {
                return Outbound.parseFrom(r.body()).getMessage();
            } catch (InvalidProtocolBufferException e) {
                return "undecodable reply";
            }
        }
        JsonNode n = parse(r.body());
        if (n != null && n.has("message")) {
            return n.get("message").asText();
        }
        return "HTTP " + r.statusCode() + (n != null && n.has("msg") ? " " + n.get("msg").asText() : "");
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
