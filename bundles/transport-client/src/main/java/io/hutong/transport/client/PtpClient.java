/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.hutong.transport.client.impl.ContainerCalls;
import io.hutong.transport.client.impl.GrpcContainerCalls;
import io.hutong.transport.client.impl.HttpContainerCalls;

/**
 * A connection to one node's PTP container API, the channel of the standard's transport SDK
 * (spec 40 §4): {@link #open} a session per {@code x-ptp-session-id}, then push, pop, peek and
 * release on it; {@link #close} when done. Thread-safe; one client serves many sessions.
 *
 * <pre>{@code
 * try (PtpClient client = PtpClient.connect("grpc://127.0.0.1:7305")) {
 *     PtpSession s = client.open("session_job-1", Map.of("x-ptp-target-node-id", "bob", "x-ptp-token", "tk"));
 *     s.push("hello".getBytes(), "host.0-guest.0");
 * }
 * }</pre>
 */
public final class PtpClient implements AutoCloseable {

    /** The key of {@link #open(String, Map)}'s metadata naming the node's address, as in the reference SDK. */
    public static final String ADDRESS = "mesh.mpc.address";

    /** How HTTP request and answer bodies are encoded (spec 40 §5.1). */
    public enum HttpBody {
        /** {@code application/json}, byte fields in base64. */
        JSON,
        /** {@code application/x-protobuf}, the {@code PrivateTransferTransport} messages. */
        PROTOBUF
    }

    private final ContainerCalls calls;
    private final String address;
    /** Sessions opened through this client and not released, by id: what {@link #close(Duration)} releases. */
    private final Map<String, PtpSession> opened = new java.util.concurrent.ConcurrentHashMap<>();

    private PtpClient(ContainerCalls calls, String address) {
        this.calls = calls;
        this.address = address;
    }

    /**
     * Connects to a node.
     *
     * @param address {@code grpc://host:port} (the node's gRPC port, default 7305),
     *                {@code http://host:port} (its east-west port, default 7304; JSON bodies) or
     *                {@code http+protobuf://host:port}
     * @return a client with the default settings of {@link Builder}
     */
    public static PtpClient connect(String address) {
        return builder(address).build();
    }

    /** @return a builder for a client of {@code address}, in the forms of {@link #connect(String)} */
    public static Builder builder(String address) {
        return new Builder(address);
    }

