/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.control.dag.Dag;
import io.hutong.api.control.dag.DagFault;
import io.hutong.api.control.dag.JobConfig;
import io.hutong.api.control.dag.JobId;

/**
 * A job as spec 20 §5 defines it, checked (decision GOV4): its id, flow, DAG and configuration, the sync mode
 * ({@code job_params.common.sync_type}, {@code poll} by default, A-20) and the scheduler
 * ({@code job_params.common.scheduler}, the initiator by default, decision CTL1). A fault is a 400 naming the field.
 *
 * @param dagJson    the DAG as received, kept to answer and to compare with the approved one
 * @param configJson the configuration as received
 */
record JobDefinition(String jobId, String flowId, Dag dag, JobConfig config, String dagJson, String configJson, String scheduler,
                     String syncType) {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String POLL = "poll";
    static final String CALLBACK = "callback";

    static JobDefinition parse(String jobId, String flowId, JsonNode dag, JsonNode config) {
        try {
            JobId.require("job_id", jobId);
            if (dag == null || dag.isNull() || dag.isMissingNode()) {
                throw new DagFault("dag", "is missing");
            }
            if (config == null || config.isNull() || config.isMissingNode()) {
                throw new DagFault("config", "is missing");
            }
            Dag d = Dag.parse(JSON.convertValue(dag, Object.class));
            JobConfig c = JobConfig.parse(JSON.convertValue(config, Object.class), d, "config");
            Object sync = c.jobParams().common().getOrDefault("sync_type", POLL);
            if (!(sync instanceof String s) || !(s.equals(POLL) || s.equals(CALLBACK))) {
                throw new DagFault("config.job_params.common.sync_type", "must be poll or callback, not " + sync);
            }
            Object scheduler = c.jobParams().common().getOrDefault("scheduler", c.initiator().nodeId());
            if (!(scheduler instanceof String sch) || sch.isBlank() || sch.length() > 128) {
                throw new DagFault("config.job_params.common.scheduler", "must be a node id");
            }
            if (flowId != null && flowId.length() > 256) {
                throw new DagFault("flow_id", "is longer than 256 characters");
            }
            return new JobDefinition(jobId, flowId, d, c, JSON.writeValueAsString(dag), JSON.writeValueAsString(config), sch, s);
        } catch (DagFault e) {
            throw ControlRefusal.badRequest(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ControlRefusal.badRequest(e.getMessage());
        } catch (JsonProcessingException e) {
            throw ControlRefusal.badRequest("the job cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** @return a stored job's definition */
    static JobDefinition of(JobStore.Job j) {
        try {
            return parse(j.jobId(), j.flowId(), JSON.readTree(j.dag()), JSON.readTree(j.config()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + j.jobId() + " is stored unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** @return the initiator's node id */
    String initiator() {
        return config.initiator().nodeId();
    }

    /** @return the nodes of the job, each once, in the order of the configuration's roles */
    List<String> nodes() {
        List<String> out = new ArrayList<>();
        config.parties().forEach(p -> {
            if (!out.contains(p.nodeId())) {
                out.add(p.nodeId());
            }
        });
        return out;
    }

    /** @return the parties ({@code <role>.<i>}) a node holds, in configuration order */
    List<JobConfig.Party> partiesOf(String nodeId) {
        return config.parties().stream().filter(p -> p.nodeId().equals(nodeId)).toList();
    }

    /** @return {@code config.self_role} for a node: its parties, comma-separated */
    String rolesOf(String nodeId) {
        return String.join(",", partiesOf(nodeId).stream().map(JobConfig.Party::toString).toList());
    }

    /** @return whether two definitions say the same (DAG and configuration as JSON trees) */
    boolean sameAs(String otherDag, String otherConfig) {
        try {
            return JSON.readTree(dagJson).equals(JSON.readTree(otherDag)) && JSON.readTree(configJson).equals(JSON.readTree(otherConfig));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** @return the body of {@code job/create_all} and {@code job/create} (E1, E2) */
    Map<String, Object> createBody() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("job_id", jobId);
        if (flowId != null) {
            b.put("flow_id", flowId);
        }
        try {
            b.put("dag", JSON.readTree(dagJson));
            b.put("config", JSON.readTree(configJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return b;
    }
}
