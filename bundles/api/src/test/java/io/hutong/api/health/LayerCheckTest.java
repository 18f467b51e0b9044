/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;

class LayerCheckTest {

    private static List<String> entries(Result r) {
        List<String> out = new ArrayList<>();
        for (ResultLog.Entry e : r) {
            out.add((e.isDebug() ? "DEBUG" : e.getStatus().name()) + " " + e.getMessage());
        }
        return out;
    }

    @Test
    void upIsOkDegradedIsWarnDownIsCritical() {
        assertEquals(Result.Status.OK, ((LayerCheck) () -> Health.up("serving", Map.of())).execute().getStatus());
        Result degraded = ((LayerCheck) () -> Health.degraded("peer bob unreachable", Map.of())).execute();
        assertEquals(Result.Status.WARN, degraded.getStatus());
        assertEquals(List.of("WARN peer bob unreachable"), entries(degraded));
        assertEquals(Result.Status.CRITICAL, ((LayerCheck) () -> Health.down("database unreachable")).execute().getStatus());
    }

    @Test
    void aHealthThatThrowsIsACriticalResultNotAnExecutorError() {
        Result r = ((LayerCheck) () -> {
            throw new IllegalStateException("store closed");
        }).execute();
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertTrue(entries(r).get(0).contains("store closed"), entries(r).toString());
    }

    @Test
    void detailsAreDebugEntriesWithJsonValuesSoTheirStructureSurvives() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dialect", "h2");
        details.put("sessions", 3);
        details.put("open", true);
        details.put("outboxes", Map.of("bob", Map.of("depth", 2)));
        details.put("components", List.of("psi", "say \"hi\"\n"));
        Result r = ((LayerCheck) () -> Health.up("route {} ok", details)).execute();
        // Health keeps its details unordered: compare as sets, the message first
        assertEquals("OK route {} ok", entries(r).get(0));
        assertEquals(java.util.Set.of("OK route {} ok", "DEBUG dialect=\"h2\"", "DEBUG sessions=3", "DEBUG open=true",
                "DEBUG outboxes={\"bob\":{\"depth\":2}}", "DEBUG components=[\"psi\",\"say \\\"hi\\\"\\n\"]"), java.util.Set.copyOf(entries(r)));
    }
}
