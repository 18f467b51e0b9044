/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hutong.launcher.cli.Hutong;
import io.hutong.launcher.log.NodeLogging;

/** The {@code bin/hutong} entry point: runs the command line ({@link Hutong}) and exits with its status. */
public final class Main {

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

    private static void flushLogs() {
        NodeLogging.flush();
    }
}
