/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hutong bench psi}: the {@code demo} run as a benchmark. Prints items per second per party,
 * the X25519 scalar multiplications per second of each provider this installation ships, measured in
 * the same run, libsodium's SHA-256 + X25519 per second measured in the same run when Python 3 and
 * libsodium are installed ({@link LibsodiumRate}), and the ratio of the PSI speed to the bound each of
 * those rates sets (two scalar multiplications per item and party).
 */
@Command(name = "psi", description = {
        "ECDH-PSI items/s between two local nodes vs. the X25519 rates of this machine.",
        "The rates of the Java providers and of libsodium (through python3's ctypes) are measured in the same run."})
public final class BenchPsiCommand extends Subcommand {

    @Mixin
    DemoCommand.PsiOptions psi = new DemoCommand.PsiOptions();

    @Option(names = "--rate-seconds", paramLabel = "1", description = "Seconds of each X25519 rate round (default: 1).")
    double rateSeconds = 1.0;

    @Option(names = "--python", paramLabel = "python3", description = "The Python 3 that measures libsodium (default: python3).")
    String python = "python3";

    @Option(names = "--runs", paramLabel = "1", description = {"Tasks to run one after the other on the same two nodes (default: 1).",
            "With 2 or more, the ratios are given for the first run and for the median of the others, on nodes that ran the task before."})
    int runs = 1;

    @Option(names = "--libsodium", paramLabel = "RATE", description = "libsodium's SHA-256+X25519 per core second, instead of measuring it.")
    Double libsodiumRate;

