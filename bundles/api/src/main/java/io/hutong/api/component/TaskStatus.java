/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.time.Instant;

/**
 * The state of one task as the runtime tracks it, and as {@code /v1/platform/algorithm/task/query}
 * answers it (spec 30 §6.1).
 *
 * @param taskId    {@code config.task_id}
 * @param component {@code componentName} of the component that runs it
 * @param version   the component version it runs on
 * @param role      the role of this node in the task, e.g. {@code host} (without the index)
 * @param state     {@link #RUNNING}, {@link #SUCCESS} or {@link #FAILED}
 * @param reason    why it failed; null unless FAILED
 * @param progress  0.0 to 1.0
 * @param stage     what it is doing, as the component last reported
 * @param started   when it started
 * @param ended     when it ended; null while RUNNING
 */
public record TaskStatus(String taskId, String component, String version, String role, String state, String reason,
        double progress, String stage, Instant started, Instant ended) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCESS = "SUCCESS";
    public static final String FAILED = "FAILED";
}
