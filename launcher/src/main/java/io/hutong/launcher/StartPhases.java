/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Where a start's time goes (decision START1): the phases from JVM start to ready, and the bundles that took
 * longest to start.
 *
 * <p>A bundle's cost is the time from its {@code STARTING} event to the next bundle's (or to the end of the
 * start levels). The framework starts bundles one after another on one thread, and Declarative Services
 * activates a bundle's immediate components inside that bundle's start, so the gap holds the activator and the
 * components; the {@code STARTING}-to-{@code STARTED} span alone would miss the components.
 */
public final class StartPhases implements SynchronousBundleListener {

    private final Map<String, Long> phases = new LinkedHashMap<>();
    private final List<Starting> starting = new ArrayList<>();
    private long mark = ManagementFactory.getRuntimeMXBean().getStartTime();
    private long levelsEnd;

    /** Ends the phase running since the previous mark (or JVM start) under {@code name}. */
    synchronized void end(String name) {
        long now = System.currentTimeMillis();
        phases.put(name, now - mark);
        mark = now;
    }

    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTING && event.getBundle().getBundleId() != 0) {
            starting.add(new Starting(event.getBundle().getSymbolicName(), System.nanoTime()));
        }
    }

    /** Marks the end of the start levels: the last bundle's cost ends here. */
    synchronized void levelsReached() {
        levelsEnd = System.nanoTime();
    }

    /** @return milliseconds per phase, in order */
    synchronized Map<String, Long> phases() {
        return new LinkedHashMap<>(phases);
    }

    /** @return the {@code n} bundles that took longest to start, slowest first, with their milliseconds */
    synchronized Map<String, Long> slowest(int n) {
        return slowest(starting, levelsEnd, n);
    }

    static Map<String, Long> slowest(List<Starting> starting, long end, int n) {
        List<Map.Entry<String, Long>> costs = new ArrayList<>();
        for (int i = 0; i < starting.size(); i++) {
            long to = i + 1 < starting.size() ? starting.get(i + 1).nanos() : end;
            costs.add(Map.entry(starting.get(i).bundle(), TimeUnit.NANOSECONDS.toMillis(Math.max(0, to - starting.get(i).nanos()))));
        }
        costs.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        Map<String, Long> out = new LinkedHashMap<>();
        costs.stream().limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** @return phases as one line: {@code launcher 1,200 ms, install 300 ms, …} */
    public static String line(Map<String, Long> phases) {
        List<String> parts = new ArrayList<>();
        phases.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %,d ms", k, v)));
        return String.join(", ", parts);
    }

    /** A bundle's {@code STARTING} event: its symbolic name and {@link System#nanoTime()}. */
    record Starting(String bundle, long nanos) {
    }
}
