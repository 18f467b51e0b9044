/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.time.Duration;
import java.util.Set;

import io.hutong.api.transport.PtpCodes;

/**
 * Which peer answers are worth another attempt, and for how long (decisions DELIVERY1, DELIVERY2).
 *
 * @param maxAttempts attempts per message before it becomes a dead letter; 0 means no limit by count
 * @param maxAge      time since the first attempt after which a retried message becomes a dead letter
 */
record RetryBudget(int maxAttempts, Duration maxAge) {

    /**
     * Answers that may change by themselves: the peer down, restarting, swapping an adapter, full or failing
     * inside (5xx). Anything else the peer said (400, 403, 404, 413, 608, 616, 618…) is its final word on
     * that message.
     */
    static final Set<String> RETRYABLE = Set.of(PtpCodes.UNREACHABLE, PtpCodes.NO_INSTANCE, PtpCodes.BUFFER_FULL,
            PtpCodes.TIMEOUT, PtpCodes.SYSTEM_ERROR, PtpCodes.LOOP);

    static RetryBudget of(ForwardingConfig config) {
        return new RetryBudget(Math.max(0, config.retry_max_attempts()), Duration.ofSeconds(Math.max(1, config.retry_max_age_seconds())));
    }

    static boolean retryable(String code) {
        return RETRYABLE.contains(code);
    }

    /** @return whether a message tried {@code attempts} times, first {@code ageMillis} ago, may be tried again */
    boolean allows(int attempts, long ageMillis) {
        return (maxAttempts == 0 || attempts < maxAttempts) && ageMillis < maxAge.toMillis();
    }

    @Override
    public String toString() {
        return (maxAttempts == 0 ? "" : maxAttempts + " attempts or ") + maxAge.toSeconds() + " s";
    }
}
