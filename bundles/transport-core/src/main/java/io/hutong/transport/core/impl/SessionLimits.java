/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.time.Duration;

/**
 * The limits {@link BoundedSessionQueues} enforces, read from {@link QueueConfig}.
 *
 * @param messageMaxBytes larger messages are refused (E0000000413)
 * @param sessionMaxBytes unread bytes per session (E0000000700 beyond)
 * @param popMaxWait      longest pop wait
 * @param releasedTtl     how long a released session is remembered
 * @param sessionIdle     idle time after which a session is dropped
 * @param dedupWindow     message ids remembered per queue
 */
record SessionLimits(long messageMaxBytes, long sessionMaxBytes, Duration popMaxWait, Duration releasedTtl,
                     Duration sessionIdle, int dedupWindow) {

    static SessionLimits of(QueueConfig c) {
        return new SessionLimits(c.message_max_bytes(), c.session_max_bytes(), Duration.ofMillis(c.pop_max_wait_ms()),
                Duration.ofSeconds(c.released_ttl_seconds()), Duration.ofSeconds(c.session_idle_seconds()), c.dedup_window());
    }
}
