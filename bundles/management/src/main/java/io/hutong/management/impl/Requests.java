/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The request bodies of the east-west management endpoints (spec 10) as typed DTOs with their constraints
 * (decision AUTH7): lengths no longer than the columns that store them (V2__governance.sql), identifiers in
 * a safe alphabet, {@code address} an http(s) URL, int32 fields within int32. The http bundle's JSON reader
 * binds and validates them before a resource runs; fields the standard does not define are not bound, so
 * they are never stored (AUTH8). {@code dag}, {@code config} and {@code conf} stay raw JSON objects: their
 * structure is checked by Governance.
 */
public final class Requests {

    private Requests() {
    }

    static final String REQUIRED = "is required";
    static final String TOO_LONG = "must be at most {max} characters";
    static final String ID = "[A-Za-z0-9._:-]+";
    static final String ID_MSG = "may contain only letters, digits, '.', '_', ':' and '-'";
    static final String URL = "(?i)https?://[^\\s/?#@]+(/[^\\s]*)?";
    static final String URL_MSG = "must be an http:// or https:// URL";
    static final String INT32 = "must be between 0 and 2147483647";

    /** Every DTO turns into the JSON object Governance works on (only the declared, non-null fields). */
    public interface Body {
        default ObjectNode json() {
            // through text, so numbers come back as the stored JSON reads them (an int is an IntNode, not a
            // LongNode) and a resent apply equals the stored one
            return Json.parseStored(Json.write(this));
        }
    }

