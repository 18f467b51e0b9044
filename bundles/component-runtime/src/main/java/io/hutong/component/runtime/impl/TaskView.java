/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.hutong.api.component.TaskStatus;

/**
 * A task's status as the admin API answers it, with the standard's snake_case names and times as
 * ISO-8601 UTC text.
 */
public record TaskView(@JsonProperty("task_id") String taskId, String component, String version, String role,
        String status, String reason, double progress, String stage, String started, String ended) {

    static TaskView of(TaskStatus s) {
        return new TaskView(s.taskId(), s.component(), s.version(), s.role(), s.state(), s.reason(), s.progress(),
                s.stage(), text(s.started()), text(s.ended()));
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