    @Override
    public Integer call() throws Exception {
        PrintStream out = out();
        Path home = home();
        positive(rateSeconds, "--rate-seconds");
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        if (libsodiumRate != null) {
            positive(libsodiumRate, "--libsodium");
        }
        // read before anything is measured, so a wrong value fails at once
        LibsodiumRate.Rate givenLibsodium = libsodiumRate == null ? null : LibsodiumRate.Rate.given(libsodiumRate);
        String python = this.python == null || this.python.isBlank() ? "python3" : this.python.strip();
        // the benchmark measures the algorithm and the transport: the task is started by hand, as demo --direct does
        TwoNodePsi.Options options = psi.options(100_000, true, true);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Hutong bench psi: %,d x %,d rows, %.0f%% in common, %s, nodes routed over %s; %d cores, %s %s%n",
                options.rows(), options.rows(), 100 * options.overlap(), options.curve(), options.protocol(), cores,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));

        // measured first, before the nodes exist, so the rates are this machine's and not the nodes' leftovers
        List<X25519Rates.Provider> providers = X25519Rates.load(home);
        LibsodiumRate.Meter meter = new LibsodiumRate.Meter(python, null, rateSeconds, cores);
        out.printf(Locale.ROOT, "measuring X25519 providers%s (best of 3 rounds of %.1f s, one thread and %d threads) ...%n",
                givenLibsodium == null ? " and libsodium through " + python : "", rateSeconds, cores);
        List<X25519Rates.Rate> rates = X25519Rates.measure(providers, rateSeconds, 3, givenLibsodium == null ? meter::round : () -> {
        });
        LibsodiumRate.Outcome libsodium = givenLibsodium == null ? meter.outcome() : new LibsodiumRate.Outcome(givenLibsodium, null);

        List<TwoNodePsi.Result> results;
        String nodeProvider;
        try (TwoNodePsi nodes = new TwoNodePsi(home, options, out)) {
            try {
                results = nodes.run(runs);
                String reported = results.get(0).alice().report().path("x25519_provider").asText("");
                nodeProvider = reported.isEmpty() ? nodeProvider(nodes.alice()) : reported + " (the component's report)";
            } catch (TwoNodePsi.Failure f) {
                out.println("bench FAILED: " + f.getMessage());
                return 1;
            }
        }

        for (int i = 0; i < results.size(); i++) {
            out.println();
            out.printf(Locale.ROOT, "PSI, %,d rows per party, intersection %,d%s:%n", options.rows(), results.get(i).intersection(),
                    results.size() == 1 ? "" : ", run " + (i + 1) + (i == 0 ? " (first on these nodes)" : ""));
            figures(results.get(i)).forEach(out::println);
        }
        out.println("  X25519 provider the nodes use: " + nodeProvider);

        out.println();
        rateTable(rates, providers, libsodium, python, cores).forEach(out::println);

        TwoNodePsi.Result first = results.get(0);
        out.println();
        if (results.size() > 1) {
            out.println("run 1, on nodes that had not run the task before (the JVM compiles the component's code during it):");
        }
        ratios(rates, libsodium, perParty(first), perCpu(first), cores).forEach(out::println);
        if (results.size() > 1) {
            List<TwoNodePsi.Result> later = results.subList(1, results.size());
            out.println();
            out.printf(Locale.ROOT, "runs 2 to %d, median, on nodes that had run the task before:%n", results.size());
            ratios(rates, libsodium, median(later, BenchPsiCommand::perParty), median(later, BenchPsiCommand::perCpu), cores)
                    .forEach(out::println);
        }
        return 0;
    }

    /** One run's figures per party, per CPU second of each node and over the wall time. */
    static List<String> figures(TwoNodePsi.Result r) {
        List<String> lines = new ArrayList<>();
        for (TwoNodePsi.Party p : List.of(r.alice(), r.bob())) {
            JsonNode psiPhase = p.report().path("items_per_second");
            lines.add(String.format(Locale.ROOT, "  %-6s %-8s %,10.0f items/s  (%,d items, task %.1f s%s)", p.node(), p.role(),
                    p.itemsPerSecond(), p.rows(), p.seconds(), psiPhase.isNumber()
                            ? String.format(Locale.ROOT, "; %,d items/s in the PSI phase, after connect and handshake, by the component's report",
                                    psiPhase.asLong()) : ""));
        }
        lines.add(String.format(Locale.ROOT, "  both   wall     %,10.0f items/s  (%.1f s from starting the tasks to both results)",
                r.itemsPerSecond(), r.seconds()));
        for (TwoNodePsi.Party p : List.of(r.alice(), r.bob())) {
            if (p.cpu() > 0) {
                lines.add(String.format(Locale.ROOT, "  %-6s per CPU second %,10.0f items    (the node process used %.1f CPU s during the task)",
                        p.node(), p.itemsPerCpuSecond(), p.cpu()));
            }
        }
        return lines;
    }

    /** @return items per second of the slower party */
    private static double perParty(TwoNodePsi.Result r) {
        return Math.min(r.alice().itemsPerSecond() > 0 ? r.alice().itemsPerSecond() : r.itemsPerSecond(),
                r.bob().itemsPerSecond() > 0 ? r.bob().itemsPerSecond() : r.itemsPerSecond());
    }

    /** @return items per CPU second of the node that used more CPU per item, 0 when unknown */
    private static double perCpu(TwoNodePsi.Result r) {
        return Math.min(r.alice().itemsPerCpuSecond(), r.bob().itemsPerCpuSecond());
    }

    static double median(List<TwoNodePsi.Result> results, java.util.function.ToDoubleFunction<TwoNodePsi.Result> figure) {
        double[] v = results.stream().mapToDouble(figure).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** @return the provider the node's PSI uses: the highest-ranked X25519 bundle active on it */
    private static String nodeProvider(LocalNode node) {
        try {
            AdminClient.Reply s = node.admin().get("v1/admin/status");
            List<String> active = new ArrayList<>();
            for (JsonNode layer : s.data().path("layers")) {
                for (JsonNode b : layer) {
                    if (X25519Rates.PROVIDERS.containsKey(b.path("symbolic_name").asText()) && "ACTIVE".equals(b.path("state").asText())) {
                        active.add(b.path("symbolic_name").asText());
                    }
                }
            }
            if (active.contains("io.hutong.crypto.x25519.fast")) {
                return "hutong-fast (io.hutong.crypto.x25519.fast active, ranked above BouncyCastle)";
            }
            return active.isEmpty() ? "unknown (no X25519 provider bundle is active on alice)" : "bouncycastle (" + active.get(0) + ")";
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The rates of this run, one line each, and what was not measured and why. */
    static List<String> rateTable(List<X25519Rates.Rate> rates, List<X25519Rates.Provider> providers, LibsodiumRate.Outcome libsodium,
            String python, int cores) {
        List<String> lines = new ArrayList<>();
        lines.add("X25519 scalar multiplications per second, this machine, this run:");
        lines.add(String.format(Locale.ROOT, "  %-14s %12s %12s %12s", "provider", "per core*", "1 thread", cores + " threads"));
        for (X25519Rates.Rate rate : rates) {
            lines.add(String.format(Locale.ROOT, "  %-14s %12s %12s %12s", rate.name(), count(rate.perCore()), count(rate.oneThread()),
                    count(rate.allCores())));
        }
        for (X25519Rates.Provider p : providers) {
            if (p.missing() != null) {
                lines.add(String.format("  %-14s %s", p.bundle(), p.missing()));
            }
        }
        LibsodiumRate.Rate s = libsodium.rate();
        if (s == null) {
            lines.add(String.format("  %-14s not measured: %s; the ratios below are against the Java providers only", "libsodium",
                    libsodium.notMeasured()));
        } else if (s.given()) {
            lines.add(String.format(Locale.ROOT, "  %-14s %12s %12s %12s   (SHA-256 + X25519, given with --libsodium, not measured)", "libsodium",
                    count(s.perCore()), "", ""));
        } else {
            lines.add(String.format(Locale.ROOT, "  %-14s %12s %12s %12s   (SHA-256 + X25519: libsodium %s, %s, called from %s through ctypes)",
                    "libsodium", count(s.perCore()), count(s.oneThread()), count(s.allCores()), s.version(), s.library(), python));
        }
        lines.add("  * per second of CPU time the measuring thread (libsodium: process) got, steady when the machine is shared");
        if (s != null && !s.given() && !Double.isNaN(s.overheadNanos())) {
            // the figure is Python's loop plus two ctypes calls plus libsodium; the reader should know how much is not libsodium
            double op = 1e9 / s.perCore();
            lines.add(String.format(Locale.ROOT,
                    "  libsodium's rate includes Python's and ctypes' cost of its two calls, %.2f us of its %.2f us per operation (%.1f%%),",
                    s.overheadNanos() / 1e3, op / 1e3, 100 * s.overheadShare()));
            lines.add(String.format(Locale.ROOT,
                    "  measured with sodium_memcmp in their place; called from C, libsodium would reach about %s per core",
                    s.overheadShare() < 1 ? count(1e9 / (op - s.overheadNanos())) : "(unknown: the overhead is not below the operation)"));
        }
        return lines;
    }

    /** The ratios of the PSI speed to the bound each rate of this run sets. */
    static List<String> ratios(List<X25519Rates.Rate> rates, LibsodiumRate.Outcome libsodium, double perParty, double perCpu, int cores) {
        List<String> names = new ArrayList<>();
        List<Double> perCore = new ArrayList<>();
        for (X25519Rates.Rate rate : rates) {
            names.add(rate.name());
            perCore.add(rate.perCore());
        }
        if (libsodium.rate() != null) {
            names.add(libsodium.rate().given() ? "libsodium (given)" : "libsodium");
            perCore.add(libsodium.rate().perCore());
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT,
                "ratio = items/s per party (slower party, %,.0f) / bound, bound = rate per core x %d cores / 2 mults per item:", perParty, cores));
        for (int i = 0; i < names.size(); i++) {
            double bound = perCore.get(i) * cores / 2;
            lines.add(String.format(Locale.ROOT, "  vs %-18s bound %,9.0f items/s   ratio %.2f   (both parties on this machine: %.2f of their shared bound)",
                    names.get(i), bound, perParty / bound, 2 * perParty / bound));
        }
        // on a shared machine wall-clock figures say more about the neighbours than about Hutong; CPU
        // seconds do not depend on them
        if (perCpu > 0) {
            lines.add(String.format(Locale.ROOT,
                    "per CPU second (items per CPU second of the slower node, %,.0f, / (rate per core / 2)):", perCpu));
            for (int i = 0; i < names.size(); i++) {
                double bound = perCore.get(i) / 2;
                lines.add(String.format(Locale.ROOT, "  vs %-18s bound %,9.0f items per CPU s   ratio %.2f", names.get(i), bound, perCpu / bound));
            }
        } else {
            lines.add("per CPU second: not available (the nodes' CPU time could not be read)");
        }
        return lines;
    }

    private static String count(double v) {
        return Double.isNaN(v) || v <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static void positive(double v, String flag) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(flag + " must be a positive number, got '" + v + "'");
        }
    }
}
