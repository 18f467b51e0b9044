/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry as the endpoint serves it: the JVM's meters, the items counter, both text formats. */
class NodeMetricsTest {

    private final NodeMetrics metrics = new NodeMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void servesTheJvmInThePrometheusTextFormat() {
        String text = metrics.scrape(NodeMetrics.contentType(null));
        for (String family : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_uptime_seconds", "system_cpu_count"}) {
            assertTrue(text.contains("# TYPE " + family + " gauge"), family + " in " + text);
        }
        assertTrue(text.contains("# TYPE jvm_gc_"), "the GC meters: " + text);
    }

    @Test
    void theScrapersAcceptChoosesTheFormat() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", NodeMetrics.contentType(null));
        assertEquals("text/plain; version=0.0.4; charset=utf-8", NodeMetrics.contentType("text/plain;version=0.0.4;q=0.3,*/*;q=0.1"));
        String openMetrics = NodeMetrics.contentType(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;q=0.5");
        assertTrue(openMetrics.startsWith("application/openmetrics-text; version=1.0.0"), openMetrics);
        assertTrue(metrics.scrape(openMetrics).endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    }

    @Test
    void itemsProcessedAddUpPerComponentAndIgnoreNonsense() {
        metrics.add("ecdh_psi", 4096);
        metrics.add("ecdh_psi", 904);
        metrics.add("ecdh_psi", -7);
        metrics.add("ecdh_psi", 0);
        metrics.add(null, 3);
        String text = metrics.scrape(NodeMetrics.contentType(null));
        assertTrue(text.contains("# TYPE hutong_items_processed_total counter"), text);
        assertTrue(text.contains("hutong_items_processed_total{component=\"ecdh_psi\"} 5000.0"), text);
        assertTrue(text.contains("hutong_items_processed_total{component=\"unknown\"} 3.0"), text);
    }
}
