/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hutong.api.component.ComponentDescription;
import io.hutong.api.governance.JobApprovals;

/**
 * The environment contract (spec 30 §3) a participant gives each task of a job: who is who, the job's session, the
 * hyper-parameters and this party's binding, outputs named as the standard names them, inputs wired from the DAG to
 * the component's declared inputs, and a dataset binding resolved through the node's catalog (decision CTL4).
 */
class ParticipantEnvironmentTest {

    /** The node's dataset catalog as management answers it: two datasets, one outside the task storage. */
    static final JobApprovals CATALOG = new JobApprovals() {
        @Override
        public Optional<ApprovedJob> approvedJob(String jobId) {
            return Optional.empty();
        }

        @Override
        public Optional<Dataset> dataset(String datasetId) {
            return Optional.ofNullable(Map.of("ids", new Dataset("ids", "storage/demo/alice.csv"),
                    "loose", new Dataset("loose", "alice.csv")).get(datasetId));
        }

        @Override
        public Optional<String> datasetRefusal(String datasetId, String nodeId) {
            return Optional.empty();
        }
    };

    static ComponentDescription component(String code, String... inputs) {
        return new ComponentDescription() {
            public String code() {
                return code;
            }

            public String version() {
                return "1.0.0";
            }

            public String name() {
                return code;
            }

            public String engine() {
                return "in-process";
            }

            public List<Map<String, Object>> inputs() {
                return java.util.Arrays.stream(inputs).map(n -> Map.<String, Object>of("name", n, "category", "dataset")).toList();
            }
        };
    }

    static final String JOB = JobDefinitionTest.JOB;

    static JobDefinition job(String aliceBinding) throws Exception {
        String conf = "{\"initiator\":{\"role\":\"guest\",\"node_id\":\"alice\"},\"role\":{\"guest\":[\"alice\"],\"host\":[\"bob\"]},"
                + "\"task_params\":{\"common\":{\"psi_0\":{\"curve_type\":\"curve25519\",\"sync\":true,\"rsa\":{\"bits\":2048}}},"
                + "\"guest\":{\"0\":{\"psi_0\":" + aliceBinding + "}}}}";
        return JobDefinition.parse(JOB, null, JobDefinitionTest.json(JobDefinitionTest.DAG), JobDefinitionTest.json(conf));
    }

    static Participant alice() {
        return new Participant(null, "alice", CATALOG, null, () -> List.of(component("ecdh_psi", "train_data"), component("count", "data")),
                null, System::currentTimeMillis, s -> { });
    }

    @Test
    void theFirstTaskGetsItsPartiesSessionParametersBindingAndOutputs() throws Exception {
        JobDefinition d = job("{\"dataset_id\":\"ids\",\"id_column\":\"id\"}");
        Map<String, String> env = alice().environment(d, "task_a", d.dag().component("psi_0").orElseThrow(), Map.of());
        assertEquals("task_a", env.get("config.task_id"));
        assertEquals("guest.0", env.get("config.self_role"));
        assertEquals("alice", env.get("config.node_id.guest.0"));
        assertEquals("bob", env.get("config.node_id.host.0"));
        assertEquals("session_" + JOB, env.get("config.session_id"), "one session for every task of the job (CTL3)");
        assertEquals("ecdh_psi", env.get("runtime.component.name"));
        assertEquals("curve25519", env.get("runtime.component.parameter.curve_type"));
        assertEquals("true", env.get("runtime.component.parameter.sync"), "booleans lower case (A-42)");
        assertEquals("{\"bits\":2048}", env.get("runtime.component.parameter.rsa"), "objects as JSON");
        assertEquals("id", env.get("runtime.component.parameter.id_column"), "the party's own parameters too");
        assertTrue(!env.containsKey("runtime.component.parameter.dataset_id"), "the binding is an input, not a parameter");
        assertEquals("{\"name\":\"alice.csv\",\"namespace\":\"demo\"}", env.get("runtime.component.input.train_data"));
        assertEquals("{\"name\":\"task_a-train_data\",\"namespace\":\"" + JOB + "-guest-0\"}", env.get("runtime.component.output.train_data"));
    }

    @Test
    void aDownstreamTaskReadsItsUpstreamOutputOnThisNodeThroughItsDeclaredInput() throws Exception {
        JobDefinition d = job("{\"dataset_id\":\"ids\"}");
        Map<String, String> env = alice().environment(d, "task_b", d.dag().component("count_1").orElseThrow(), Map.of("psi_0", "task_a"));
        assertEquals("{\"name\":\"task_a-train_data\",\"namespace\":\"" + JOB + "-guest-0\"}", env.get("runtime.component.input.data"));
    }

    @Test
    void aDatasetOutsideTheTaskStorageOrNotInTheCatalogIsRefused() throws Exception {
        JobDefinition loose = job("{\"dataset_id\":\"loose\"}");
        ControlRefusal outside = assertThrows(ControlRefusal.class,
                () -> alice().environment(loose, "task_a", loose.dag().component("psi_0").orElseThrow(), Map.of()));
        assertEquals(400, outside.status());
        assertTrue(outside.getMessage().contains("outside the task storage"), outside.getMessage());
        JobDefinition unknown = job("{\"dataset_id\":\"nope\"}");
        ControlRefusal missing = assertThrows(ControlRefusal.class,
                () -> alice().environment(unknown, "task_a", unknown.dag().component("psi_0").orElseThrow(), Map.of()));
        assertTrue(missing.getMessage().contains("dataset nope (config.task_params.guest.0.psi_0) is not in node alice's catalog"),
                missing.getMessage());
    }
}
