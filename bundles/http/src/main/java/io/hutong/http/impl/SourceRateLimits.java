/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.failsafe.RateLimiter;

/**
 * One Failsafe bursty rate limiter per key (a source address and path): {@code permits} requests per window, refilled
 * at the start of each window. Memory is bounded: sources idle for a whole window are forgotten (a
 * fresh limiter grants what a refilled one would), and past {@code maxSources} new sources share one
 * limiter, so a caller with many addresses cannot grow the table.
 */
final class SourceRateLimits {

    private final long permits;
    private final Duration window;
    private final int maxSources;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    private final Source overflow;

    /** A source's limiter and when its windows start; Failsafe's bursty windows count from its creation. */
    private static final class Source {
        final RateLimiter<Object> limiter;
        final long created;
        volatile long lastUsed;

        Source(long permits, Duration window, long now) {
            this.limiter = RateLimiter.burstyBuilder(permits, window).build();
            this.created = now;
            this.lastUsed = now;
        }
    }

    SourceRateLimits(long permits, Duration window, int maxSources) {
        this.permits = permits;
        this.window = window;
        this.maxSources = Math.max(1, maxSources);
        this.overflow = new Source(permits, window, System.nanoTime());
    }

    /**
     * Takes a permit for {@code key}.
     *
     * @return {@code null} when the request may go on, otherwise how long until the source's next window
     */
    Duration acquire(String key) {
        long now = System.nanoTime();
        Source s = sources.get(key);
        if (s == null) {
            if (sources.size() >= maxSources) {
                long idle = window.toNanos();
                sources.values().removeIf(x -> now - x.lastUsed > idle);
            }
            s = sources.size() >= maxSources ? overflow
                    : sources.computeIfAbsent(key, a -> new Source(permits, window, now));
        }
        s.lastUsed = now;
        if (s.limiter.tryAcquirePermit()) {
            return null;
        }
        long w = window.toNanos();
        long intoWindow = Math.floorMod(now - s.created, w);
        return Duration.ofNanos(w - intoWindow);
    }

    /** @return how many sources are tracked one by one (for tests and status) */
    int tracked() {
        return sources.size();
    }
}
