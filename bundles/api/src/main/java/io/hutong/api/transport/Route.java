/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of the routing table: how to reach a node east-west.
 *
 * @param nodeId   the target node id ({@code x-ptp-target-node-id}) or institution id
 *                 ({@code x-ptp-target-inst-id}) this route serves
 * @param address  {@code host:port} of the peer's transport endpoint
 * @param protocol {@link #GRPC} or {@link #HTTP}
 * @param mode     {@link #ENCAPSULATION} (default, T8), {@link #PASSTHROUGH} or, over HTTP only,
 *                 {@link #ENCAPSULATION_JSON}
 * @param tls      TLS settings, empty for plaintext; keys are those of the admin API's {@code tls}
 *                 object ({@code enabled}, {@code trust_store}, {@code key_store}, {@code pinned_sha256}…)
 */
public record Route(String nodeId, String address, String protocol, String mode, Map<String, String> tls) {

    /** East-west over gRPC, {@code org.ppc.ptp.PrivateTransferProtocol}. */
    public static final String GRPC = "grpc";
    /** East-west over HTTP, {@code /v1/interconn/chan/invoke}. */
    public static final String HTTP = "http";
    /** Re-serialise the container's request into the peer call (T8 default). */
    public static final String ENCAPSULATION = "encapsulation";
    /** Forward the payload unchanged with the topic in {@code x-ptp-topic} ({@code x-ptp-version: 1}). */
    public static final String PASSTHROUGH = "passthrough";
    /**
     * Encapsulation in JSON, over HTTP only: the form FATE OSX's HTTP server reads and sends. The body of
     * {@code invoke} is {@code {"payload": base64(JSON {"topic", "payload": base64(message)})}}, the answer
     * {@code {"code", "message"}} (decision OSX1).
     */
    public static final String ENCAPSULATION_JSON = "encapsulation-json";
    /**
     * The node ids (and institution ids) a route may name: 1 to 64 letters, digits, {@code .},
     * {@code _} or {@code -}, starting with a letter or digit (decision ADMIN5). The standard fixes no
     * format; this keeps ids usable in headers, file names and pages without escaping.
     */
    public static final String NODE_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    /** What a secret TLS setting (a key ending in {@code _password}) is shown as; never its value. */
    public static final String MASKED = "******";

    public Route {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
        if (!nodeId.matches(NODE_ID_PATTERN)) {
            throw new IllegalArgumentException("a node id is 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        protocol = protocol == null || protocol.isBlank() ? HTTP : protocol;
        mode = mode == null || mode.isBlank() ? ENCAPSULATION : mode;
        if (!GRPC.equals(protocol) && !HTTP.equals(protocol)) {
            throw new IllegalArgumentException("protocol must be grpc or http, not " + protocol);
        }
        if (!ENCAPSULATION.equals(mode) && !PASSTHROUGH.equals(mode) && !ENCAPSULATION_JSON.equals(mode)) {
            throw new IllegalArgumentException("mode must be encapsulation, passthrough or encapsulation-json, not " + mode);
        }
        if (ENCAPSULATION_JSON.equals(mode) && !HTTP.equals(protocol)) {
            throw new IllegalArgumentException("mode encapsulation-json is a form of HTTP's invoke; over grpc use"
                    + " encapsulation or passthrough");
        }
        tls = tls == null ? Map.of() : Map.copyOf(tls);
    }

    /** @return the TLS settings as an operator may see them: every {@code *_password} value {@link #MASKED} */
    public Map<String, String> maskedTls() {
        Map<String, String> m = new java.util.TreeMap<>(tls);
        m.replaceAll((k, v) -> isSecret(k) && !v.isEmpty() ? MASKED : v);
        return m;
    }

    /**
     * @param previous the route this one replaces, or null
     * @return this route with every secret still {@link #MASKED} (sent back as shown) taken from {@code previous}
     */
    public Route keepingSecretsOf(Route previous) {
        if (previous == null || tls.values().stream().noneMatch(MASKED::equals)) {
            return this;
        }
        Map<String, String> m = new java.util.HashMap<>(tls);
        m.replaceAll((k, v) -> isSecret(k) && MASKED.equals(v) && previous.tls().containsKey(k) ? previous.tls().get(k) : v);
        return new Route(nodeId, address, protocol, mode, m);
    }

    /** @return whether a TLS setting is a secret never shown back */
    public static boolean isSecret(String tlsKey) {
        return tlsKey.endsWith("_password");
    }
}