    /**
     * Opens a session ({@code mesh.chan.open}): the headers in {@code metadata} ({@code x-ptp-*} keys:
     * {@code x-ptp-target-node-id} to push, {@code x-ptp-target-inst-id}, {@code x-ptp-token},
     * {@code x-ptp-trace-id}, {@code x-ptp-tech-provider-code}) are sent with every call of the
     * session. Opening contacts nobody; the node learns of the session with its first call.
     *
     * @param sessionId the {@code x-ptp-session-id}
     * @param metadata  the session's headers; other keys are ignored
     * @return the session
     */
    public PtpSession open(String sessionId, Map<String, String> metadata) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("a session id is required");
        }
        Map<String, String> headers = ptpHeaders(metadata);
        headers.put("x-ptp-session-id", sessionId);
        PtpSession session = new PtpSession(calls, sessionId, Map.copyOf(headers), released -> opened.remove(sessionId, released));
        opened.put(sessionId, session);
        return session;
    }

    /**
     * Sends a request and returns the answer ({@code mesh.chan.roundtrip}, decision TR17): the node
     * passes it, as an east-west {@code invoke}, to the node named by {@code x-ptp-target-node-id},
     * where the resource registered for {@code x-ptp-uri} answers. Nothing is queued or retried.
     *
     * @param payload  the request
     * @param metadata headers: {@code x-ptp-target-node-id} and {@code x-ptp-uri} required,
     *                 {@code x-ptp-token}, {@code x-ptp-trace-id}, {@code x-ptp-tech-provider-code}
     *                 passed on, {@code x-ptp-session-id} generated when missing; other keys ignored
     * @return the resource's answer
     * @throws PtpClientException e.g. {@code E0000000404} no resource at the uri, {@code E0000000618}
     *                            unknown target, {@code E0000000607} target unreachable,
     *                            {@code E0000000601} no answer in time, or the resource's own code
     */
    public byte[] roundtrip(byte[] payload, Map<String, String> metadata) {
        Map<String, String> headers = ptpHeaders(metadata);
        // without a uri the node would take the request for a passthrough message to queue (decision T7)
        if (headers.getOrDefault("x-ptp-target-node-id", "").isBlank() && headers.getOrDefault("x-ptp-target-inst-id", "").isBlank()) {
            throw new PtpClientException(PtpClientException.BAD_REQUEST, "missing header x-ptp-target-node-id: a roundtrip names the node it asks");
        }
        if (headers.getOrDefault("x-ptp-uri", "").isBlank()) {
            throw new PtpClientException(PtpClientException.BAD_REQUEST, "missing header x-ptp-uri: a roundtrip names the resource it asks");
        }
        headers.putIfAbsent("x-ptp-session-id", "roundtrip-" + java.util.UUID.randomUUID());
        // the node's own roundtrip timeout (60 s by default) answers first
        ContainerCalls.Outcome o = calls.invoke(headers, payload == null ? new byte[0] : payload, 10_000);
        if (!"E0000000000".equals(o.code())) {
            throw new PtpClientException(o.code(), o.message());
        }
        return o.content() == null ? new byte[0] : o.content();
    }

    private static Map<String, String> ptpHeaders(Map<String, String> metadata) {
        Map<String, String> headers = new LinkedHashMap<>();
        (metadata == null ? Map.<String, String>of() : metadata).forEach((k, v) -> {
            String key = k.toLowerCase(java.util.Locale.ROOT);
            if (key.startsWith("x-ptp-") && v != null) {
                headers.put(key, v);
            }
        });
        return headers;
    }

    /**
     * Opens a session on the node named by {@link #ADDRESS} in {@code metadata}, as the reference SDK's
     * {@code open(session_id, metadata)}; {@link PtpSession#close()} closes the connection too.
     */
    public static PtpSession openSession(String sessionId, Map<String, String> metadata) {
        String address = metadata == null ? null : metadata.get(ADDRESS);
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("metadata must name the node in " + ADDRESS);
        }
        PtpClient client = connect(address);
        return client.open(sessionId, metadata).closing(client);
    }

    /** @return the address this client talks to */
    public String address() {
        return address;
    }

    /**
     * Closes the channel as the standard's {@code mesh.chan.close(timeout)}: releases every session
     * opened through this client on the node (dropping their unread messages), then closes the
     * connection. A session the node no longer knows is skipped.
     *
     * @param timeout how long each release may wait on the node
     */
    public void close(Duration timeout) {
        try {
            for (PtpSession s : opened.values()) {
                try {
                    s.release(timeout);
                } catch (PtpClientException e) {
                    // already released, or the node is gone: nothing left to release
                }
            }
        } finally {
            opened.clear();
            calls.close();
        }
    }

    /** Closes the connection only; sessions stay on the node until released or expired. {@link #close(Duration)} releases them. */
    @Override
    public void close() {
        opened.clear();
        calls.close();
    }

    @Override
    public String toString() {
        return "PtpClient[" + address + "]";
    }

    /** Settings of a {@link PtpClient}. */
    public static final class Builder {
        private final String address;
        private HttpBody body;
        private Duration callTimeout = Duration.ofSeconds(60);
        private int maxMessageBytes = 256 * 1024 * 1024;

        private Builder(String address) {
            this.address = Objects.requireNonNull(address, "address");
        }

        /** Selects the HTTP body encoding (default JSON, or what the address scheme says). */
        public Builder httpBody(HttpBody b) {
            this.body = b;
            return this;
        }

        /**
         * How long a push, peek or release may take before it fails with {@code E0000000601}
         * (default 60 s); a pop may take its own timeout on top of this.
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        /** The largest answer accepted over gRPC (default 256 MiB). */
        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /** @return the client; a gRPC client connects lazily, on its first call */
        public PtpClient build() {
            URI uri = URI.create(address.contains("://") ? address : "grpc://" + address);
            String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("address must be scheme://host:port, not " + address);
            }
            return switch (scheme) {
                case "grpc" -> new PtpClient(new GrpcContainerCalls(uri.getHost(), uri.getPort(), callTimeout, maxMessageBytes), address);
                case "http", "http+json", "http+protobuf" -> {
                    HttpBody b = body != null ? body : "http+protobuf".equals(scheme) ? HttpBody.PROTOBUF : HttpBody.JSON;
                    yield new PtpClient(new HttpContainerCalls(URI.create("http://" + uri.getHost() + ":" + uri.getPort()),
                            b == HttpBody.PROTOBUF, callTimeout), address);
                }
                default -> throw new IllegalArgumentException("unknown scheme " + scheme + " in " + address
                        + "; use grpc://, http:// or http+protobuf://");
            };
        }
    }
}
