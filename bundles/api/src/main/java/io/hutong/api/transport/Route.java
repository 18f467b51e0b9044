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
 * @param mode     {@link #ENCAPSULATION} (default, T8) or {@link #PASSTHROUGH}
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

    public Route {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
        protocol = protocol == null || protocol.isBlank() ? HTTP : protocol;
        mode = mode == null || mode.isBlank() ? ENCAPSULATION : mode;
        if (!GRPC.equals(protocol) && !HTTP.equals(protocol)) {
            throw new IllegalArgumentException("protocol must be grpc or http, not " + protocol);
        }
        if (!ENCAPSULATION.equals(mode) && !PASSTHROUGH.equals(mode)) {
            throw new IllegalArgumentException("mode must be encapsulation or passthrough, not " + mode);
        }
        tls = tls == null ? Map.of() : Map.copyOf(tls);
    }
}
