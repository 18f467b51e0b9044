/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.control.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The flow DAG of spec 20 §5.1: component instances wired output to input. A {@code Dag} is valid by construction:
 * instance names are unique (and usable as task names and path segments), every input references an output
 * declared by another instance, and the wiring has no cycle.
 *
 * @param version    the DAG schema version (an opaque string, A-39), or null when the sender gave none
 * @param components the component instances in the order given
 */
public record Dag(String version, List<DagComponent> components) {

    /** Instance names become task names, file path segments and {@code task_params} keys: no dots, no slashes. */
    public static final String INSTANCE_NAME = "[A-Za-z0-9][A-Za-z0-9_-]{0,127}";

    /**
     * @throws DagFault naming the first fault, with paths under {@code dag}
     */
    public Dag {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new DagFault("dag.components", "must list at least one component");
        }
        Map<String, DagComponent> byName = new HashMap<>();
        for (int i = 0; i < components.size(); i++) {
            DagComponent c = components.get(i);
            String path = JsonTree.at("dag.components", i);
            JsonTree.matching(c.name(), INSTANCE_NAME, path + ".name", "letters, digits, _ or - (at most 128)");
            if (byName.putIfAbsent(c.name(), c) != null) {
                throw new DagFault(path + ".name", "'" + c.name() + "' names a second instance (instance names are unique)");
            }
            Set<String> keys = new HashSet<>();
            for (int o = 0; o < c.output().size(); o++) {
                if (!keys.add(c.output().get(o).key())) {
                    throw new DagFault(JsonTree.at(path + ".output", o) + ".key", "'" + c.output().get(o).key()
                            + "' is declared twice by " + c.name());
                }
            }
        }
        for (int i = 0; i < components.size(); i++) {
            DagComponent c = components.get(i);
            for (int n = 0; n < c.input().size(); n++) {
                DagPort in = c.input().get(n);
                String path = JsonTree.at(JsonTree.at("dag.components", i) + ".input", n) + ".key";
                String from = in.upstreamInstance();
                if (from == null || in.upstreamOutput().isEmpty()) {
                    throw new DagFault(path, "must reference an upstream output as <instance>.<output key>, got '"
                            + JobId.clip(in.key()) + "'");
                }
                DagComponent up = byName.get(from);
                if (up == null) {
                    throw new DagFault(path, "references instance '" + JobId.clip(from) + "', which is not in the DAG");
                }
                if (up == c) {
                    throw new DagFault(path, "references an output of " + c.name() + " itself");
                }
                if (up.output(in.upstreamOutput()).isEmpty()) {
                    throw new DagFault(path, "references output '" + JobId.clip(in.upstreamOutput()) + "', which "
                            + from + " does not declare " + up.output().stream().map(DagPort::key).toList());
                }
            }
        }
        List<String> cycle = cycle(components);
        if (!cycle.isEmpty()) {
            throw new DagFault("dag.components", "have a cycle: " + String.join(" -> ", cycle));
        }
    }

    /**
     * Reads a DAG from its JSON tree. Accepts {@code inputData}/{@code outputData} for {@code input}/{@code output}
     * a missing {@code input} or {@code output} is an empty list.
     *
     * @param json the {@code dag} value as {@code Map}/{@code List}/scalars
     * @throws DagFault naming the first fault, with paths under {@code dag}
     */
    public static Dag parse(Object json) {
        Map<String, Object> dag = JsonTree.object(json, "dag");
        String version = JsonTree.optText(dag.get("version"), "dag.version");
        List<?> list = JsonTree.list(dag.get("components"), "dag.components");
        List<DagComponent> components = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = JsonTree.at("dag.components", i);
            Map<String, Object> c = JsonTree.object(list.get(i), path);
            components.add(new DagComponent(
                    JsonTree.text(c.get("name"), path + ".name"),
                    JsonTree.text(c.get("componentName"), path + ".componentName"),
                    JsonTree.text(c.get("version"), path + ".version"),
                    JsonTree.text(c.get("provider"), path + ".provider"),
                    ports(c, "input", "inputData", path),
                    ports(c, "output", "outputData", path)));
        }
        return new Dag(version, components);
    }

    private static List<DagPort> ports(Map<String, Object> c, String name, String dialect, String path) {
        String field = c.containsKey(name) || !c.containsKey(dialect) ? name : dialect;
        List<?> list = JsonTree.optList(c.get(field), path + "." + field);
        List<DagPort> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = JsonTree.at(path + "." + field, i);
            Map<String, Object> port = JsonTree.object(list.get(i), p);
            out.add(new DagPort(JsonTree.text(port.get("key"), p + ".key"), JsonTree.text(port.get("type"), p + ".type")));
        }
        return out;
    }

    /** @return the instance named {@code name} */
    public Optional<DagComponent> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** @return the instance names, in the order given */
    public Set<String> instanceNames() {
        Set<String> names = new LinkedHashSet<>();
        components.forEach(c -> names.add(c.name()));
        return Collections.unmodifiableSet(names);
    }

    /** @return the instances whose outputs {@code name} reads (its direct upstream), in the order given */
    public List<DagComponent> upstreamOf(String name) {
        DagComponent c = component(name).orElseThrow(() -> new IllegalArgumentException("no instance " + name));
        Set<String> from = new HashSet<>();
        c.input().forEach(p -> from.add(p.upstreamInstance()));
        return components.stream().filter(x -> from.contains(x.name())).toList();
    }

    /**
     * @return the instances in an order where each comes after every instance it reads from (ties in the order
     *         given): the order a scheduler starts tasks in
     */
    public List<DagComponent> topologicalOrder() {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        Map<String, List<String>> readers = readers(components);
        for (DagComponent c : components) {
            waiting.put(c.name(), (int) c.input().stream().map(DagPort::upstreamInstance).distinct().count());
        }
        List<DagComponent> order = new ArrayList<>();
        Deque<String> ready = new ArrayDeque<>();
        waiting.forEach((n, w) -> {
            if (w == 0) {
                ready.add(n);
            }
        });
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(component(n).orElseThrow());
            for (String r : readers.get(n)) {
                if (waiting.merge(r, -1, Integer::sum) == 0) {
                    ready.add(r);
                }
            }
        }
        return order;
    }

    /**
     * @return {@code name} and every instance that reads, directly or not, from it, in topological order: what a
     *         stop from task {@code name} stops (spec 20 §3.2)
     */
    public List<DagComponent> downstreamOf(String name) {
        component(name).orElseThrow(() -> new IllegalArgumentException("no instance " + name));
        Map<String, List<String>> readers = readers(components);
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (reached.add(n)) {
                todo.addAll(readers.get(n));
            }
        }
        return topologicalOrder().stream().filter(c -> reached.contains(c.name())).toList();
    }

    /** @return instance name → the instances that read one of its outputs */
    private static Map<String, List<String>> readers(List<DagComponent> components) {
        Map<String, List<String>> readers = new LinkedHashMap<>();
        components.forEach(c -> readers.put(c.name(), new ArrayList<>()));
        for (DagComponent c : components) {
            c.input().stream().map(DagPort::upstreamInstance).distinct().forEach(up -> readers.get(up).add(c.name()));
        }
        return readers;
    }

    /** @return the instances of one cycle, first repeated at the end; empty when there is none (iterative DFS) */
    private static List<String> cycle(List<DagComponent> components) {
        Map<String, List<String>> readers = readers(components);
        Map<String, Integer> state = new HashMap<>(); // absent = new, 1 = on the path, 2 = done
        for (DagComponent start : components) {
            if (state.containsKey(start.name())) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> next = new ArrayDeque<>();
            path.push(start.name());
            next.push(readers.get(start.name()).iterator());
            state.put(start.name(), 1);
            while (!path.isEmpty()) {
                java.util.Iterator<String> it = next.peek();
                if (!it.hasNext()) {
                    state.put(path.pop(), 2);
                    next.pop();
                    continue;
                }
                String r = it.next();
                Integer s = state.get(r);
                if (Objects.equals(s, 1)) {
                    List<String> cycle = new ArrayList<>();
                    List<String> onPath = new ArrayList<>(path);
                    Collections.reverse(onPath);
                    cycle.addAll(onPath.subList(onPath.indexOf(r), onPath.size()));
                    cycle.add(r);
                    return cycle;
                }
                if (s == null) {
                    state.put(r, 1);
                    path.push(r);
                    next.push(readers.get(r).iterator());
                }
            }
        }
        return List.of();
    }
}
