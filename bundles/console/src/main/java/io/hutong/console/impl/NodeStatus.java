/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.console.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.hutong.api.delivery.DeadLetter;
import io.hutong.api.delivery.DeadLetters;
import io.hutong.api.node.NodeIdentity;

/**
 * Collects what an operator asks first about a node: every bundle grouped by the spec layer it
 * implements (its {@code Hutong-Layer} header; third-party bundles under {@code runtime}) with state
 * and version, and every Felix Health Check tagged {@code hutong} (the layers' checks) or {@code systemready}
 * (readiness), run through Felix's {@link HealthCheckExecutor}. Shared by the admin endpoint, the console page and
 * the Gogo command so all three say the same.
 */
@Component(service = NodeStatus.class)
public class NodeStatus {

    static final String LAYER_HEADER = "Hutong-Layer";

    /** The Felix HC tag of the checks that must pass before the node counts as ready. */
    static final String SYSTEM_READY = "systemready";

    /** The Felix HC tag every Hutong layer check carries; {@code hutong.<layer>} names its layer. */
    static final String HUTONG = "hutong";

    /** Run the checks now rather than answer from Felix's result cache: status pages are read after a change. */
    private static final HealthCheckExecutionOptions NOW = new HealthCheckExecutionOptions().setForceInstantExecution(true);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BundleContext context;
    private final Map<DeadLetters, Boolean> deadLetterLists = new ConcurrentHashMap<>();

    // optional: a node started with the core profile only has no management layer, hence no identity
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile NodeIdentity identity;

    // optional so the status still answers (DEGRADED, saying why) if Felix HC is missing or restarting
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile HealthCheckExecutor checks;

    @Activate
    public NodeStatus(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDeadLetters(DeadLetters d) {
        deadLetterLists.put(d, Boolean.TRUE);
    }

    void removeDeadLetters(DeadLetters d) {
        deadLetterLists.remove(d);
    }

    /** @return every layer's dead-letter list */
    public List<DeadLetters> deadLetterLists() {
        return List.copyOf(deadLetterLists.keySet());
    }

    /**
     * Replays one dead letter in whichever layer's list holds it.
     *
     * @return false when no list holds {@code id}
     * @throws IllegalStateException when its layer cannot replay it now (the reason is the message)
     */
    public boolean replay(String id) {
        for (DeadLetters list : deadLetterLists()) {
            if (list.replay(id)) {
                return true;
            }
        }
        return false;
    }

    /** @return false when no list holds {@code id} */
    public boolean discard(String id) {
        for (DeadLetters list : deadLetterLists()) {
            if (list.discard(id)) {
                return true;
            }
        }
        return false;
    }

    /** @return every layer's dead letters, oldest first; a list that fails is skipped (its health says why) */
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> all = new ArrayList<>();
        for (DeadLetters d : deadLetterLists()) {
            try {
                all.addAll(d.list());
            } catch (RuntimeException e) {
                // e.g. the database is away: the layer's health reports it
            }
        }
        all.sort(java.util.Comparator.comparingLong(DeadLetter::deadAt));
        return all;
    }

