/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** East-west forwarding settings (PID {@code io.hutong.transport.forwarding}, decision T12). */
@ObjectClassDefinition(name = "Hutong transport forwarding", description = "Outbound queues to peer nodes")
public @interface ForwardingConfig {

    @AttributeDefinition(name = "Undelivered bytes per peer", description = "Beyond, push to that peer answers E0000000700")
    long outbox_max_bytes() default 512L * 1024 * 1024;

    @AttributeDefinition(name = "Longest pause between retries (ms)")
    long retry_max_backoff_ms() default 2000L;

    @AttributeDefinition(name = "Roundtrip timeout (ms)", description = "How long a roundtrip waits for the peer's answer"
            + " before it fails with E0000000601")
    long roundtrip_timeout_ms() default 60_000L;

    @AttributeDefinition(name = "Attempts per message", description = "After this many failed attempts a message becomes a"
            + " dead letter; 0 = no limit by count (the age limit still applies)")
    int retry_max_attempts() default 0;

    @AttributeDefinition(name = "Retry for at most (s)", description = "A message still not delivered this long after its"
            + " first attempt becomes a dead letter")
    long retry_max_age_seconds() default 86_400L;

    @AttributeDefinition(name = "Deliveries in flight per peer", description = "Sessions whose next message is being"
            + " delivered to one peer at the same time; more wait their turn")
    int peer_max_in_flight() default 64;

    @AttributeDefinition(name = "Messages in flight per session and topic", description = "How many messages of one"
            + " (session, topic) may be on their way to a peer at once, when the adapter carries them on a stream that keeps"
            + " their order (gRPC); 1, or an adapter without such a stream (HTTP), sends one at a time")
    int lane_window() default 32;

    @AttributeDefinition(name = "Bytes in flight per session and topic", description = "Payload bytes of one (session, topic)"
            + " on their way at once on such a stream; a message larger than this still goes, alone")
    long lane_window_bytes() default 8L * 1024 * 1024;

    @AttributeDefinition(name = "Dead-letter bytes", description = "Payload bytes kept in the dead-letter list; beyond,"
            + " the oldest dead letters are forgotten (logged and counted)")
    long dead_letters_max_bytes() default 256L * 1024 * 1024;
}
