/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hutong bench psi|transport|start}. {@code bench transport} runs the PTP transport benchmark of the transport client library
 * ({@code lib/client/}) in its own JVM, because grpc-java lives there and not on the launcher's class
 * path; the benchmark starts two nodes of this installation and a raw grpc-java echo.
 */
@Command(name = "bench", description = "Benchmarks on local nodes of this installation.",
        subcommands = {BenchPsiCommand.class, BenchCommand.Transport.class, BenchStartCommand.class})
public final class BenchCommand extends Subcommand.Group {

    static final String MAIN = "io.hutong.transport.client.bench.TransportBenchmark";

    /**
     * {@code bench transport}: the options are checked here for their type and passed on; the benchmark checks
     * their values (a bad size ends it with status 2 and its usage).
     */
    @Command(name = "transport", description = "Two local nodes: PTP throughput and latency vs raw grpc-java.")
    static final class Transport extends Subcommand {
        /** How the HTTP path carries a message. */
        enum HttpBody { protobuf, json }

        @Option(names = "--seconds", paramLabel = "3", description = "Seconds per measurement (default: 3).")
        Double seconds;
        @Option(names = "--sizes", paramLabel = "1k,64k,1m", description = "Message sizes (default: 1k,64k,1m).")
        String sizes;
        @Option(names = "--protocols", paramLabel = "grpc,http", description = "The node paths to measure (default: both).")
        String protocols;
        @Option(names = "--http-body", paramLabel = "protobuf|json", description = "The HTTP body (default: protobuf).")
        HttpBody httpBody;
        @Option(names = "--concurrency", paramLabel = "N", description = "Also N sessions at once against N raw grpc-java calls.")
        Integer concurrency;
        @Option(names = "--warmup", paramLabel = "auto|SECONDS",
                description = "Warm each path up until the JIT of the nodes and the echo settles (auto, the default; at most 60 s), or this long.")
        String warmup;
        @Option(names = "--keep", description = "Keep the nodes' directory.")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            return run(home(), this, out());
        }

        /** @return the options as the benchmark reads them */
        List<String> args() {
            List<String> a = new ArrayList<>();
            if (seconds != null) {
                a.addAll(List.of("--seconds", seconds.toString()));
            }
            if (sizes != null) {
                a.addAll(List.of("--sizes", sizes));
            }
            if (protocols != null) {
                a.addAll(List.of("--protocols", protocols));
            }
            if (httpBody != null) {
                a.addAll(List.of("--http-body", httpBody.name()));
            }
            if (concurrency != null) {
                a.addAll(List.of("--concurrency", concurrency.toString()));
            }
            if (warmup != null) {
                a.addAll(List.of("--warmup", warmup));
            }
            if (keep) {
                a.add("--keep");
            }
            return a;
        }
    }

    static int run(Path home, Transport options, PrintStream out) throws Exception {
        Path lib = home.resolve("lib/client");
        if (!Files.isDirectory(lib)) {
            out.println("bench failed: no " + lib + " (the transport client library ships there)");
            return 1;
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", lib.resolve("*").toString(), MAIN, "--home", home.toString()));
        cmd.addAll(options.args());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // pass the benchmark's Ctrl-C on: the JVM's shutdown hook stops the child, whose own hook stops the nodes
        Thread stop = new Thread(p::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println(line);
                out.flush();
            }
        }
        int status = p.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        // 2: bad arguments, already explained with the usage by the benchmark itself
        return status;
    }
}
