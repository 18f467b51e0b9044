/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a job definition means to the scheduler: its parties, sync mode and scheduler, and the faults it names. */
class JobDefinitionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JOB = "job-0123456789abcdef0123456789abcdef";
    static final String DAG = "{\"components\":[{\"name\":\"psi_0\",\"componentName\":\"ecdh_psi\",\"provider\":\"hutong\",\"version\":\"1.0.0\","
            + "\"output\":[{\"key\":\"train_data\",\"type\":\"dataset\"}]},{\"name\":\"count_1\",\"componentName\":\"count\",\"provider\":\"hutong\","
            + "\"version\":\"1.0.0\",\"input\":[{\"key\":\"psi_0.train_data\",\"type\":\"dataset\"}]}]}";

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    static String conf(String common) {
        return "{\"initiator\":{\"role\":\"guest\",\"node_id\":\"alice\"},\"role\":{\"guest\":[\"alice\"],\"host\":[\"bob\",\"alice\"]},"
                + "\"job_params\":{\"common\":" + common + "}}";
    }

    @Test
    void pollAndTheInitiatorAsSchedulerUnlessTheConfigurationSaysOtherwise() throws Exception {
        JobDefinition d = JobDefinition.parse(JOB, "f1", json(DAG), json(conf("{}")));
        assertEquals("poll", d.syncType());
        assertEquals("alice", d.scheduler());
        assertEquals(List.of("alice", "bob"), d.nodes(), "each node once, in the order of the roles");
        assertEquals("guest.0,host.1", d.rolesOf("alice"), "a node with two roles runs both in one run");
        JobDefinition c = JobDefinition.parse(JOB, null, json(DAG), json(conf("{\"sync_type\":\"callback\",\"scheduler\":\"carol\"}")));
        assertEquals("callback", c.syncType());
        assertEquals("carol", c.scheduler());
    }

    @Test
    void faultsAre400NamingTheField() throws Exception {
        ControlRefusal sync = assertThrows(ControlRefusal.class,
                () -> JobDefinition.parse(JOB, null, json(DAG), json(conf("{\"sync_type\":\"push\"}"))));
        assertEquals(400, sync.status());
        assertTrue(sync.getMessage().contains("config.job_params.common.sync_type"), sync.getMessage());
        ControlRefusal id = assertThrows(ControlRefusal.class, () -> JobDefinition.parse("job-1", null, json(DAG), json(conf("{}"))));
        assertTrue(id.getMessage().contains("job_id"), id.getMessage());
        ControlRefusal cycle = assertThrows(ControlRefusal.class, () -> JobDefinition.parse(JOB, null,
                json(DAG.replace("\"output\":[{\"key\":\"train_data\"", "\"input\":[{\"key\":\"count_1.out\",\"type\":\"dataset\"}],"
                        + "\"output\":[{\"key\":\"train_data\"").replace("\"input\":[{\"key\":\"psi_0.train_data\",\"type\":\"dataset\"}]}",
                        "\"input\":[{\"key\":\"psi_0.train_data\",\"type\":\"dataset\"}],\"output\":[{\"key\":\"out\",\"type\":\"dataset\"}]}")),
                json(conf("{}"))));
        assertTrue(cycle.getMessage().contains("cycle"), cycle.getMessage());
        ControlRefusal missing = assertThrows(ControlRefusal.class, () -> JobDefinition.parse(JOB, null, null, json(conf("{}"))));
        assertEquals("dag is missing", missing.getMessage().replaceFirst("^.*?(dag)", "$1"));
    }

    @Test
    void aStopFromATaskEndsItAndEverythingDownstream() throws Exception {
        JobDefinition d = JobDefinition.parse(JOB, null, json(DAG), json(conf("{}")));
        assertEquals(java.util.Set.of("psi_0", "count_1"), Participant.stopSet(d, "psi_0"));
        assertEquals(java.util.Set.of("count_1"), Participant.stopSet(d, "count_1"));
        assertEquals(java.util.Set.of("psi_0", "count_1"), Participant.stopSet(d, ""));
        assertEquals(400, assertThrows(ControlRefusal.class, () -> Participant.stopSet(d, "nope")).status());
    }

    @Test
    void aTaskIsFailedWhenOnePartyFailedAndSuccessfulOnlyWhenAllSucceeded() {
        assertEquals("FAILED", Scheduler.overall(List.of("SUCCESS", "FAILED")));
        assertEquals("RUNNING", Scheduler.overall(List.of("SUCCESS", "RUNNING")));
        assertEquals("READY", Scheduler.overall(List.of("READY", "RUNNING")));
        assertEquals("SUCCESS", Scheduler.overall(List.of("SUCCESS", "SUCCESS")));
    }
}
