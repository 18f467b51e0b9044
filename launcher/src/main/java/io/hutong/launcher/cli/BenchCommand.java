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

/**
 * {@code hutong bench transport}: runs the PTP transport benchmark of the transport client library
 * ({@code lib/client/}) in its own JVM, because grpc-java lives there and not on the launcher's class
 * path; the benchmark starts two nodes of this installation and a raw grpc-java echo.
 */
public final class BenchCommand implements CliCommand {

    static final String MAIN = "io.hutong.transport.client.bench.TransportBenchmark";

    @Override
    public String name() {
        return "bench transport";
    }

    @Override
    public String usage() {
        return "bench transport [--seconds 3] [--sizes 1k,64k,1m] [--protocols grpc,http] [--http-body protobuf|json] [--concurrency N] [--keep]"
                + "   two local nodes: PTP throughput and latency vs raw grpc-java";
    }

    @Override
    public int run(Path home, List<String> args, PrintStream out) throws Exception {
        Path lib = home.resolve("lib/client");
        if (!Files.isDirectory(lib)) {
            out.println("bench failed: no " + lib + " (the transport client library ships there)");
            return 1;
        }
        if (args.contains("--home")) {
            throw new IllegalArgumentException("--home is this installation");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", lib.resolve("*").toString(), MAIN, "--home", home.toString()));
        cmd.addAll(args);
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
