/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code hutong demo}: an ECDH-PSI between two local nodes, alice and bob, on generated datasets
 * whose intersection is known, checked row by row; prints the intersection size, the time and the
 * items per second. Exit 0 only when both results are exactly the known intersection.
 */
public final class DemoCommand implements CliCommand {

    static final String OPTIONS = "[--rows 100000] [--overlap 0.3] [--seed 42] [--curve curve25519|sm2] [--transport grpc|http]"
            + " [--dir DIR] [--keep] [--timeout SECONDS] [--direct]";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String usage() {
        return "demo " + OPTIONS + "\n"
                + "                  two local nodes sign a contract, authorise datasets, approve project, flow and job, and alice's\n"
                + "                  scheduler runs the ECDH-PSI job on both; the result is checked row by row (the README's main command).\n"
                + "                  --direct starts the task on both nodes by hand instead, without governance or scheduler";
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        TwoNodePsi.Options options = options(argv, 100_000);
        out.printf(Locale.ROOT, "Hutong demo: %sECDH-PSI between two local nodes, alice (%s) and bob (%s), %,d rows each, %.0f%% in common%n",
                options.direct() ? "" : "a governed ", TwoNodePsi.ALICE_ROLE, TwoNodePsi.BOB_ROLE, options.rows(), 100 * options.overlap());
        try (TwoNodePsi psi = new TwoNodePsi(home, options, out)) {
            TwoNodePsi.Result r;
            try {
                r = psi.run();
            } catch (TwoNodePsi.Failure f) {
                out.println("interrupted".equals(f.getMessage()) ? "demo interrupted" : "demo FAILED: " + f.getMessage());
                return 1;
            }
            out.printf(Locale.ROOT, "intersection: %,d rows; %.1f s; %,.0f items/s per party%n", r.intersection(), r.seconds(),
                    r.itemsPerSecond());
            return 0;
        } finally {
            out.flush();
        }
    }

    /**
     * Reads the options shared by {@code demo} and {@code bench psi}.
     *
     * @throws IllegalArgumentException naming a bad or unknown option
     */
    static TwoNodePsi.Options options(List<String> argv, int defaultRows) {
        List<String> args = AdminClient.mutable(argv);
        boolean keep = args.remove("--keep");
        boolean direct = args.remove("--direct");
        int rows = intOption(args, "--rows", defaultRows, 0, 100_000_000);
        double overlap = doubleOption(args, "--overlap", 0.3);
        if (overlap < 0 || overlap > 1) {
            throw new IllegalArgumentException("--overlap must be between 0 and 1, got " + overlap);
        }
        long seed = longOption(args, "--seed", 42);
        String curve = value(args, "--curve", "curve25519").toLowerCase(Locale.ROOT);
        if (!List.of("curve25519", "sm2").contains(curve)) {
            throw new IllegalArgumentException("--curve must be curve25519 or sm2, got " + curve);
        }
        String transport = value(args, "--transport", "grpc").toLowerCase(Locale.ROOT);
        if (!List.of("grpc", "http").contains(transport)) {
            throw new IllegalArgumentException("--transport must be grpc or http, got " + transport);
        }
        String dir = AdminClient.take(args, "--dir");
        // generous: two nodes share this machine's cores, and the task must fail by itself before this
        long timeout = longOption(args, "--timeout", 120 + rows / 200);
        // a node gives up by itself after its own readiness timeout (hutong.ready.timeout, 120 s of
        // waiting once its bundles are installed) and says why; this limit is only the last resort
        long startLimit = longOption(args, "--start-timeout", 600);
        if (!args.isEmpty()) {
            throw new IllegalArgumentException((args.get(0).startsWith("--") ? "unknown option " : "unexpected argument ") + args.get(0));
        }
        return new TwoNodePsi.Options(rows, overlap, seed, curve, transport, dir == null ? null : Path.of(dir), keep, timeout,
                startLimit, direct);
    }

    private static String value(List<String> args, String flag, String fallback) {
        String v = AdminClient.take(args, flag);
        return v == null ? fallback : v.strip();
    }

    private static int intOption(List<String> args, String flag, int fallback, int min, int max) {
        long v = longOption(args, flag, fallback);
        if (v < min || v > max) {
            throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + v);
        }
        return (int) v;
    }

    private static long longOption(List<String> args, String flag, long fallback) {
        String v = AdminClient.take(args, flag);
        try {
            return v == null ? fallback : Long.parseLong(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got '" + v + "'");
        }
    }

    private static double doubleOption(List<String> args, String flag, double fallback) {
        String v = AdminClient.take(args, flag);
        try {
            return v == null ? fallback : Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, got '" + v + "'");
        }
    }
}
