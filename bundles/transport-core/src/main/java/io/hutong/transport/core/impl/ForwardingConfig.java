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
}
