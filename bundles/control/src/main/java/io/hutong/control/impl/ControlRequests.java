/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The request bodies of the control endpoints (spec 20 §4) as typed DTOs with their constraints: the http bundle's
 * JSON reader binds and validates them before a resource runs (decision AUTH7), so every endpoint answers a
 * malformed body 400 in the envelope. {@code dag} and {@code config} stay JSON trees: {@link JobDefinition} checks
 * their structure and names the faulty field.
 */
public final class ControlRequests {

    private ControlRequests() {
    }

    static final String REQUIRED = "is required";
    static final String JOB_ID = "job-[0-9a-f]{32}";
    static final String JOB_ID_MSG = "must be job- followed by 32 lower-case hex digits";
    static final String TASK_ID = "task_[0-9a-f]{32}";
    static final String TASK_ID_MSG = "must be task_ followed by 32 lower-case hex digits";
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9_-]{0,127}";
    static final String NAME_MSG = "must be a DAG instance name (letters, digits, '_' and '-', at most 128)";
    static final String STATUS = "PENDING|READY|RUNNING|SUCCESS|FAILED";
    static final String STATUS_MSG = "must be PENDING, READY, RUNNING, SUCCESS or FAILED";

    /** E1 {@code job/create_all} and E2 {@code job/create}. */
    public record JobCreate(
            @JsonProperty("job_id") @NotBlank(message = REQUIRED) @Pattern(regexp = JOB_ID, message = JOB_ID_MSG) String jobId,
            @JsonProperty("flow_id") @Size(max = 256, message = "must be at most {max} characters") String flowId,
            @NotNull(message = REQUIRED) JsonNode dag,
            @NotNull(message = REQUIRED) JsonNode config) {
    }

    /**
     * N1 {@code job/create_all} on the platform API: the standard has no job id here, the node makes one; Hutong also
     * takes the id of a job the partners approved beforehand (job audit, which names its id: decision CTL8).
     */
    public record PlatformJobCreate(
            @JsonProperty("job_id") @Pattern(regexp = JOB_ID, message = JOB_ID_MSG) String jobId,
            @JsonProperty("flow_id") @Size(max = 256, message = "must be at most {max} characters") String flowId,
            @NotNull(message = REQUIRED) JsonNode dag,
            @NotNull(message = REQUIRED) JsonNode config) {
    }

    /** E3 {@code job/start}, N2 {@code job/stop_all}. */
    public record JobRef(
            @JsonProperty("job_id") @NotBlank(message = REQUIRED) @Pattern(regexp = JOB_ID, message = JOB_ID_MSG) String jobId) {
    }

    /** E4 {@code task/start}. */
    public record TaskStart(
            @JsonProperty("task_id") @NotBlank(message = REQUIRED) @Pattern(regexp = TASK_ID, message = TASK_ID_MSG) String taskId,
            @JsonProperty("job_id") @NotBlank(message = REQUIRED) @Pattern(regexp = JOB_ID, message = JOB_ID_MSG) String jobId,
            @JsonProperty("task_name") @NotBlank(message = REQUIRED) @Pattern(regexp = NAME, message = NAME_MSG) String taskName) {
    }

    /** E5 {@code job/stop_all}, E6 {@code job/stop}: {@code task_name} optional. */
    public record JobStop(
            @JsonProperty("job_id") @NotBlank(message = REQUIRED) @Pattern(regexp = JOB_ID, message = JOB_ID_MSG) String jobId,
            @JsonProperty("task_name") @Pattern(regexp = "|" + NAME, message = NAME_MSG) String taskName) {
    }

    /** N7 {@code job/stop_task}: {@code task_name} required. */
    public record StopTask(
            @JsonProperty("job_id") @NotBlank(message = REQUIRED) @Pattern(regexp = JOB_ID, message = JOB_ID_MSG) String jobId,
            @JsonProperty("task_name") @NotBlank(message = REQUIRED) @Pattern(regexp = NAME, message = NAME_MSG) String taskName) {
    }

    /** E8 {@code task/poll}. */
    public record TaskPoll(
            @JsonProperty("task_id") @NotBlank(message = REQUIRED) @Pattern(regexp = TASK_ID, message = TASK_ID_MSG) String taskId,
            @NotBlank(message = REQUIRED) @Size(max = 128, message = "must be at most {max} characters") String role) {
    }

    /** E9 {@code task/callback}. */
    public record TaskCallback(
            @JsonProperty("task_id") @NotBlank(message = REQUIRED) @Pattern(regexp = TASK_ID, message = TASK_ID_MSG) String taskId,
            @NotBlank(message = REQUIRED) @Pattern(regexp = STATUS, message = STATUS_MSG) String status,
            @NotBlank(message = REQUIRED) @Size(max = 128, message = "must be at most {max} characters") String role) {
    }
}
