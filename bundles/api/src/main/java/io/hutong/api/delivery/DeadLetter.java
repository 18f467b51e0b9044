/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.delivery;

import java.util.Map;
import java.util.Objects;

/**
 * One call or message a layer gave up delivering to a peer node.
 *
 * @param id       unique among every layer's dead letters (the admin API addresses it by this id)
 * @param layer    the layer that holds it, one of {@link io.hutong.api.health.Layers}
 * @param peer     the node it was for
 * @param what     a short description for an operator (e.g. {@code "message m-1 of session s-1, topic t"})
 * @param code     the peer's final answer ({@code E0000000403}, {@code 403}…) or the code of the last retried one
 * @param reason   why it was given up, a sentence naming the peer's answer
 * @param attempts how many times delivery was tried
 * @param deadAt   when it was given up, epoch milliseconds
 * @param details  machine-readable facts (session, topic, message id, path…), strings and numbers only
 */
public record DeadLetter(String id, String layer, String peer, String what, String code, String reason, int attempts,
                         long deadAt, Map<String, Object> details) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(layer, "layer");
        peer = peer == null ? "" : peer;
        what = what == null ? "" : what;
        code = code == null ? "" : code;
        reason = reason == null ? "" : reason;
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
