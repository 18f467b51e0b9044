/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport.dialect;

import java.time.Duration;
import java.util.Map;

/**
 * The fields of a container API call once decoded (spec 40 §3.2).
 *
 * @param topic    the body's topic, empty when none (the adapter then uses {@code x-ptp-topic}, T1)
 * @param payload  push: the message; otherwise empty
 * @param metadata push: the body's metadata; otherwise empty
 * @param timeout  pop/release: the wait, {@code null} for the default (T2)
 */
public record ChannelCall(String topic, byte[] payload, Map<String, String> metadata, Duration timeout) {

    public ChannelCall {
        topic = topic == null ? "" : topic;
        payload = payload == null ? new byte[0] : payload;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
