/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The limits every request meets at the edge of both HTTP planes, before any resource reads it. */
@ObjectClassDefinition(name = "Hutong HTTP edge limits",
        description = "Body size per plane and a per-source rate limit for the endpoints strangers may call unsigned.")
public @interface EdgeLimits {

    /** The configuration PID. */
    String PID = "io.hutong.http.edge";

    @AttributeDefinition(name = "East-west body limit",
            description = "Largest request body in bytes on the east-west plane (management, control, UAS); 413 beyond it.")
    long east_west_max_body_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Admin body limit",
            description = "Largest request body in bytes on the admin plane (REST API and console); 413 beyond it.")
    long admin_max_body_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "PTP body limit",
            description = "Largest request body in bytes on the transport paths; answered E0000000413. The default is"
                    + " the transport's 128 MiB message limit as its HTTP adapter reads it (base64 JSON: +1/3, +64 KiB framing).")
    long ptp_max_body_bytes() default 134217728L + 134217728L / 3 + 64 * 1024;

    @AttributeDefinition(name = "PTP paths", description = "Path prefixes on the east-west plane that carry PTP transport messages.")
    String[] ptp_path_prefixes() default {"/v1/interconn/chan/"};

    @AttributeDefinition(name = "Larger admin bodies",
            description = "prefix=bytes entries for admin paths that accept more than the admin limit (bundle uploads).")
    String[] admin_body_limit_overrides() default {"/system/console/=67108864"};

    @AttributeDefinition(name = "Rate-limited paths",
            description = "East-west paths callable without a signature, limited per source address.")
    String[] rate_limited_paths() default {"/v1/interconn/node/contract/apply", "/v1/interconn/node/query"};

    @AttributeDefinition(name = "Requests per window", description = "Requests one source address may make to the rate-limited paths in one window (0: no limit).")
    int rate_limit_requests() default 20;

    @AttributeDefinition(name = "Window", description = "Length of the rate-limit window in seconds; the permits refill at its start.")
    int rate_limit_window_seconds() default 120;

    @AttributeDefinition(name = "Tracked sources", description = "Most source addresses tracked at once; beyond it new sources share one limiter.")
    int rate_limit_max_sources() default 10000;
}
