/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.hutong.api.component.ComponentTasks;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.delivery.DeadLetters;
import io.hutong.api.metrics.JobStates;
import io.hutong.api.transport.TransportStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The meters read from the layers' API services at each scrape: the transport's queue depths and
 * forwarding per peer, every layer's dead letters, tasks and jobs by state. A layer that is not
 * installed (or leaves) simply has no samples; its services are dynamic references.
 */
@Component(service = LayerFigures.class)
public class LayerFigures {

    private static final Logger LOG = Logger.getLogger(LayerFigures.class.getName());
    /** Task states always shown, so a dashboard sees zeros rather than no series. */
    private static final List<String> TASK_STATES = List.of(TaskStatus.RUNNING, TaskStatus.SUCCESS, TaskStatus.FAILED);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TransportStatistics transport;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ComponentTasks tasks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile JobStates jobs;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    final List<DeadLetters> deadLetters = new CopyOnWriteArrayList<>();

    private final MeterRegistry registry;
    private final MultiGauge deadLetterGauge;
    private final MultiGauge taskGauge;
    private final MultiGauge jobGauge;
    /** The figures of the last refresh, read by the per-peer meters. */
    private final Map<String, TransportStatistics.Peer> peers = new ConcurrentHashMap<>();
    /** The per-peer meters registered so far, by peer; removed when the transport stops reporting the peer. */
    private final Map<String, List<Meter>> peerMeters = new ConcurrentHashMap<>();
    private volatile TransportStatistics.Queues queues;

    @Activate
    public LayerFigures(@Reference NodeMetrics metrics) {
        this(metrics.registry());
    }

    LayerFigures(MeterRegistry registry) {
        this.registry = registry;
        deadLetterGauge = MultiGauge.builder("hutong.dead.letters")
                .description("Dead letters each layer holds now (undelivered to a peer; hutong deadletters list)")
                .register(registry);
        taskGauge = MultiGauge.builder("hutong.tasks")
                .description("Component tasks on this node by state").register(registry);
        jobGauge = MultiGauge.builder("hutong.jobs")
                .description("Jobs this node's scheduler holds, by state").register(registry);
        queueGauge("hutong.transport.queue.sessions", "Transport sessions open", TransportStatistics.Queues::sessions);
        queueGauge("hutong.transport.queue.messages", "Messages in the session queues waiting to be popped",
                TransportStatistics.Queues::messages);
        queueGauge("hutong.transport.queue.bytes", "Bytes of the messages in the session queues",
                TransportStatistics.Queues::bufferedBytes);
        queueGauge("hutong.transport.queue.waiting.pops", "Pops blocked waiting for a message",
                TransportStatistics.Queues::waitingPops);
    }

    private void queueGauge(String name, String description, ToDoubleFunction<TransportStatistics.Queues> value) {
        Gauge.builder(name, this, f -> {
            TransportStatistics.Queues q = f.queues;
            return q == null ? Double.NaN : value.applyAsDouble(q);
        }).description(description).register(registry);
    }

    /** Reads every layer's figures now; called before each scrape. */
    synchronized void refresh() {
        refreshTransport();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Map<String, Integer> byLayer = new TreeMap<>();
        for (DeadLetters d : deadLetters) {
            int n = read("dead letters of " + d.layer(), () -> d.list().size(), -1);
            if (n >= 0) {
                byLayer.merge(d.layer(), n, Integer::sum);
            }
        }
        byLayer.forEach((layer, n) -> rows.add(MultiGauge.Row.of(Tags.of("layer", layer), n)));
        deadLetterGauge.register(rows, true);

        ComponentTasks t = tasks;
        Map<String, Long> taskStates = new TreeMap<>();
        if (t != null) {
            TASK_STATES.forEach(s -> taskStates.put(s, 0L));
            for (TaskStatus s : read("tasks", t::list, List.<TaskStatus>of())) {
                taskStates.merge(s.state(), 1L, Long::sum);
            }
        }
        taskGauge.register(stateRows(taskStates), true);

        JobStates j = jobs;
        jobGauge.register(stateRows(j == null ? Map.of() : read("jobs", j::countByState, Map.<String, Long>of())), true);
    }

    private static List<MultiGauge.Row<?>> stateRows(Map<String, Long> byState) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byState.forEach((state, n) -> rows.add(MultiGauge.Row.of(Tags.of("state", String.valueOf(state)), n)));
        return rows;
    }

    private void refreshTransport() {
        TransportStatistics t = transport;
        queues = t == null ? null : read("transport queues", t::queues, null);
        List<TransportStatistics.Peer> now = t == null ? List.of() : read("transport peers", t::peers, List.of());
        Set<String> seen = new java.util.HashSet<>();
        for (TransportStatistics.Peer p : now) {
            seen.add(p.peer());
            peers.put(p.peer(), p);
            peerMeters.computeIfAbsent(p.peer(), this::peerMeters);
        }
        for (String gone : List.copyOf(peerMeters.keySet())) {
            if (!seen.contains(gone)) {
                peerMeters.remove(gone).forEach(registry::remove);
                peers.remove(gone);
            }
        }
    }

    /** Registers the meters of one peer, reading its figures of the last refresh. */
    private List<Meter> peerMeters(String peer) {
        Tags tags = Tags.of("peer", peer);
        List<Meter> m = new ArrayList<>();
        m.add(peerGauge(peer, tags, "hutong.transport.outbox.messages",
                "Messages waiting to be forwarded to the peer (in flight and waiting to retry included)",
                TransportStatistics.Peer::queued));
        m.add(peerGauge(peer, tags, "hutong.transport.outbox.bytes", "Bytes of those messages",
                TransportStatistics.Peer::queuedBytes));
        m.add(peerGauge(peer, tags, "hutong.transport.outbox.in.flight", "Delivery attempts to the peer under way",
                TransportStatistics.Peer::inFlight));
        m.add(peerCounter(peer, tags, "hutong.transport.forwarded", "Messages the peer accepted",
                TransportStatistics.Peer::delivered));
        m.add(peerCounter(peer, tags, "hutong.transport.retries", "Delivery attempts repeated after a retryable failure",
                TransportStatistics.Peer::retries));
        m.add(peerCounter(peer, tags, "hutong.transport.dead.lettered",
                "Messages to the peer given up (final refusal or retry budget spent)",
                TransportStatistics.Peer::deadLettered));
        return m;
    }

    private Meter peerGauge(String peer, Tags tags, String name, String description,
                            ToDoubleFunction<TransportStatistics.Peer> value) {
        return Gauge.builder(name, peers, ps -> {
            TransportStatistics.Peer p = ps.get(peer);
            return p == null ? Double.NaN : value.applyAsDouble(p);
        }).description(description).tags(tags).register(registry);
    }

    private Meter peerCounter(String peer, Tags tags, String name, String description,
                              ToDoubleFunction<TransportStatistics.Peer> value) {
        return FunctionCounter.builder(name, peers, ps -> {
            TransportStatistics.Peer p = ps.get(peer);
            return p == null ? 0 : value.applyAsDouble(p);
        }).description(description).tags(tags).register(registry);
    }

    /** A layer's answer, or {@code otherwise} when it fails: one broken layer must not take the scrape down. */
    private static <T> T read(String what, java.util.function.Supplier<T> reader, T otherwise) {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics: reading " + what + " failed; left out of this scrape", e);
            return otherwise;
        }
    }
}
