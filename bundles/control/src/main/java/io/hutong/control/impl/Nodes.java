/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.api.governance.PeerCalls;

/**
 * The control endpoints of every node of a job (spec 20 §4.1), called the same way whether the node is this one or
 * a partner: this node's own participant and scheduler are called in process (a node has no contract with itself),
 * a partner's through a signed east-west call. A partner's refusal becomes a {@link ControlRefusal} with its status
 * and message, an unreachable partner a 503, so callers handle one kind of failure.
 */
final class Nodes {

    static final String BASE = "/v1/interconn/schedule/";

    private final String self;
    private final PeerCalls peers;
    private Participant participant;
    private Scheduler scheduler;

    Nodes(String self, PeerCalls peers) {
        this.self = self;
        this.peers = peers;
    }

    void local(Participant p, Scheduler s) {
        this.participant = p;
        this.scheduler = s;
    }

    String self() {
        return self;
    }

    private JsonNode post(String node, String endpoint, Map<String, String> query, Object body) {
        PeerCalls.Answer a;
        try {
            a = peers.call(node, "POST", BASE + endpoint, query, JobDefinition.JSON.writeValueAsString(body));
        } catch (IllegalArgumentException e) {
            throw ControlRefusal.conflict(e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new ControlRefusal(503, "node " + node + " is not reachable: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (!a.ok()) {
            int status = a.status() >= 400 && a.status() < 600 ? a.status() : 502;
            throw new ControlRefusal(status, "node " + node + " refused " + endpoint + ": " + (a.msg().isEmpty() ? "HTTP " + a.status() : a.msg()));
        }
        try {
            return JobDefinition.JSON.readTree(a.body()).path("data");
        } catch (JsonProcessingException e) {
            return JobDefinition.JSON.createObjectNode();
        }
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    /** E1: the initiator asks the scheduler to create the job everywhere. */
    void createAll(String node, JobDefinition def) {
        if (node.equals(self)) {
            scheduler.createAll(def, self);
        } else {
            post(node, "job/create_all", Map.of(), def.createBody());
        }
    }

    /** E2: the scheduler creates the job on a participant. */
    void create(String node, JobDefinition def) {
        if (node.equals(self)) {
            participant.create(def, self);
        } else {
            post(node, "job/create", Map.of(), def.createBody());
        }
    }

    /** E3 */
    void start(String node, String jobId) {
        if (node.equals(self)) {
            participant.start(jobId, self);
        } else {
            post(node, "job/start", Map.of(), body("job_id", jobId));
        }
    }

    /** E4 */
    void taskStart(String node, String taskId, String jobId, String taskName) {
        if (node.equals(self)) {
            participant.taskStart(taskId, jobId, taskName, self);
        } else {
            post(node, "task/start", Map.of(), body("task_id", taskId, "job_id", jobId, "task_name", taskName));
        }
    }

    /** E5: a party asks the scheduler to stop the job (from {@code taskName} on, or all of it when empty). */
    void stopAll(String node, String jobId, String taskName) {
        if (node.equals(self)) {
            scheduler.stopAll(jobId, taskName, self);
        } else {
            post(node, "job/stop_all", Map.of(), body("job_id", jobId, "task_name", taskName));
        }
    }

    /** E6 */
    void stop(String node, String jobId, String taskName) {
        if (node.equals(self)) {
            participant.stop(jobId, taskName, self);
        } else {
            post(node, "job/stop", Map.of(), body("job_id", jobId, "task_name", taskName));
        }
    }

    /** E7: @return {@code {job_status, status}} as the scheduler answers it */
    JsonNode statusAll(String node, String jobId) {
        if (node.equals(self)) {
            return JobDefinition.JSON.valueToTree(scheduler.statusAll(jobId, self));
        }
        return post(node, "job/status_all", Map.of("job_id", jobId), Map.of());
    }

    /** E8: @return the task's status on the node */
    String poll(String node, String taskId, String role) {
        if (node.equals(self)) {
            return participant.poll(taskId, self);
        }
        return post(node, "task/poll", Map.of(), body("task_id", taskId, "role", role)).path("status").asText("");
    }

    /** E9: a participant reports its task's status to the scheduler. */
    void callback(String node, String taskId, String status, String role) {
        if (node.equals(self)) {
            scheduler.callback(taskId, status, self);
        } else {
            post(node, "task/callback", Map.of(), body("task_id", taskId, "status", status, "role", role));
        }
    }
}
