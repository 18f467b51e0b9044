/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hutong.api.component.ComponentTasks;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.delivery.DeadLetter;
import io.hutong.api.delivery.DeadLetters;
import io.hutong.api.transport.TransportStatistics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The layers' figures as a scrape shows them: read from the layers' API services at each scrape, absent
 * while a layer is not there, and a failing layer leaves the others' figures standing.
 */
class LayerFiguresTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LayerFigures figures = new LayerFigures(registry);
    private final List<TransportStatistics.Peer> peers = new ArrayList<>();
    private TransportStatistics.Queues queues = new TransportStatistics.Queues(2, 7, 700, 1);

    @AfterEach
    void close() {
        registry.close();
    }

    private final TransportStatistics transport = new TransportStatistics() {
        @Override
        public Queues queues() {
            return queues;
        }

        @Override
        public List<Peer> peers() {
            return List.copyOf(peers);
        }
    };

    private String scrape() {
        figures.refresh();
        return registry.scrape();
    }

    private static DeadLetters deadLetters(String layer, int n) {
        return new DeadLetters() {
            @Override
            public String layer() {
                return layer;
            }

            @Override
            public List<DeadLetter> list() {
                List<DeadLetter> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    l.add(new DeadLetter(layer + i, layer, "bob", "m", "E0000000607", "gone", 5, 0, Map.of()));
                }
                return l;
            }

            @Override
            public boolean replay(String id) {
                return false;
            }

            @Override
            public boolean discard(String id) {
                return false;
            }
        };
    }

    private static TaskStatus task(String state) {
        return new TaskStatus("task_" + state + System.nanoTime(), "ecdh_psi", "1.0.0", "guest", state, "", 0.5, "psi",
                Instant.EPOCH, null);
    }

    @Test
    void transportQueueDepthsAndForwardingPerPeer() {
        figures.transport = transport;
        peers.add(new TransportStatistics.Peer("bob", 3, 300, 1, 40, 6, 2));
        peers.add(new TransportStatistics.Peer("carol", 0, 0, 0, 5, 0, 0));
        String text = scrape();
        assertTrue(text.contains("hutong_transport_queue_messages 7.0"), text);
        assertTrue(text.contains("hutong_transport_queue_bytes 700.0"), text);
        assertTrue(text.contains("hutong_transport_queue_sessions 2.0"), text);
        assertTrue(text.contains("hutong_transport_queue_waiting_pops 1.0"), text);
        assertTrue(text.contains("# TYPE hutong_transport_forwarded_total counter"), text);
        assertTrue(text.contains("hutong_transport_forwarded_total{peer=\"bob\"} 40.0"), text);
        assertTrue(text.contains("hutong_transport_forwarded_total{peer=\"carol\"} 5.0"), text);
        assertTrue(text.contains("hutong_transport_retries_total{peer=\"bob\"} 6.0"), text);
        assertTrue(text.contains("hutong_transport_dead_lettered_total{peer=\"bob\"} 2.0"), text);
        assertTrue(text.contains("hutong_transport_outbox_messages{peer=\"bob\"} 3.0"), text);
        assertTrue(text.contains("hutong_transport_outbox_in_flight{peer=\"bob\"} 1.0"), text);

        // the next scrape reads the figures again
        peers.set(0, new TransportStatistics.Peer("bob", 0, 0, 0, 43, 7, 2));
        queues = new TransportStatistics.Queues(2, 0, 0, 0);
        text = scrape();
        assertTrue(text.contains("hutong_transport_forwarded_total{peer=\"bob\"} 43.0"), text);
        assertTrue(text.contains("hutong_transport_queue_messages 0.0"), text);

        // a peer the transport no longer reports (it restarted) loses its series
        peers.remove(1);
        text = scrape();
        assertFalse(text.contains("peer=\"carol\""), text);
    }

    @Test
    void withoutATransportThereAreNoTransportSamples() {
        String text = scrape();
        assertFalse(text.lines().anyMatch(l -> l.startsWith("hutong_transport_") && !l.endsWith("NaN")), text);
        figures.transport = transport;
        assertTrue(scrape().contains("hutong_transport_queue_messages 7.0"));
        figures.transport = null;
        assertTrue(scrape().contains("hutong_transport_queue_messages NaN"), "gone with its layer");
    }

    @Test
    void deadLettersPerLayerTasksAndJobsByState() {
        figures.deadLetters.add(deadLetters("transport", 2));
        figures.deadLetters.add(deadLetters("management", 0));
        figures.tasks = new ComponentTasks() {
            @Override
            public TaskStatus start(String componentName, String version, Map<String, String> environment) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<TaskStatus> status(String taskId) {
                return Optional.empty();
            }

            @Override
            public List<TaskStatus> list() {
                return List.of(task("RUNNING"), task("SUCCESS"), task("SUCCESS"));
            }

            @Override
            public boolean cancel(String taskId) {
                return false;
            }
        };
        figures.jobs = () -> Map.of("RUNNING", 1L, "FINISHED", 4L);
        String text = scrape();
        assertTrue(text.contains("hutong_dead_letters{layer=\"transport\"} 2.0"), text);
        assertTrue(text.contains("hutong_dead_letters{layer=\"management\"} 0.0"), text);
        assertTrue(text.contains("hutong_tasks{state=\"RUNNING\"} 1.0"), text);
        assertTrue(text.contains("hutong_tasks{state=\"SUCCESS\"} 2.0"), text);
        assertTrue(text.contains("hutong_tasks{state=\"FAILED\"} 0.0"), "known states show zeros: " + text);
        assertTrue(text.contains("hutong_jobs{state=\"FINISHED\"} 4.0"), text);

        figures.deadLetters.remove(0);
        figures.jobs = null;
        text = scrape();
        assertFalse(text.contains("layer=\"transport\""), "a layer that left has no dead-letter series: " + text);
        assertFalse(text.contains("hutong_jobs{"), text);
    }

    @Test
    void aLayerThatFailsIsLeftOutAndTheOthersAreServed() {
        figures.jobs = () -> {
            throw new IllegalStateException("database: connection refused");
        };
        figures.deadLetters.add(deadLetters("transport", 1));
        String text = scrape();
        assertTrue(text.contains("hutong_dead_letters{layer=\"transport\"} 1.0"), text);
        assertFalse(text.contains("hutong_jobs{"), text);
        assertEquals(text, text.replace("connection refused", ""), "no exception text in the exposition");
    }
}
