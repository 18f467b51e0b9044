/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Where a running node's {@code java.util.logging} goes (the framework, SCR, Jetty through its bridge,
 * Hutong): {@code <logs>/hutong.log}, and the admin audit trail also to {@code <logs>/audit.log}; both
 * rolled over by size, as text or JSON lines, optionally copied to stdout.
 */
public final class NodeLogging {

    // strong references: java.util.logging forgets the level of a logger nobody holds
    private static final List<Logger> HELD = new ArrayList<>();
    // what attach added, so detach takes out exactly that
    private static final Map<Handler, Logger> ADDED = new LinkedHashMap<>();

    private NodeLogging() {
    }

    /** Replaces the JVM's logging configuration with the node's. */
    public static void configure(Path logs, LogOptions options) throws IOException {
        LogManager.getLogManager().reset();
        attach(logs, options);
    }

    /**
     * Adds the node's log files to the JVM's logging configuration, leaving what is there in place: a node
     * inside an application server (io.hutong.webapp) keeps the server's own logging, and {@code hutong.log} gets
     * the server's lines too. {@link #detach()} takes them out again.
     */
    public static synchronized void attach(Path logs, LogOptions options) throws IOException {
        Files.createDirectories(logs);
        Logger root = Logger.getLogger("");
        // read once by SimpleFormatter's class initialiser, so it must be set before the first one exists
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s %5$s%6$s%n");
        long maxBytes = options.maxMb() * 1024L * 1024L;
        add(root, new RollingLogFile(logs.resolve("hutong.log"), maxBytes, options.files(), format(options)));
        if (options.stdout()) {
            StreamHandler out = new StreamHandler(System.out, format(options)) {
                @Override
                public synchronized void publish(java.util.logging.LogRecord record) {
                    super.publish(record);
                    flush();
                }
            };
            add(root, out);
        }
        root.setLevel(Level.INFO);
        // the audit log (decision ADMIN4): who changed what on the admin plane, and every bundle change,
        // in a file of its own so it can be kept and shipped apart from the diagnostics; hutong.log has it too
        Logger audit = Logger.getLogger("hutong.audit");
        HELD.add(audit);
        add(audit, new RollingLogFile(logs.resolve("audit.log"), maxBytes, options.files(), format(options)));
        audit.setLevel(Level.INFO);
        // Jersey warns on every REST application start about optional features Hutong does not use
        // (WADL, servlet filter mappings); those lines would drown the ones that matter.
        for (String noisy : List.of("org.glassfish.jersey.server.wadl.WadlFeature", "org.glassfish.jersey.internal.inject.Providers")) {
            Logger l = Logger.getLogger(noisy);
            HELD.add(l);
            l.setLevel(Level.SEVERE);
        }
    }

    /** Removes and closes the handlers {@link #attach} added (a web application being undeployed). */
    public static synchronized void detach() {
        for (Map.Entry<Handler, Logger> added : ADDED.entrySet()) {
            added.getValue().removeHandler(added.getKey());
            added.getKey().close();
        }
        ADDED.clear();
    }

    private static void add(Logger logger, Handler handler) {
        logger.addHandler(handler);
        ADDED.put(handler, logger);
    }

    private static Formatter format(LogOptions options) {
        return options.json() ? new JsonLogFormat() : new SimpleFormatter();
    }

    /** Writes what the handlers hold; called before the JVM halts. */
    public static void flush() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
    }
}
