/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hutong.api.component.DataRef;

class TaskEnvironmentTest {

    private static final Path LOGS = Path.of("/var/hutong/logs/tasks");

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("config.task_id", "task_1");
        env.put("config.self_role", "guest.0");
        env.put("config.node_id.guest.0", "alice");
        env.put("config.node_id.host.0", "bob");
        env.put("config.session_id", "session_job_1");
        return env;
    }

    private static TaskEnvironment parse(Map<String, String> env) {
        return TaskEnvironment.parse("ecdh_psi", env, "file:///data/storage/", LOGS);
    }

    private static String refused(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> parse(env)).getMessage();
    }

    @Test
    void theStandardsExampleBecomesATypedContext() {
        Map<String, String> env = minimal();
        env.put("config.inst_id.guest.0", "JG01");
        env.put("config.trace_id", "None");
        env.put("config.token", "token_job_1");
        env.put("runtime.component.parameter.id", "id");
        env.put("runtime.component.parameter.rsa_params", "{\"key_length\": 2048}");
        env.put("runtime.component.input.train_data", "{\"namespace\": \"testspace\", \"name\": \"test_guest\"}");
        env.put("runtime.component.output.train-intersection", "{\"namespace\": \"job-1-guest-0\", \"name\": \"task_1-data0.csv\"}");
        TaskEnvironment t = parse(env);
        assertEquals("task_1", t.taskId());
        assertEquals("guest", t.role());
        assertEquals(Map.of("guest.0", "alice", "host.0", "bob"), t.nodeIds());
        assertEquals(Map.of("guest.0", "JG01"), t.instIds());
        assertEquals("None", t.traceId());
        assertEquals("token_job_1", t.token());
        assertEquals(Map.of("id", "id", "rsa_params", "{\"key_length\": 2048}"), t.parameters());
        assertEquals(Map.of("train_data", new DataRef("testspace", "test_guest")), t.inputs());
        assertEquals(Map.of("train-intersection", new DataRef("job-1-guest-0", "task_1-data0.csv")), t.outputs());
    }

    @Test
    void whatTheNodeKnowsIsFilledIn() {
        TaskEnvironment t = parse(minimal());
        assertEquals(LOGS.resolve("task_1"), t.logPath());
        assertEquals(LOGS.resolve("task_1").toString(), t.environment().get("config.log.path"));
        assertEquals("file:///data/storage/", t.environment().get("system.storage"));
        assertEquals("ecdh_psi", t.environment().get("runtime.component.name"));
        assertEquals("", t.traceId());
        assertEquals("", t.token());
    }

    @Test
    void aGivenLogPathAndStorageAreKept() {
        Map<String, String> env = minimal();
        env.put("config.log.path", "/tmp/job/logs");
        env.put("system.storage", "file:///mnt/share/");
        TaskEnvironment t = parse(env);
        assertEquals(Path.of("/tmp/job/logs"), t.logPath());
        assertEquals("file:///mnt/share/", t.storage());
    }

    @Test
    void everyRequiredKeyIsNamedWhenMissing() {
        for (String key : List.of("config.task_id", "config.self_role", "config.session_id")) {
            Map<String, String> env = minimal();
            env.remove(key);
            assertTrue(refused(env).startsWith(key + " is missing"), key);
            env.put(key, "  ");
            assertTrue(refused(env).startsWith(key + " is missing"), key + " blank");
        }
        Map<String, String> env = minimal();
        env.remove("config.node_id.guest.0");
        assertEquals("config.node_id.guest.0 is missing: the node id of this task's own role guest.0 is required",
                refused(env));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TaskEnvironment.parse("x", null, "file:///s/", LOGS)).getMessage().startsWith("env is missing"));
    }

    @Test
    void rolesNeedTheirIndex() {
        Map<String, String> env = minimal();
        env.put("config.self_role", "guest");
        assertTrue(refused(env).contains("must list roles with their index, e.g. guest.0"));
        env = minimal();
        env.put("config.node_id.host", "bob");
        assertTrue(refused(env).startsWith("config.node_id.host must name a role with its index"));
    }

    @Test
    void severalSelfRolesEachNeedANodeId() {
        Map<String, String> env = minimal();
        env.put("config.self_role", "guest.0,host.0");
        assertEquals(List.of("guest.0", "host.0"), parse(env).selfRoles());
        env.put("config.self_role", "guest.0,arbiter.0");
        assertTrue(refused(env).startsWith("config.node_id.arbiter.0 is missing"));
    }

    @Test
    void aTaskIdMustBeOnePathSegment() {
        for (String bad : List.of("../etc", "a/b", "..", "x y")) {
            Map<String, String> env = minimal();
            env.put("config.task_id", bad);
            assertTrue(refused(env).startsWith("config.task_id '" + bad + "' may only hold"), bad);
        }
    }

    @Test
    void fileIdentifiersMustBeJsonWithNamespaceAndName() {
        Map<String, String> env = minimal();
        env.put("runtime.component.input.data", "testspace/test_guest");
        assertEquals("runtime.component.input.data is not JSON {\"namespace\":…,\"name\":…}: testspace/test_guest",
                refused(env));
        env.put("runtime.component.input.data", "[\"testspace\"]");
        assertTrue(refused(env).startsWith("runtime.component.input.data must be a JSON object"));
        env.put("runtime.component.input.data", "{\"namespace\":\"testspace\"}");
        assertEquals("runtime.component.input.data has no \"name\" (a non-empty string is required)", refused(env));
        env = minimal();
        env.put("runtime.component.output.result", "{\"name\":\"r.csv\",\"namespace\":7}");
        assertEquals("runtime.component.output.result has no \"namespace\" (a non-empty string is required)",
                refused(env));
    }

    @Test
    void theComponentNameMustAgree() {
        Map<String, String> env = minimal();
        env.put("runtime.component.name", "Intersection");
        assertEquals("runtime.component.name 'Intersection' differs from the component to run 'ecdh_psi'",
                refused(env));
        env.put("runtime.component.name", "ecdh_psi");
        assertEquals("ecdh_psi", parse(env).environment().get("runtime.component.name"));
    }

    @Test
    void fileAndS3StorageAreAcceptedOthersRefused() {
        Map<String, String> env = minimal();
        env.put("system.storage", "s3://10.0.0.1:9000?bucket=storage&username=admin&password=123456");
        assertEquals("s3://10.0.0.1:9000?bucket=storage&username=admin&password=123456", parse(env).storage());
        env.put("system.storage", "hdfs://10.0.0.1:9000?dir=storage");
        assertTrue(refused(env).contains("is not supported: this node's runtime reads and writes file:// and s3:// storage only"));
        env.put("system.storage", "s3://10.0.0.1:9000?bucket=storage&username=admin&password=123456&buckt=x");
        String why = refused(env);
        assertTrue(why.contains("unknown parameter 'buckt'"), why);
        assertFalse(why.contains("123456"), "a refused s3 URI is not echoed with its password: " + why);
    }

    @Test
    void theNodeFillsInItsAddressesAndAlwaysItsOwnCallback() {
        Map<String, String> env = new java.util.HashMap<>(minimal());
        env.put("system.callback", "http://scheduler.example:9011/v1/platform/schedule/task/callback");
        TaskEnvironment t = TaskEnvironment.parse("ecdh_psi", env, "file:///data/storage/", LOGS, "127.0.0.1:7304",
                "http://127.0.0.1:7304/v1/platform/schedule/task/callback?secret=s3");
        assertEquals("127.0.0.1:7304", t.environment().get("system.transport"));
        assertEquals("7304", t.environment().get("system.control_port"));
        assertEquals("http://127.0.0.1:7304/v1/platform/schedule/task/callback?secret=s3", t.environment().get("system.callback"),
                "the runtime takes the component's reports itself (EXT4)");

        env.put("system.transport", "10.0.0.5:30304");
        env.put("system.control_port", "10086");
        t = TaskEnvironment.parse("ecdh_psi", env, "file:///data/storage/", LOGS, "127.0.0.1:7304", null);
        assertEquals("10.0.0.5:30304", t.environment().get("system.transport"), "a scheduler's value is kept");
        assertEquals("10086", t.environment().get("system.control_port"));

        t = TaskEnvironment.parse("ecdh_psi", minimal(), "file:///data/storage/", LOGS, null, null);
        assertFalse(t.environment().containsKey("system.transport"), "unknown address: nothing invented");
        assertFalse(t.environment().containsKey("system.callback"));
    }
}
