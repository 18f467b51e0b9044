/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.console.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckMetadata;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

class NodeStatusTest {

    private static HealthCheckExecutionResult result(String name, String[] tags, ResultLog.Entry... entries) {
        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(NodeStatusTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, args) -> switch (m.getName()) {
                    case "getProperty" -> switch ((String) args[0]) {
                        case HealthCheck.NAME -> name;
                        case HealthCheck.TAGS -> tags;
                        case "service.id" -> 1L;
                        default -> null;
                    };
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> null;
                });
        HealthCheckMetadata metadata = new HealthCheckMetadata(ref);
        ResultLog log = new ResultLog();
        for (ResultLog.Entry e : entries) {
            log.add(e);
        }
        Result r = new Result(log);
        return new HealthCheckExecutionResult() {
            @Override
            public Result getHealthCheckResult() {
                return r;
            }

            @Override
            public long getElapsedTimeInMs() {
                return 0;
            }

            @Override
            public java.util.Date getFinishedAt() {
                return new java.util.Date();
            }

            @Override
            public boolean hasTimedOut() {
                return false;
            }

            @Override
            public HealthCheckMetadata getHealthCheckMetadata() {
                return metadata;
            }
        };
    }

    private static HealthCheckExecutor executor(List<HealthCheckExecutionResult> results) {
        return (HealthCheckExecutor) Proxy.newProxyInstance(NodeStatusTest.class.getClassLoader(),
                new Class<?>[] {HealthCheckExecutor.class}, (p, m, args) -> results);
    }

    @Test
    void layerRowsComeFromTheChecksTaggedByLayerWithTheirDetailsParsed() {
        Map<String, List<Map<String, Object>>> health = NodeStatus.layerHealth(executor(List.of(
                result("core/database", new String[] {"hutong", "hutong.core"},
                        new ResultLog.Entry(Result.Status.OK, "H2 at ./data"),
                        new ResultLog.Entry("dialect=\"h2\"", true),
                        new ResultLog.Entry("outboxes={\"bob\":{\"depth\":2}}", true),
                        new ResultLog.Entry("note=plain text", true)),
                result("transport/queues", new String[] {"hutong", "hutong.transport"},
                        new ResultLog.Entry(Result.Status.WARN, "peer bob unreachable")),
                result("tee/uas", new String[] {"hutong", "hutong.tee"},
                        new ResultLog.Entry(Result.Status.CRITICAL, "no key")))));

        Map<String, Object> db = health.get("core").get(0);
        assertEquals("database", db.get("name"));
        assertEquals("UP", db.get("state"));
        assertEquals("H2 at ./data", db.get("message"));
        Map<?, ?> details = (Map<?, ?>) db.get("details");
        assertEquals("h2", details.get("dialect"));
        assertEquals(Map.of("bob", Map.of("depth", 2)), details.get("outboxes"), "a JSON value keeps its structure");
        assertEquals("plain text", details.get("note"), "a value that is not JSON stays text");
        assertEquals("DEGRADED", health.get("transport").get(0).get("state"));
        assertEquals("DOWN", health.get("tee").get(0).get("state"));
    }

    @Test
    void statusesMapOkUpWarnDegradedAnythingWorseDown() {
        assertEquals("UP", NodeStatus.state(Result.Status.OK));
        assertEquals("DEGRADED", NodeStatus.state(Result.Status.WARN));
        for (Result.Status s : List.of(Result.Status.CRITICAL, Result.Status.TEMPORARILY_UNAVAILABLE, Result.Status.HEALTH_CHECK_ERROR)) {
            assertEquals("DOWN", NodeStatus.state(s), s.name());
        }
    }

    @Test
    void withoutAnExecutorTheStatusSaysSoInsteadOfShowingNothing() {
        Map<String, List<Map<String, Object>>> health = NodeStatus.layerHealth(null);
        assertEquals("DOWN", health.get("core").get(0).get("state"));
    }
}
