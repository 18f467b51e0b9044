/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hutong demo}: an ECDH-PSI between two local nodes, alice and bob, on generated datasets
 * whose intersection is known, checked row by row; prints the intersection size, the time and the
 * items per second. Exit 0 only when both results are exactly the known intersection.
 */
@Command(name = "demo", description = {
        "A governed ECDH-PSI between two local nodes, checked row by row (the README's main command).",
        "They sign a contract, authorise datasets, approve project, flow and job, and alice's scheduler runs the",
        "job on both. Exit 0 when both results are exactly the known intersection, 1 otherwise."})
public final class DemoCommand extends Subcommand {

    @Mixin
    PsiOptions psi = new PsiOptions();

    @Option(names = "--direct", description = "Start the task on both nodes by hand instead, without governance or scheduler.")
    boolean direct;

    /** The options {@code demo} and {@code bench psi} share. */
    public static final class PsiOptions {
        /** The curves the ECDH-PSI component offers. */
        enum Curve { curve25519, sm2 }

        /** How the nodes reach each other. */
        enum Transport { grpc, http }

        @Option(names = "--rows", paramLabel = "N", description = "Rows per party (default: 100000).")
        Integer rows;
        @Option(names = "--overlap", paramLabel = "0.3", description = "The share of ids in both datasets, 0 to 1 (default: 0.3).")
        double overlap = 0.3;
        @Option(names = "--seed", paramLabel = "42", description = "The datasets' seed (default: 42).")
        long seed = 42;
        @Option(names = "--curve", paramLabel = "curve25519|sm2", description = "The curve (default: curve25519).")
        Curve curve = Curve.curve25519;
        @Option(names = "--transport", paramLabel = "grpc|http", description = "How the nodes reach each other (default: grpc).")
        Transport transport = Transport.grpc;
        @Option(names = "--dir", paramLabel = "DIR", description = "Work here instead of in a temporary directory.")
        Path dir;
        @Option(names = "--keep", description = "Keep the work directory at the end.")
        boolean keep;
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long the task may take (default: 120 + rows / 200).")
        Long timeout;
        // a node gives up by itself after its own readiness timeout (hutong.ready.timeout, 120 s of
        // waiting once its bundles are installed) and says why; this limit is only the last resort
        @Option(names = "--start-timeout", paramLabel = "SECONDS", hidden = true)
        long startLimit = 600;

        /**
         * @return what to run
         * @throws IllegalArgumentException naming a value out of range
         */
        TwoNodePsi.Options options(int defaultRows, boolean direct, boolean settle) {
            int n = rows == null ? defaultRows : rows;
            if (n < 0 || n > 100_000_000) {
                throw new IllegalArgumentException("--rows must be between 0 and 100000000, got " + n);
            }
            if (overlap < 0 || overlap > 1) {
                throw new IllegalArgumentException("--overlap must be between 0 and 1, got " + overlap);
            }
            // generous: two nodes share this machine's cores, and the task must fail by itself before this
            long t = timeout == null ? 120 + n / 200 : timeout;
            return new TwoNodePsi.Options(n, overlap, seed, curve.name(), transport.name(), dir, keep, t, startLimit, direct, settle);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = out();
        TwoNodePsi.Options options = psi.options(100_000, direct, false);
        out.printf(Locale.ROOT, "Hutong demo: %sECDH-PSI between two local nodes, alice (%s) and bob (%s), %,d rows each, %.0f%% in common%n",
                options.direct() ? "" : "a governed ", TwoNodePsi.ALICE_ROLE, TwoNodePsi.BOB_ROLE, options.rows(), 100 * options.overlap());
        try (TwoNodePsi nodes = new TwoNodePsi(home(), options, out)) {
            TwoNodePsi.Result r;
            try {
                r = nodes.run();
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
}
