/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.Map;
import java.util.Objects;

/**
 * One message queued in a session: the payload a container pushed, with the topic and metadata it
 * came with.
 *
 * @param messageId unique id (T12); a second message with the same id in the same queue is dropped.
 *                  {@code null} or empty: never treated as a duplicate
 * @param sessionId the {@code x-ptp-session-id}
 * @param topic     the topic; empty string when none was given
 * @param payload   the bytes, passed through untouched
 * @param metadata  the {@code x-ptp-*} headers and message attributes it travelled with
 */
public record PtpMessage(String messageId, String sessionId, String topic, byte[] payload, Map<String, String> metadata) {

    public PtpMessage {
        Objects.requireNonNull(sessionId, "sessionId");
        topic = topic == null ? "" : topic;
        payload = payload == null ? new byte[0] : payload;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
