/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the session queues (PID {@code io.hutong.transport.queues}, decisions T2, T5, T6). */
@ObjectClassDefinition(name = "Hutong transport queues", description = "Bounds and timeouts of the PTP session queues")
public @interface QueueConfig {

    @AttributeDefinition(name = "Maximum message size (bytes)", description = "Larger messages are refused with E0000000413")
    long message_max_bytes() default 128L * 1024 * 1024;

    @AttributeDefinition(name = "Buffered bytes per session", description = "Unread bytes a session may hold; beyond, push answers E0000000700")
    long session_max_bytes() default 256L * 1024 * 1024;

    @AttributeDefinition(name = "Maximum pop wait (ms)", description = "Longer pop timeouts are cut to this")
    long pop_max_wait_ms() default 300_000L;

    @AttributeDefinition(name = "Released session memory (s)", description = "How long a released session answers E0000000608")
    long released_ttl_seconds() default 600L;

    @AttributeDefinition(name = "Idle session expiry (s)", description = "A session untouched this long is dropped with its unread messages")
    long session_idle_seconds() default 86_400L;

    @AttributeDefinition(name = "Remembered message ids per queue", description = "Window of duplicate suppression (T12)")
    int dedup_window() default 100_000;
}
