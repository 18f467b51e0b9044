/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.hutong.launcher.cli.Hutong;

/** The {@code bin/hutong} entry point: runs the command line ({@link Hutong}) and exits with its status. */
public final class Main {

    // strong references: java.util.logging forgets the level of a logger nobody holds
    private static final List<Logger> QUIET = new java.util.ArrayList<>();

    private Main() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("hutong.home", ".")).toAbsolutePath().normalize();
        int code = run(home, args, System.out, System.err);
        flushLogs();
        System.exit(code);
    }

    /**
     * Runs one command line ({@link Hutong}). {@code start} returns only if the node fails to start (the shutdown
     * hook ends the process); every other command returns its exit status.
     *
     * @return 0 success (and help), 1 the operation failed, 2 bad arguments or unknown command, 3 no node answers
     */
    static int run(Path home, String[] args, PrintStream out, PrintStream err) {
        return Hutong.execute(home, args, out, err);
    }

    /** Runs the node until the shutdown hook ends the process. */
    static int start(NodeSettings settings) throws Exception {
        NodeRuntime node = new NodeRuntime(settings);
        Object stopped = new Object();
        Thread hook = new Thread(() -> {
            // SIGTERM / Ctrl-C: stop bundles in order so the database closes and ports are released,
            // then leave with status 0 - stopping on request is a clean exit.
            try {
                node.close();
                Logger.getLogger(Main.class.getName()).info("node stopped");
            } catch (Exception e) {
                Logger.getLogger(Main.class.getName()).log(Level.SEVERE, "stop failed", e);
            }
            flushLogs();
            Runtime.getRuntime().halt(0);
        }, "hutong-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            node.start(Duration.ofSeconds(Long.getLong("hutong.ready.timeout", 120)));
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            node.close();
            throw e;
        }
        String line = "Hutong node " + node.nodeId() + " ready in " + node.readyMs() + " ms";
        System.out.println(line);
        Logger.getLogger(Main.class.getName()).info(line + " (east-west port " + settings.eastWestPort()
                + ", admin port " + settings.adminPort() + ", data " + settings.data() + ")");
        synchronized (stopped) {
            stopped.wait(); // the shutdown hook ends the process
        }
        return 0;
    }

    /** Sends java.util.logging (the framework, SCR, Jetty through its bridge, Hutong) to {@code <logs>/hutong.log}. */
    static void logTo(Path logs) throws IOException {
        Files.createDirectories(logs);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        // read once by SimpleFormatter's class initialiser, so it must be set before the first one exists
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s %5$s%6$s%n");
        FileHandler file = new FileHandler(logs.resolve("hutong.log").toString(), true);
        file.setFormatter(new SimpleFormatter());
        root.addHandler(file);
        root.setLevel(Level.INFO);
        // the audit log (decision ADMIN4): who changed what on the admin plane, and every bundle change,
        // in a file of its own so it can be kept and shipped apart from the diagnostics; hutong.log has it too
        Logger audit = Logger.getLogger("hutong.audit");
        QUIET.add(audit);
        Path auditFile = logs.resolve("audit.log");
        FileHandler auditHandler = new FileHandler(auditFile.toString(), true);
        auditHandler.setFormatter(new SimpleFormatter());
        audit.addHandler(auditHandler);
        audit.setLevel(Level.INFO);
        // Jersey warns on every REST application start about optional features Hutong does not use
        // (WADL, servlet filter mappings); those lines would drown the ones that matter.
        for (String noisy : List.of("org.glassfish.jersey.server.wadl.WadlFeature", "org.glassfish.jersey.internal.inject.Providers")) {
            QUIET.add(Logger.getLogger(noisy));
            Logger.getLogger(noisy).setLevel(Level.SEVERE);
        }
    }

    private static void flushLogs() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
    }
}
