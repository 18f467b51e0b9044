/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What this node tells partners about itself and how it talks to them (PID {@code io.hutong.management}). */
@ObjectClassDefinition(name = "Hutong management plane", description = "Node description sent in contract applications, and east-west call settings")
public @interface ManagementConfig {

    @AttributeDefinition(name = "Address", description = "East-west address partners call this node at, e.g. http://10.0.0.5:7304")
    String address() default "http://127.0.0.1:7304";

    @AttributeDefinition(name = "Institution id", description = "inst_id of the institution running this node", required = false)
    String inst_id() default "";

    @AttributeDefinition(name = "Institution", description = "Institution name", required = false)
    String institution() default "";

    @AttributeDefinition(name = "Node name", description = "Display name; empty = the node id", required = false)
    String name() default "";

    @AttributeDefinition(name = "Description", required = false)
    String description() default "";

    @AttributeDefinition(name = "Timestamp window (s)", description = "Accepted clock difference of x-timestamp (decision M2: 300)")
    int timestamp_window_seconds() default 300;

    @AttributeDefinition(name = "Call timeout (s)", description = "Timeout of one east-west call")
    int call_timeout_seconds() default 15;

    @AttributeDefinition(name = "Outbox retry (ms)", description = "First retry delay of an undelivered confirm/terminate; doubles up to 60 s")
    long outbox_retry_ms() default 1000;

    @AttributeDefinition(name = "Outbox attempts", description = "Attempts per confirm/terminate before it becomes a dead"
            + " letter; 0 = no limit by count (the age limit still applies)")
    int outbox_max_attempts() default 0;

    @AttributeDefinition(name = "Outbox retries for at most (s)", description = "A confirm/terminate still not delivered this"
            + " long after it was queued becomes a dead letter")
    long outbox_max_age_seconds() default 86_400L;
}
