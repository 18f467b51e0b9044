/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.health.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;

import io.hutong.api.health.Health;
import io.hutong.api.health.HealthContributor;

class ContributorCheckTest {

    private static HealthContributor contributor(Supplier<Health> health) {
        return new HealthContributor() {
            @Override
            public String layer() {
                return "transport";
            }

            @Override
            public String name() {
                return "queues";
            }

            @Override
            public Health health() {
                return health.get();
            }
        };
    }

    private static List<String> messages(Result r) {
        List<String> out = new ArrayList<>();
        for (ResultLog.Entry e : r) {
            out.add((e.isDebug() ? "DEBUG" : e.getStatus().name()) + " " + e.getMessage());
        }
        return out;
    }

    @Test
    void upIsOkDegradedIsWarnDownIsCritical() {
        Result up = new ContributorCheck(contributor(() -> Health.up("serving", Map.of("sessions", 3)))).execute();
        assertEquals(Result.Status.OK, up.getStatus());
        assertTrue(messages(up).contains("OK serving"), messages(up).toString());
        assertTrue(messages(up).contains("DEBUG sessions=3"), "details come along as debug entries: " + messages(up));

        Result structured = new ContributorCheck(contributor(() -> Health.up("serving",
                Map.of("dialect", "h2", "outboxes", Map.of("bob", Map.of("depth", 2)), "components", List.of("psi"))))).execute();
        assertTrue(messages(structured).contains("DEBUG dialect=\"h2\""), messages(structured).toString());
        assertTrue(messages(structured).contains("DEBUG outboxes={\"bob\":{\"depth\":2}}"), messages(structured).toString());
        assertTrue(messages(structured).contains("DEBUG components=[\"psi\"]"), "values are written as JSON so their "
                + "structure survives: " + messages(structured));

        Result degraded = new ContributorCheck(contributor(
                () -> new Health(Health.State.DEGRADED, "peer bob unreachable", Map.of()))).execute();
        assertEquals(Result.Status.WARN, degraded.getStatus());
        assertTrue(messages(degraded).contains("WARN peer bob unreachable"));

        Result down = new ContributorCheck(contributor(() -> Health.down("database unreachable"))).execute();
        assertEquals(Result.Status.CRITICAL, down.getStatus());
    }

    @Test
    void aContributionThatThrowsIsACriticalResultNotAnExecutorError() {
        Result r = new ContributorCheck(contributor(() -> {
            throw new IllegalStateException("store closed");
        })).execute();
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertTrue(messages(r).get(0).contains("store closed"), messages(r).toString());
    }

    @Test
    void braceInAMessageIsKeptAsWritten() {
        Result r = new ContributorCheck(contributor(() -> Health.up("route {} ok", Map.of()))).execute();
        assertEquals(List.of("OK route {} ok"), messages(r));
    }
}
