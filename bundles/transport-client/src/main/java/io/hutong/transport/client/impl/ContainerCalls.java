/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client.impl;

import java.util.Map;

/**
 * The four container calls of spec 40 §3 and the {@code invoke} that carries a roundtrip (§2.2,
 * decision TR17) over one protocol; answers carry the node's transport code, failures that never
 * reached an answer throw {@code PtpClientException}.
 */
public interface ContainerCalls {

    /** A transport answer: code, message and, for pop and peek, the content ({@code null} for none). */
    record Outcome(String code, String message, byte[] content) {
    }

    Outcome push(Map<String, String> headers, String topic, byte[] payload, Map<String, String> metadata);

    Outcome pop(Map<String, String> headers, String topic, long timeoutMs);

    Outcome peek(Map<String, String> headers, String topic);

    Outcome release(Map<String, String> headers, String topic, long timeoutMs);

    /** Sends a roundtrip request to the node's {@code invoke}; the outcome's content is the answer's payload. */
    Outcome invoke(Map<String, String> headers, byte[] payload, long timeoutMs);

    /** Frees the connection. */
    void close();
}
