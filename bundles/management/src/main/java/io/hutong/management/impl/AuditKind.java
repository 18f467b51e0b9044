/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.api.control.dag.Dag;
import io.hutong.api.control.dag.DagFault;
import io.hutong.api.control.dag.JobConfig;
import io.hutong.api.control.dag.JobId;

/**
 * The five kinds of approval (spec 10 §3-§8): what an apply must carry and which field names the
 * resource. The endpoint paths are {@code /v1/interconn/<path>/audit/{apply,confirm,terminate,query}}.
 */
enum AuditKind {
    DATASET("dataset", "dataset_id"),
    PROJECT("project", "project_id"),
    FLOW("flow", "flow_id"),
    JOB("job", "job_id"),
    MODEL("model", "model_id");

    static final Set<String> PROJECT_TYPES = Set.of("HETERO_FL", "MPC", "HOMO_FL", "PSI", "ANONYM_FL");
    static final Set<String> SCOPE_KEYS = Set.of("NODE", "PROJECT", "COMPONENT");

    final String path;
    final String resourceField;

    AuditKind(String path, String resourceField) {
        this.path = path;
        this.resourceField = resourceField;
    }

    static AuditKind of(String name) {
        for (AuditKind k : values()) {
            if (k.path.equalsIgnoreCase(name) || k.name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw Refusal.notFound("no approval kind '" + name + "' (dataset, project, flow, job, model)");
    }

    String base() {
        return "/v1/interconn/" + path + "/audit/";
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the standard defines {@code …/audit/query} for this kind (job has none, A-41). */
    boolean queryable() {
        return this != JOB;
    }

    /**
     * Checks an apply body field by field, as the standard's tables require.
     *
     * @return the resource id the apply is about
     */
    String validateApply(ObjectNode b) {
        Json.text(b, "audit_id");
        switch (this) {
            case DATASET -> {
                Json.text(b, "contract_id");
                Json.optLong(b, "time_limit");
                Json.optLong(b, "times_limit");
                JsonNode scope = b.get("auth_scope");
                if (scope != null && !scope.isNull()) {
                    if (!scope.isObject()) {
                        throw Refusal.badRequest("auth_scope must be a map of NODE|PROJECT|COMPONENT to id lists");
                    }
                    for (Iterator<String> it = scope.fieldNames(); it.hasNext(); ) {
                        String k = it.next();
                        if (!SCOPE_KEYS.contains(k)) {
                            throw Refusal.badRequest("auth_scope key must be NODE, PROJECT or COMPONENT, got '" + k + "'");
                        }
                        if (!scope.get(k).isArray()) {
                            throw Refusal.badRequest("auth_scope." + k + " must be a list of ids");
                        }
                    }
                }
            }
            case PROJECT -> {
                Json.text(b, "contract_id");
                Json.text(b, "name");
                String type = Json.optText(b, "type");
                if (type != null && !PROJECT_TYPES.contains(type)) {
                    throw Refusal.badRequest("type must be one of " + PROJECT_TYPES + ", got '" + type + "'");
                }
                int i = 0;
                for (Iterator<JsonNode> it = Json.elements(b, "datasets"); it.hasNext(); i++) {
                    JsonNode d = it.next();
                    for (String f : new String[] {"dataset_id", "name", "owner"}) {
                        JsonNode v = d.get(f);
                        if (v == null || !v.isTextual() || v.asText().isBlank()) {
                            throw Refusal.badRequest("datasets[" + i + "]." + f + " is required");
                        }
                    }
                }
            }
            case FLOW -> {
                Json.text(b, "name");
                Json.optText(b, "project_id");
                jobConfig(b);
            }
            case JOB -> {
                try {
                    JobId.require("job_id", Json.text(b, "job_id"));
                } catch (DagFault f) {
                    throw Refusal.badRequest(f.getMessage());
                }
                Json.text(b, "flow_id");
                Json.text(b, "name");
                Json.text(b, "project_id");
                jobConfig(b);
            }
            case MODEL -> {
                Json.text(b, "apply_project_id");
                Json.optText(b, "digest");
                Json.optText(b, "task_id");
            }
            default -> throw new IllegalStateException();
        }
        return Json.text(b, resourceField);
    }

    /** The field holding the job configuration in an apply of this kind: {@code config} in a flow, {@code conf} in a job. */
    String configField() {
        return this == JOB ? "conf" : "config";
    }

    /**
     * Reads the DAG and job configuration of a flow or job apply (spec 20 §5; a job's {@code conf} is required, a
     * flow's {@code config} optional).
     *
     * @return the configuration, null when a flow has none or the kind carries no DAG
     * @throws jakarta.ws.rs.WebApplicationException 400 naming the field at fault
     */
    JobConfig jobConfig(ObjectNode b) {
        if (this != FLOW && this != JOB) {
            return null;
        }
        Json.requiredObject(b, "dag");
        try {
            Dag dag = Dag.parse(Json.tree(b.get("dag")));
            JsonNode conf = b.get(configField());
            if (conf == null || conf.isNull()) {
                if (this == JOB) {
                    throw Refusal.badRequest("conf is required");
                }
                return null;
            }
            return JobConfig.parse(Json.tree(conf), dag, configField());
        } catch (DagFault f) {
            throw Refusal.badRequest(f.getMessage());
        }
    }

    /**
     * Refuses a flow or job whose configuration gives {@code approver} no role: a node approves only what it takes
     * part in (decision GOV4).
     */
    void requireTakesPart(ObjectNode b, String approver) {
        JobConfig conf = jobConfig(b);
        if (conf != null && !conf.involves(approver)) {
            throw Refusal.badRequest(configField() + ".role gives node " + approver + ", which approves this " + label()
                    + ", no role " + conf.roles());
        }
    }
}
