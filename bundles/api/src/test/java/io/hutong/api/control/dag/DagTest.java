/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.control.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The DAG and job configuration of spec 20 §5 as a sender writes them, and each fault a receiver must name. */
class DagTest {

    static Map<String, Object> component(String name, List<Map<String, Object>> input, List<Map<String, Object>> output) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("componentName", "Intersection");
        c.put("provider", "unionpay");
        c.put("version", "2.0.0");
        c.put("input", new ArrayList<>(input));
        c.put("output", new ArrayList<>(output));
        return c;
    }

    static Map<String, Object> port(String key, String type) {
        return new LinkedHashMap<>(Map.of("key", key, "type", type));
    }

    /** The guide's example DAG: an intersection feeding a logistic regression. */
    static Map<String, Object> guideDag() {
        Map<String, Object> dag = new LinkedHashMap<>();
        dag.put("version", "2.0");
        List<Object> cs = new ArrayList<>();
        cs.add(component("intersect_rsa_1", List.of(), List.of(port("train_data", "dataset"), port("report0", "report"))));
        Map<String, Object> lr = component("hetero_logistic_regression_1", List.of(port("intersect_rsa_1.train_data", "dataset")),
                List.of(port("data0", "dataset"), port("model0", "model"), port("report0", "report")));
        lr.put("componentName", "HeteroLR");
        cs.add(lr);
        dag.put("components", cs);
        return dag;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> c(Map<String, Object> dag, int i) {
        return (Map<String, Object>) ((List<Object>) dag.get("components")).get(i);
    }

    @SuppressWarnings("unchecked")
    static List<Object> components(Map<String, Object> dag) {
        return (List<Object>) dag.get("components");
    }

    static Map<String, Object> guideConf() {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("version", "2.0.0");
        conf.put("initiator", new LinkedHashMap<>(Map.of("role", "guest", "node_id", "JG01")));
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("guest", new ArrayList<>(List.of("JG01")));
        role.put("host", new ArrayList<>(List.of("JG02")));
        role.put("arbiter", new ArrayList<>(List.of("JG01")));
        conf.put("role", role);
        Map<String, Object> res = Map.of("resources", Map.of("cpu", -1, "memory", -1, "disk", -1));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("common", Map.of("sync_type", "poll"));
        job.put("guest", Map.of("0", res));
        job.put("host", Map.of("0", res));
        conf.put("job_params", job);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("common", new LinkedHashMap<>(Map.of("hetero_logistic_regression_1", Map.of("penalty", "L2", "max_iter", 2),
                "intersect_rsa_1", Map.of("intersect_method", "rsa"))));
        task.put("guest", new LinkedHashMap<>(Map.of("0", new LinkedHashMap<>(Map.of("intersect_rsa_1",
                Map.of("name", "test_guest", "namespace", "testspace"))))));
        task.put("host", new LinkedHashMap<>(Map.of("0", new LinkedHashMap<>(Map.of("intersect_rsa_1",
                Map.of("name", "test_host", "namespace", "testspace"))))));
        conf.put("task_params", task);
        return conf;
    }

    static String fault(Runnable r) {
        return assertThrows(DagFault.class, r::run).getMessage();
    }

    @Test
    void theGuidesExampleReadsAsTwoWiredInstances() {
        Dag dag = Dag.parse(guideDag());
        assertEquals("2.0", dag.version());
        assertEquals(List.of("intersect_rsa_1", "hetero_logistic_regression_1"), List.copyOf(dag.instanceNames()));
        DagPort in = dag.component("hetero_logistic_regression_1").orElseThrow().input().get(0);
        assertEquals("intersect_rsa_1", in.upstreamInstance());
        assertEquals("train_data", in.upstreamOutput());
        assertEquals(List.of("intersect_rsa_1"), dag.upstreamOf("hetero_logistic_regression_1").stream().map(DagComponent::name).toList());

        JobConfig conf = JobConfig.parse(guideConf(), dag, "conf");
        assertEquals("guest.0", conf.initiator().toString());
        assertEquals("JG01", conf.initiator().nodeId());
        assertEquals(List.of("guest.0", "host.0", "arbiter.0"), conf.parties().stream().map(JobConfig.Party::toString).toList());
        assertTrue(conf.involves("JG02"));
        assertFalse(conf.involves("JG03"));
        assertEquals("poll", conf.jobParams().common().get("sync_type"));
        assertEquals("test_host", conf.taskParams().parties().get("host.0").get("intersect_rsa_1").get("name"));
        assertEquals(2, conf.taskParams().common().get("hetero_logistic_regression_1").get("max_iter"));
    }

    @Test
    void theDialectsOfTheGuideAreAccepted() {
        Map<String, Object> dag = guideDag();
        Map<String, Object> lr = c(dag, 1);
        lr.put("inputData", lr.remove("input"));
        lr.put("outputData", lr.remove("output"));
        dag.remove("version");
        Dag parsed = Dag.parse(dag);
        assertEquals(null, parsed.version());
        assertEquals(3, parsed.component("hetero_logistic_regression_1").orElseThrow().output().size());
        Map<String, Object> conf = guideConf();
        conf.put("initiator", Map.of("role", "guest", "nodeId", "JG01"));
        conf.remove("job_params");
        conf.remove("task_params");
        assertEquals("JG01", JobConfig.parse(conf, parsed, "config").initiator().nodeId());
    }

    @Test
    void componentEntriesNeedTheirNamesVersionAndProvider() {
        for (String f : List.of("name", "componentName", "version", "provider")) {
            Map<String, Object> dag = guideDag();
            c(dag, 1).remove(f);
            assertEquals("dag.components[1]." + f + " is required", fault(() -> Dag.parse(dag)));
            c(dag, 1).put(f, 7);
            assertEquals("dag.components[1]." + f + " must be a non-empty string", fault(() -> Dag.parse(dag)));
        }
        assertEquals("dag is required", fault(() -> Dag.parse(null)));
        assertEquals("dag.components is required", fault(() -> Dag.parse(Map.of())));
        assertEquals("dag.components must list at least one component", fault(() -> Dag.parse(Map.of("components", List.of()))));
        assertEquals("dag.components[0] must be a JSON object", fault(() -> Dag.parse(Map.of("components", List.of("x")))));
        Map<String, Object> dag = guideDag();
        c(dag, 0).put("output", List.of(Map.of("key", "train_data")));
        assertEquals("dag.components[0].output[0].type is required", fault(() -> Dag.parse(dag)));
    }

    @Test
    void instanceNamesAreUniqueAndSafeAsTaskNames() {
        Map<String, Object> dag = guideDag();
        c(dag, 1).put("name", "intersect_rsa_1");
        assertEquals("dag.components[1].name 'intersect_rsa_1' names a second instance (instance names are unique)",
                fault(() -> Dag.parse(dag)));
        c(dag, 1).put("name", "../etc");
        assertEquals("dag.components[1].name must be letters, digits, _ or - (at most 128), got '../etc'", fault(() -> Dag.parse(dag)));
        c(dag, 1).put("name", "a.b");
        assertTrue(fault(() -> Dag.parse(dag)).startsWith("dag.components[1].name must be letters"));
    }

    @Test
    void inputsReferenceADeclaredOutputOfAnotherInstance() {
        Map<String, Object> dag = guideDag();
        c(dag, 1).put("input", List.of(port("train_data", "dataset")));
        assertEquals("dag.components[1].input[0].key must reference an upstream output as <instance>.<output key>, got 'train_data'",
                fault(() -> Dag.parse(dag)));
        c(dag, 1).put("input", List.of(port("nobody.train_data", "dataset")));
        assertEquals("dag.components[1].input[0].key references instance 'nobody', which is not in the DAG", fault(() -> Dag.parse(dag)));
        c(dag, 1).put("input", List.of(port("intersect_rsa_1.model9", "model")));
        assertEquals("dag.components[1].input[0].key references output 'model9', which intersect_rsa_1 does not declare"
                + " [train_data, report0]", fault(() -> Dag.parse(dag)));
        c(dag, 1).put("input", List.of(port("hetero_logistic_regression_1.data0", "dataset")));
        assertEquals("dag.components[1].input[0].key references an output of hetero_logistic_regression_1 itself",
                fault(() -> Dag.parse(dag)));
        c(dag, 1).put("input", List.of(port("intersect_rsa_1.", "dataset")));
        assertTrue(fault(() -> Dag.parse(dag)).startsWith("dag.components[1].input[0].key must reference an upstream output"));
    }

    @Test
    void aCycleIsRefusedAndNamed() {
        Map<String, Object> dag = guideDag();
        // the intersection now also reads the regression's output: a -> b -> a
        c(dag, 0).put("input", List.of(port("hetero_logistic_regression_1.data0", "dataset")));
        assertEquals("dag.components have a cycle: intersect_rsa_1 -> hetero_logistic_regression_1 -> intersect_rsa_1",
                fault(() -> Dag.parse(dag)));
        // a longer one behind a valid start point
        Map<String, Object> longer = guideDag();
        components(longer).add(component("x", List.of(port("hetero_logistic_regression_1.data0", "dataset"), port("y.out", "dataset")),
                List.of(port("out", "dataset"))));
        components(longer).add(component("y", List.of(port("x.out", "dataset")), List.of(port("out", "dataset"))));
        assertEquals("dag.components have a cycle: x -> y -> x", fault(() -> Dag.parse(longer)));
    }

    @Test
    void topologicalAndDownstreamOrdersFollowTheWiring() {
        Map<String, Object> dag = guideDag();
        // declared before its upstream: the order still starts with the intersection
        components(dag).add(0, component("eval_1", List.of(port("hetero_logistic_regression_1.data0", "dataset")), List.of()));
        components(dag).add(component("stats_1", List.of(port("intersect_rsa_1.train_data", "dataset")), List.of()));
        Dag d = Dag.parse(dag);
        assertEquals(List.of("intersect_rsa_1", "hetero_logistic_regression_1", "stats_1", "eval_1"),
                d.topologicalOrder().stream().map(DagComponent::name).toList());
        assertEquals(List.of("hetero_logistic_regression_1", "eval_1"),
                d.downstreamOf("hetero_logistic_regression_1").stream().map(DagComponent::name).toList());
        assertEquals(4, d.downstreamOf("intersect_rsa_1").size());
    }

    @Test
    void anEmptyConfIsRefusedNamingWhatIsMissing() {
        Dag dag = Dag.parse(guideDag());
        assertEquals("conf.role is required", fault(() -> JobConfig.parse(Map.of(), dag, "conf")));
        assertEquals("config.role must name at least one role", fault(() -> JobConfig.parse(Map.of("role", Map.of()), dag, "config")));
        assertEquals("conf must be a JSON object", fault(() -> JobConfig.parse("{}", dag, "conf")));
        Map<String, Object> conf = guideConf();
        conf.remove("initiator");
        assertEquals("conf.initiator is required", fault(() -> JobConfig.parse(conf, dag, "conf")));
    }

    @Test
    void rolesMapToNodeIdsAndTheInitiatorIsOneOfThem() {
        Dag dag = Dag.parse(guideDag());
        Map<String, Object> conf = guideConf();
        conf.put("role", Map.of("guest", List.of("JG01"), "host", List.of()));
        assertEquals("conf.role.host must list at least one node id", fault(() -> JobConfig.parse(conf, dag, "conf")));
        conf.put("role", Map.of("guest", List.of("JG01"), "host", "JG02"));
        assertEquals("conf.role.host must be a JSON array", fault(() -> JobConfig.parse(conf, dag, "conf")));
        conf.put("role", Map.of("guest", List.of("JG01"), "host", List.of(2)));
        assertEquals("conf.role.host[0] must be a non-empty string", fault(() -> JobConfig.parse(conf, dag, "conf")));
        conf.put("role", Map.of("guest", List.of("JG01"), "host.0", List.of("JG02")));
        assertEquals("conf.role must be role names of letters, digits or _, got 'host.0'", fault(() -> JobConfig.parse(conf, dag, "conf")));
        conf.put("role", Map.of("guest", List.of("JG01"), "common", List.of("JG02")));
        assertEquals("conf.role.common is not a role: 'common' is the key of shared parameters", fault(() -> JobConfig.parse(conf, dag, "conf")));

        Map<String, Object> other = guideConf();
        other.put("initiator", Map.of("role", "judge", "node_id", "JG01"));
        assertEquals("conf.initiator.role 'judge' is not a role of conf.role [guest, host, arbiter]",
                fault(() -> JobConfig.parse(other, dag, "conf")));
        other.put("initiator", Map.of("role", "host", "node_id", "JG01"));
        assertEquals("conf.initiator.node_id 'JG01' is not listed in conf.role.host [JG02]", fault(() -> JobConfig.parse(other, dag, "conf")));
        other.put("initiator", Map.of("role", "host"));
        assertEquals("conf.initiator.node_id is required", fault(() -> JobConfig.parse(other, dag, "conf")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void parameterKeysAreInstancesRolesAndIndexesOfTheJob() {
        Dag dag = Dag.parse(guideDag());
        Map<String, Object> conf = guideConf();
        ((Map<String, Object>) ((Map<String, Object>) conf.get("task_params")).get("common")).put("psi_9", Map.of());
        assertEquals("conf.task_params.common.psi_9 names no instance of the DAG [intersect_rsa_1, hetero_logistic_regression_1]",
                fault(() -> JobConfig.parse(conf, dag, "conf")));

        Map<String, Object> party = guideConf();
        ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) party.get("task_params")).get("host")).get("0"))
                .put("psi_9", Map.of("name", "x"));
        assertEquals("conf.task_params.host.0.psi_9 names no instance of the DAG [intersect_rsa_1, hetero_logistic_regression_1]",
                fault(() -> JobConfig.parse(party, dag, "conf")));

        Map<String, Object> index = guideConf();
        ((Map<String, Object>) index.get("task_params")).put("host", Map.of("1", Map.of()));
        assertEquals("conf.task_params.host.1 must be the index of a host party, 0 to 0", fault(() -> JobConfig.parse(index, dag, "conf")));
        ((Map<String, Object>) index.get("task_params")).put("host", Map.of("01", Map.of()));
        assertEquals("conf.task_params.host.01 must be the index of a host party, 0 to 0", fault(() -> JobConfig.parse(index, dag, "conf")));

        Map<String, Object> role = guideConf();
        ((Map<String, Object>) role.get("job_params")).put("judge", Map.of("0", Map.of()));
        assertEquals("conf.job_params.judge names no role of the job [guest, host, arbiter]", fault(() -> JobConfig.parse(role, dag, "conf")));

        Map<String, Object> shape = guideConf();
        ((Map<String, Object>) shape.get("task_params")).put("common", Map.of("intersect_rsa_1", "rsa"));
        assertEquals("conf.task_params.common.intersect_rsa_1 must be a JSON object", fault(() -> JobConfig.parse(shape, dag, "conf")));
    }

    @Test
    void jobIdsAreJobDashAnd32LowerCaseHexDigits() {
        assertTrue(JobId.isValid("job-8abe2e8959274f37b7c507831bc4c9b8"));
        assertEquals("job-8abe2e8959274f37b7c507831bc4c9b8", JobId.require("job_id", "job-8abe2e8959274f37b7c507831bc4c9b8"));
        for (String bad : new String[] {"job-1", "job_8abe2e8959274f37b7c507831bc4c9b8", "job-8ABE2E8959274F37B7C507831BC4C9B8",
                "job-8abe2e8959274f37b7c507831bc4c9b8x", "", "job-8abe2e89-5927-4f37-b7c5-07831bc4c9b8"}) {
            assertFalse(JobId.isValid(bad), bad);
        }
        assertFalse(JobId.isValid(null));
        assertEquals("job_id must be job- followed by 32 lower-case hex digits, got 'job-1'", fault(() -> JobId.require("job_id", "job-1")));
    }

    @Test
    void aDagIsValidByConstructionToo() {
        DagComponent a = new DagComponent("a", "A", "1", "p", List.of(), List.of(new DagPort("out", "dataset")));
        DagComponent b = new DagComponent("b", "B", "1", "p", List.of(new DagPort("a.missing", "dataset")), List.of());
        assertEquals("dag.components[1].input[0].key references output 'missing', which a does not declare [out]",
                fault(() -> new Dag("2.0", List.of(a, b))));
        assertEquals(2, new Dag(null, List.of(a, new DagComponent("b", "B", "1", "p", List.of(new DagPort("a.out", "dataset")), List.of())))
                .components().size());
    }
}
