/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hutong.launcher.StartPhases;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hutong bench start}: how long a node with an existing data directory takes to be ready, and how much
 * memory it holds once idle. Starts one node to create the data directory (keys, database, console login), then
 * restarts it {@code --runs} times, each a new JVM (a cold start), and prints each start's ready time (JVM start to
 * {@code ready.json}, as the node measures it), where that time went (the node's start phases and its slowest
 * bundles), its resident memory once its CPU has gone quiet, and the medians.
 */
@Command(name = "start", description = "Median ready time and idle memory of a node restarted on its data directory.")
public final class BenchStartCommand extends Subcommand {

    /** One measured start; {@code phases} as the node wrote them in {@code ready.json} (launcher, install, …). */
    record Start(long readyMs, long idleRssKib, double cpuSeconds, Map<String, Long> phases, String slowest) {
    }

    @Option(names = "--runs", paramLabel = "5", description = "Restarts to measure, 1 to 100 (default: 5).")
    int runs = 5;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work here (kept) instead of in a temporary directory.")
    Path dirOption;

    @Option(names = "--keep", description = "Keep the temporary directory.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        checkRuns(runs);
        Path home = home();
        PrintStream out = out();
        boolean keep = this.keep;
        boolean ownDir = dirOption == null;
        Path dir = ownDir ? Files.createTempDirectory("hutong-bench-start-") : dirOption.toAbsolutePath();
        Files.createDirectories(dir);
        String opts = System.getenv("JAVA_OPTS");
        out.printf(Locale.ROOT, "Hutong bench start: %d restarts of one node in %s; %d cores, JAVA_OPTS %s%n", runs, dir,
                Runtime.getRuntime().availableProcessors(), opts == null || opts.isBlank() ? "(default -Xmx1g)" : opts);
        try {
            Start first = startOnce(home, dir);
            out.printf(Locale.ROOT, "first start (creates the data directory): ready in %,d ms%n", first.readyMs());
            List<Start> starts = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                Start s = startOnce(home, dir);
                starts.add(s);
                out.printf(Locale.ROOT, "start %d: ready in %,6d ms   idle RSS %,7d KiB   CPU %.1f s until idle   (%s)%n", i,
                        s.readyMs(), s.idleRssKib(), s.cpuSeconds(), StartPhases.line(s.phases()));
                out.printf(Locale.ROOT, "         slowest bundles (ms, with their components): %s%n", s.slowest());
            }
            long rss = median(starts.stream().map(Start::idleRssKib).toList());
            Map<String, Long> phases = new LinkedHashMap<>();
            starts.get(0).phases().keySet().forEach(k -> phases.put(k,
                    median(starts.stream().map(x -> x.phases().getOrDefault(k, 0L)).toList())));
            out.printf(Locale.ROOT, "median of %d: ready in %,d ms, idle RSS %,d KiB (%.0f MiB); phases %s%n", runs,
                    median(starts.stream().map(Start::readyMs).toList()), rss, rss / 1024.0, StartPhases.line(phases));
            return 0;
        } catch (IllegalStateException e) {
            out.println("bench start FAILED: " + e.getMessage());
            out.println("kept for inspection: " + dir);
            keep = true;
            return 1;
        } finally {
            if (!keep && ownDir) {
                TwoNodePsi.delete(dir);
            }
        }
    }

    /** Starts the node on {@code <dir>/bench}, waits for it to be ready and idle, measures, and stops it. */
    private static Start startOnce(Path home, Path dir) throws IOException, InterruptedException {
        LocalNode node = LocalNode.start(home, dir, "bench");
        try {
            node.awaitReady(300);
            JsonNode ready = Jackson.MAPPER.readTree(node.data().resolve("run/ready.json").toFile());
            long readyMs = ready.path("ready_ms").asLong(-1);
            // idle: the node used under 20 ms of CPU in the last half second (or 20 s have passed)
            double cpu = node.cpuSeconds();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                double now = node.cpuSeconds();
                if (now - cpu < 0.02) {
                    cpu = now;
                    break;
                }
                cpu = now;
            }
            Map<String, Long> phases = new LinkedHashMap<>();
            ready.path("phases_ms").fields().forEachRemaining(f -> phases.put(f.getKey(), f.getValue().asLong()));
            return new Start(readyMs, rssKib(node.pid()), cpu, phases, ready.path("slowest_bundles_ms").toString());
        } finally {
            if (!node.stop(60)) {
                throw new IllegalStateException("the node did not stop within 60 s of SIGTERM and was killed");
            }
        }
    }

    /** @return the resident set of a process in KiB ({@code VmRSS} of {@code /proc/<pid>/status}), -1 where unknown */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone: say unknown rather than guess
        }
        return -1;
    }

    /** @return the median (the lower middle value of an even count) */
    static long median(List<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get((sorted.size() - 1) / 2);
    }

    static void checkRuns(int n) {
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("--runs must be a whole number from 1 to 100, got '" + n + "'");
        }
    }
}
