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

/**
 * {@code hutong bench psi}: the {@code demo} run as a benchmark. Prints items per second per party,
 * the X25519 scalar multiplications per second of each provider this installation ships, measured in
 * the same run, and the ratio of the PSI speed to the bound those rates set (two scalar
 * multiplications per item and party).
 */
public final class BenchPsiCommand implements CliCommand {

    @Override
    public String name() {
        return "bench psi";
    }

    @Override
    public String usage() {
        return "bench psi " + DemoCommand.OPTIONS + " [--rate-seconds 1] [--libsodium 23000]\n"
                + "                  ECDH-PSI items/s per party between two local nodes vs. the X25519 providers' rates";
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        List<String> args = AdminClient.mutable(argv);
        double rateSeconds = parse(AdminClient.take(args, "--rate-seconds"), 1.0, "--rate-seconds");
        double libsodium = parse(AdminClient.take(args, "--libsodium"), 23_000, "--libsodium");
        TwoNodePsi.Options o = DemoCommand.options(args, 100_000);
        // the benchmark measures the algorithm and the transport: the task is started by hand, as demo --direct does
        TwoNodePsi.Options options = new TwoNodePsi.Options(o.rows(), o.overlap(), o.seed(), o.curve(), o.protocol(), o.dir(), o.keep(),
                o.timeout(), o.startLimit(), true);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Hutong bench psi: %,d x %,d rows, %.0f%% in common, %s, nodes routed over %s; %d cores, %s %s%n",
                options.rows(), options.rows(), 100 * options.overlap(), options.curve(), options.protocol(), cores,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));

        // measured first, before the nodes exist, so the rates are this machine's and not the nodes' leftovers
        List<X25519Rates.Provider> providers = X25519Rates.load(home);
        out.printf(Locale.ROOT, "measuring X25519 providers (best of 3 rounds of %.1f s, one thread and %d threads) ...%n", rateSeconds, cores);
        List<X25519Rates.Rate> rates = X25519Rates.measure(providers, rateSeconds, 3);

        TwoNodePsi.Result r;
        String nodeProvider;
        try (TwoNodePsi psi = new TwoNodePsi(home, options, out)) {
            try {
                r = psi.run();
                String reported = r.alice().report().path("x25519_provider").asText("");
                nodeProvider = reported.isEmpty() ? nodeProvider(psi.alice()) : reported + " (the component's report)";
            } catch (TwoNodePsi.Failure f) {
                out.println("bench FAILED: " + f.getMessage());
                return 1;
            }
        }

        out.println();
        out.printf(Locale.ROOT, "PSI, %,d rows per party, intersection %,d:%n", options.rows(), r.intersection());
        for (TwoNodePsi.Party p : List.of(r.alice(), r.bob())) {
            JsonNode psiPhase = p.report().path("items_per_second");
            out.printf(Locale.ROOT, "  %-6s %-8s %,10.0f items/s  (%,d items, task %.1f s%s)%n", p.node(), p.role(),
                    p.itemsPerSecond(), p.rows(), p.seconds(), psiPhase.isNumber()
                            ? String.format(Locale.ROOT, "; %,d items/s in the PSI phase, after connect and handshake, by the component's report",
                                    psiPhase.asLong()) : "");
        }
        out.printf(Locale.ROOT, "  both   wall     %,10.0f items/s  (%.1f s from starting the tasks to both results)%n",
                r.itemsPerSecond(), r.seconds());
        for (TwoNodePsi.Party p : List.of(r.alice(), r.bob())) {
            if (p.cpu() > 0) {
                out.printf(Locale.ROOT, "  %-6s per CPU second %,10.0f items    (the node process used %.1f CPU s during the task)%n",
                        p.node(), p.itemsPerCpuSecond(), p.cpu());
            }
        }
        out.println("  X25519 provider the nodes use: " + nodeProvider);

        out.println();
        out.println("X25519 scalar multiplications per second, this machine, this run:");
        out.printf(Locale.ROOT, "  %-14s %12s %12s %12s%n", "provider", "per core*", "1 thread", cores + " threads");
        for (X25519Rates.Rate rate : rates) {
            out.printf(Locale.ROOT, "  %-14s %,12.0f %,12.0f %,12.0f%n", rate.name(), rate.perCore(), rate.oneThread(), rate.allCores());
        }
        for (X25519Rates.Provider p : providers) {
            if (p.missing() != null) {
                out.printf("  %-14s %s%n", p.bundle(), p.missing());
            }
        }
        out.printf(Locale.ROOT, "  %-14s %,12.0f %12s %12s   (the issue's figure for libsodium; not measured here)%n", "libsodium",
                libsodium, "", "");
        out.println("  * per second of CPU time the measuring thread got, steady when the machine is shared");

        double perParty = Math.min(r.alice().itemsPerSecond() > 0 ? r.alice().itemsPerSecond() : r.itemsPerSecond(),
                r.bob().itemsPerSecond() > 0 ? r.bob().itemsPerSecond() : r.itemsPerSecond());
        out.println();
        out.printf(Locale.ROOT, "ratio = items/s per party (slower party, %,.0f) / bound, bound = rate per core x %d cores / 2 mults per item:%n",
                perParty, cores);
        List<String[]> rows = new ArrayList<>();
        for (X25519Rates.Rate rate : rates) {
            rows.add(new String[] {rate.name(), Double.toString(rate.perCore())});
        }
        rows.add(new String[] {"libsodium", Double.toString(libsodium)});
        for (String[] row : rows) {
            double bound = Double.parseDouble(row[1]) * cores / 2;
            out.printf(Locale.ROOT, "  vs %-12s bound %,9.0f items/s   ratio %.2f   (both parties on this machine: %.2f of their shared bound)%n",
                    row[0], bound, perParty / bound, 2 * perParty / bound);
        }
        // on a shared machine wall-clock figures say more about the neighbours than about Hutong; CPU
        // seconds do not depend on them
        double perCpu = Math.min(r.alice().itemsPerCpuSecond(), r.bob().itemsPerCpuSecond());
        if (perCpu > 0) {
            out.printf(Locale.ROOT, "per CPU second (items per CPU second of the slower node / (rate per core / 2)):%n");
            for (String[] row : rows) {
                double bound = Double.parseDouble(row[1]) / 2;
                out.printf(Locale.ROOT, "  vs %-12s bound %,9.0f items per CPU s   ratio %.2f%n", row[0], bound, perCpu / bound);
            }
        }
        return 0;
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

    private static double parse(String v, double fallback, String flag) {
        try {
            double d = v == null ? fallback : Double.parseDouble(v.strip());
            if (!(d > 0)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a positive number, got '" + v + "'");
        }
    }
}