    /** @return the status document served at {@code GET /v1/admin/status} */
    public Map<String, Object> snapshot() {
        Map<String, List<Map<String, Object>>> layers = new TreeMap<>();
        int active = 0;
        int total = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == 0) {
                continue;
            }
            String layer = b.getHeaders("").get(LAYER_HEADER);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("symbolic_name", b.getSymbolicName());
            row.put("version", b.getVersion().toString());
            row.put("state", state(b));
            row.put("id", b.getBundleId());
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            // a fragment is never ACTIVE: RESOLVED is its working state
            row.put("fragment", fragment);
            layers.computeIfAbsent(layer == null || layer.isBlank() ? "runtime" : layer, k -> new ArrayList<>()).add(row);
            total++;
            if (b.getState() == Bundle.ACTIVE || fragment && b.getState() == Bundle.RESOLVED) {
                active++;
            }
        }
        HealthCheckExecutor executor = checks;
        Map<String, List<Map<String, Object>>> health = layerHealth(executor);
        boolean allUp = health.values().stream().flatMap(List::stream).allMatch(r -> "UP".equals(r.get("state")));
        List<Map<String, Object>> ready = systemReady(executor);
        allUp &= ready.stream().allMatch(r -> Result.Status.OK.name().equals(r.get("status")));
        Map<String, Object> out = new LinkedHashMap<>();
        NodeIdentity id = identity;
        out.put("node_id", id != null ? id.nodeId() : context.getProperty("hutong.node.id"));
        out.put("status", active == total && allUp ? "UP" : "DEGRADED");
        out.put("bundles_active", active);
        out.put("bundles_total", total);
        out.put("layers", layers);
        out.put("health", health);
        out.put("system_ready", ready);
        out.put("dead_letters", deadLetterSummary());
        return out;
    }

    /**
     * @return the Felix Health Checks tagged {@code systemready} (bundles started, each layer's DS components
     *         satisfied), each with its name, tags, status and messages; one CRITICAL row when no executor runs
     */
    private static List<Map<String, Object>> systemReady(HealthCheckExecutor executor) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (executor == null) {
            rows.add(Map.of("name", "Felix Health Checks", "tags", List.of(), "status", Result.Status.CRITICAL.name(),
                    "messages", List.of("no health check executor is running")));
            return rows;
        }
        for (HealthCheckExecutionResult r : executor.execute(HealthCheckSelector.tags(SYSTEM_READY), NOW)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", r.getHealthCheckMetadata().getName());
            row.put("tags", r.getHealthCheckMetadata().getTags());
            row.put("status", r.getHealthCheckResult().getStatus().name());
            List<String> messages = new ArrayList<>();
            for (ResultLog.Entry e : r.getHealthCheckResult()) {
                if (!e.isDebug()) {
                    messages.add(e.getStatus() + " " + e.getMessage());
                }
            }
            row.put("messages", messages);
            rows.add(row);
        }
        rows.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        return rows;
    }

    /**
     * @return the Felix Health Checks tagged {@code hutong} grouped by layer (their {@code hutong.<layer>} tag),
     *         each as {@code name, state, message, details}; one DOWN row under {@code core} when no executor runs
     */
    static Map<String, List<Map<String, Object>>> layerHealth(HealthCheckExecutor executor) {
        Map<String, List<Map<String, Object>>> health = new TreeMap<>();
        if (executor == null) {
            health.put("core", new ArrayList<>(List.of(row("health-checks", "DOWN", "no health check executor is running", Map.of()))));
            return health;
        }
        for (HealthCheckExecutionResult r : executor.execute(HealthCheckSelector.tags(HUTONG), NOW)) {
            String name = r.getHealthCheckMetadata().getName();
            String layer = layer(r.getHealthCheckMetadata().getTags());
            if (name != null && name.startsWith(layer + "/")) {
                name = name.substring(layer.length() + 1);
            }
            List<String> messages = new ArrayList<>();
            Map<String, Object> details = new LinkedHashMap<>();
            for (ResultLog.Entry e : r.getHealthCheckResult()) {
                if (e.isDebug()) {
                    detail(e.getMessage(), details);
                } else {
                    messages.add(e.getMessage());
                }
            }
            health.computeIfAbsent(layer, k -> new ArrayList<>())
                    .add(row(name, state(r.getHealthCheckResult().getStatus()), String.join("; ", messages), details));
        }
        health.values().forEach(l -> l.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name")))));
        return health;
    }

    /** OK is UP, WARN is DEGRADED (working, needs attention); anything worse is DOWN. */
    static String state(Result.Status status) {
        return switch (status) {
            case OK -> "UP";
            case WARN -> "DEGRADED";
            default -> "DOWN";
        };
    }

    /** @return the layer named by a {@code hutong.<layer>} tag, {@code runtime} for a check tagged with none */
    private static String layer(List<String> tags) {
        for (String t : tags) {
            if (t.startsWith(HUTONG + ".") && t.length() > HUTONG.length() + 1) {
                return t.substring(HUTONG.length() + 1);
            }
        }
        return "runtime";
    }

    /** Reads a debug entry {@code name=<JSON value>} into {@code details}; a value that is not JSON is kept as text. */
    private static void detail(String entry, Map<String, Object> details) {
        int eq = entry == null ? -1 : entry.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String value = entry.substring(eq + 1);
        Object parsed;
        try {
            parsed = JSON.readValue(value, Object.class);
        } catch (java.io.IOException | RuntimeException notJson) {
            parsed = value;
        }
        details.put(entry.substring(0, eq), parsed);
    }

    private static Map<String, Object> row(String name, String state, String message, Map<String, Object> details) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("state", state);
        row.put("message", message);
        row.put("details", details);
        return row;
    }

    /** @return how many dead letters each layer holds per peer, and the newest 20 of them */
    private Map<String, Object> deadLetterSummary() {
        List<DeadLetter> all = deadLetters();
        Map<String, Map<String, Integer>> perLayer = new TreeMap<>();
        all.forEach(d -> perLayer.computeIfAbsent(d.layer(), k -> new TreeMap<>()).merge(d.peer(), 1, Integer::sum));
        List<Map<String, Object>> newest = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && newest.size() < 20; i--) {
            DeadLetter d = all.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", d.id());
            row.put("layer", d.layer());
            row.put("peer", d.peer());
            row.put("what", d.what());
            row.put("code", d.code());
            row.put("reason", d.reason());
            row.put("attempts", d.attempts());
            row.put("dead_at", java.time.Instant.ofEpochMilli(d.deadAt()).toString());
            newest.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", all.size());
        m.put("per_layer", perLayer);
        m.put("newest", newest);
        return m;
    }

    static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
