/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.health;

import java.util.Map;
import java.util.Objects;

/**
 * One health observation: a state, a human-readable message and structured details for scripts.
 *
 * @param state   the overall state
 * @param message what an operator should read first (never {@code null})
 * @param details machine-readable facts, serialised as JSON (values must be strings, numbers, booleans,
 *                lists or maps)
 */
public record Health(State state, String message, Map<String, Object> details) {

    /** The state of a checked part. */
    public enum State {
        /** Working as configured. */
        UP,
        /** Working with reduced function (for example a peer unreachable); needs attention. */
        DEGRADED,
        /** Not working. */
        DOWN
    }

    public Health {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** @return an UP observation with the given message and details */
    public static Health up(String message, Map<String, Object> details) {
        return new Health(State.UP, message, details);
    }

    /**
     * @return a DEGRADED observation with the given message and details
     * @since 1.1.0
     */
    public static Health degraded(String message, Map<String, Object> details) {
        return new Health(State.DEGRADED, message, details);
    }

    /** @return a DOWN observation with the given message */
    public static Health down(String message) {
        return new Health(State.DOWN, message, Map.of());
    }
}