    /** {@code node/contract/apply} (spec 10 §2.1). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContractApply(
            @NotBlank(message = REQUIRED) @Size(max = 512, message = TOO_LONG) @Pattern(regexp = URL, message = URL_MSG) String address,
            @JsonProperty("auth_credential") @NotBlank(message = REQUIRED) @Size(max = 8000, message = TOO_LONG) String authCredential,
            @JsonProperty("auth_type") @NotBlank(message = REQUIRED) @Size(max = 32, message = TOO_LONG) String authType,
            @JsonProperty("inst_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) String instId,
            @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String institution,
            @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String name,
            @JsonProperty("node_id") @JsonAlias("nodeId") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG)
            @Pattern(regexp = ID, message = ID_MSG) String nodeId,
            @NotBlank(message = REQUIRED) @Size(max = 64, message = TOO_LONG) String system,
            @JsonProperty("system_version") @NotBlank(message = REQUIRED) @Size(max = 64, message = TOO_LONG) String systemVersion,
            @Size(max = 1024, message = TOO_LONG) String description,
            @JsonProperty("expired_time") @PositiveOrZero(message = "must not be negative") Long expiredTime) implements Body {
    }

    /** {@code node/contract/confirm} (spec 10 §2.2); the key is required for APPROVED, checked by Governance. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContractConfirm(
            @JsonProperty("contract_id") @JsonAlias("contract_Id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG)
            String contractId,
            @NotBlank(message = REQUIRED) @Size(max = 16, message = TOO_LONG) String status,
            @JsonProperty("auth_type") @Size(max = 32, message = TOO_LONG) String authType,
            @JsonProperty("auth_credential") @Size(max = 8000, message = TOO_LONG) String authCredential,
            @JsonProperty("expired_time") @PositiveOrZero(message = "must not be negative") Long expiredTime) implements Body {
    }

    /** {@code node/contract/terminate} (spec 10 §2.3). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContractTerminate(
            @JsonProperty("contract_id") @JsonAlias("contract_Id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG)
            String contractId) implements Body {
    }

    /** {@code node/update} (spec 10 §2.4). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeUpdate(
            @JsonProperty("contract_id") @JsonAlias("contract_Id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG)
            String contractId,
            @NotBlank(message = REQUIRED) @Size(max = 512, message = TOO_LONG) @Pattern(regexp = URL, message = URL_MSG) String address,
            @JsonProperty("auth_credential") @NotBlank(message = REQUIRED) @Size(max = 8000, message = TOO_LONG) String authCredential,
            @JsonProperty("auth_type") @NotBlank(message = REQUIRED) @Size(max = 32, message = TOO_LONG) String authType,
            @JsonProperty("inst_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) String instId,
            @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String institution,
            @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String name,
            @NotBlank(message = REQUIRED) @Size(max = 64, message = TOO_LONG) String system,
            @JsonProperty("system_version") @NotBlank(message = REQUIRED) @Size(max = 64, message = TOO_LONG) String systemVersion,
            @Size(max = 1024, message = TOO_LONG) String description) implements Body {
    }

    /** {@code …/audit/confirm} (spec 10 §1.3). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuditConfirm(
            @JsonProperty("audit_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) String auditId,
            @NotBlank(message = REQUIRED) @Size(max = 16, message = TOO_LONG) String status,
            @JsonProperty("resource_permit") JsonNode resourcePermit) implements Body {
    }

    /** {@code …/audit/terminate} (spec 10 §1.3). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuditTerminate(
            @JsonProperty("audit_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) String auditId) implements Body {
    }

    /** {@code dataset/audit/apply} (spec 10 §3.3). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetApply(
            @JsonProperty("audit_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) @Pattern(regexp = ID, message = ID_MSG)
            String auditId,
            @JsonProperty("auth_scope") JsonNode authScope,
            @JsonProperty("contract_id") @JsonAlias("contract_Id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG)
            String contractId,
            @JsonProperty("dataset_id") @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String datasetId,
            @JsonProperty("time_limit") @PositiveOrZero(message = "must not be negative") Long timeLimit,
            @JsonProperty("times_limit") @PositiveOrZero(message = INT32) @Max(value = Integer.MAX_VALUE, message = INT32) Long timesLimit)
            implements Body {
    }

    /** One partner dataset of a project apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProjectDataset(
            @Size(max = 256, message = TOO_LONG) String category,
            @PositiveOrZero(message = INT32) @Max(value = Integer.MAX_VALUE, message = INT32) Long count,
            @JsonProperty("dataset_id") @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String datasetId,
            @Size(max = 1024, message = TOO_LONG) String description,
            @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String name,
            @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) String owner) {
    }

    /** {@code project/audit/apply} (spec 10 §4.1). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProjectApply(
            @JsonProperty("audit_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) @Pattern(regexp = ID, message = ID_MSG)
            String auditId,
            @JsonProperty("contract_id") @JsonAlias("contract_Id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG)
            String contractId,
            @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String name,
            @JsonProperty("project_id") @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String projectId,
            @Size(max = 32, message = TOO_LONG) String type,
            @Size(max = 1000, message = "must list at most {max} datasets") List<@Valid @NotNull(message = REQUIRED) ProjectDataset> datasets,
            @Size(max = 1024, message = TOO_LONG) String description) implements Body {
    }

    /** {@code flow/audit/apply} (spec 10 §6.1). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlowApply(
            @JsonProperty("audit_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) @Pattern(regexp = ID, message = ID_MSG)
            String auditId,
            JsonNode config,
            @NotNull(message = REQUIRED) JsonNode dag,
            @Size(max = 1024, message = TOO_LONG) String description,
            @JsonProperty("flow_id") @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String flowId,
            @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String name,
            @JsonProperty("project_id") @Size(max = 256, message = TOO_LONG) String projectId) implements Body {
    }

    /** {@code job/audit/apply} (spec 10 §7.1); the job id is the control layer's {@code job-} + 32 hex (AUTH9). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobApply(
            @JsonProperty("audit_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) @Pattern(regexp = ID, message = ID_MSG)
            String auditId,
            @JsonProperty("job_id") @NotBlank(message = REQUIRED) @Pattern(regexp = "job-[0-9a-fA-F]{32}", message = "must be job- followed by 32 hex digits")
            String jobId,
            @JsonProperty("flow_id") @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String flowId,
            @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String name,
            @JsonProperty("project_id") @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String projectId,
            @NotNull(message = REQUIRED) JsonNode dag,
            @NotNull(message = REQUIRED) JsonNode conf,
            @Size(max = 1024, message = TOO_LONG) String description) implements Body {
    }

    /** {@code model/audit/apply} (spec 10 §8.1). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelApply(
            @JsonProperty("apply_project_id") @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String applyProjectId,
            @JsonProperty("audit_id") @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) @Pattern(regexp = ID, message = ID_MSG)
            String auditId,
            @Size(max = 256, message = TOO_LONG) String digest,
            @JsonProperty("model_id") @NotBlank(message = REQUIRED) @Size(max = 256, message = TOO_LONG) String modelId,
            @JsonProperty("task_id") @Size(max = 256, message = TOO_LONG) String taskId) implements Body {
    }
}
