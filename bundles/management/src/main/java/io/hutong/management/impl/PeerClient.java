/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.api.node.NodeIdentity;
import io.hutong.api.permit.PermitCheck;

/**
 * Makes this node's east-west management calls: every call carries the eight headers of spec 10
 * §1.1, signed as decision M2 says, with a fresh nonce, and waits at most the configured timeout.
 */
final class PeerClient {

    /** A peer's answer: HTTP status and the envelope (an empty object when the body was not JSON). */
    record Reply(int status, JsonNode body) {
        boolean ok() {
            int code = body.path("code").asInt(-1);
            return status == 200 && (code == 0 || code == 200); // M1: accept 200 as success from peers
        }

        JsonNode data() {
            return body.path("data");
        }

        String msg() {
            return body.path("msg").asText("");
        }
    }

    private final NodeIdentity identity;
    private final Function<String, String> tokenSetFor;
    private final BiConsumer<String, String> usesReported;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param tokenSetFor  the {@code x-mprac-token-set} to send to a node (its id in, the header value out)
     * @param usesReported takes a node's {@link PermitCheck#USES_HEADER} answer (its id and the header value)
     */
    PeerClient(NodeIdentity identity, Function<String, String> tokenSetFor, BiConsumer<String, String> usesReported,
               Duration timeout) {
        this.identity = identity;
        this.tokenSetFor = tokenSetFor;
        this.usesReported = usesReported;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    Reply post(String address, String targetNodeId, String path, String body) throws IOException, InterruptedException {
        return send("POST", address, targetNodeId, path, Map.of(), body);
    }

    /** A POST with query parameters (the control layer's {@code status_all} carries {@code job_id} in the query, A-18). */
    Reply post(String address, String targetNodeId, String path, Map<String, String> query, String body) throws IOException, InterruptedException {
        return send("POST", address, targetNodeId, path, query, body);
    }

    Reply get(String address, String targetNodeId, String path, Map<String, String> query) throws IOException, InterruptedException {
        return send("GET", address, targetNodeId, path, query, null);
    }

    private Reply send(String method, String address, String target, String path, Map<String, String> query, String body)
            throws IOException, InterruptedException {
        StringBuilder qs = new StringBuilder();
        Map<String, List<String>> signed = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null) {
                qs.append(qs.length() == 0 ? "?" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                signed.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        });
        String base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String nonce = UUID.randomUUID().toString();
        String ts = Long.toString(System.currentTimeMillis());
        byte[] canonical = CanonicalRequest.of(method, path, signed, identity.nodeId(), target, nonce, ts, bytes);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + qs)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("x-auth-sign", Base64.getEncoder().encodeToString(identity.sign(canonical)))
                .header("x-source-node-id", identity.nodeId())
                .header("x-target-node-id", target)
                .header("x-nonce", nonce)
                .header("x-trace-id", UUID.randomUUID().toString().replace("-", ""))
                .header("x-timestamp", ts)
                .header("x-mprac-token-set", tokenSetFor.apply(target));
        if ("POST".equals(method)) {
            b.header("x-csrf-protection", "1").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            b.GET();
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        r.headers().firstValue(PermitCheck.USES_HEADER).ifPresent(uses -> usesReported.accept(target, uses));
        JsonNode parsed;
        try {
            parsed = r.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
        } catch (IOException notJson) {
            parsed = Json.MAPPER.createObjectNode().put("code", r.statusCode()).put("msg", r.body());
        }
        return new Reply(r.statusCode(), parsed);
    }

    /** @return decoded query parameters of a raw query string, for the canonical form */
    static Map<String, List<String>> decodeQuery(String raw) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return m;
    }
}
