/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.log.impl;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Copies every OSGi log entry into java.util.logging, where the launcher writes the node log. Without
 * it, why a component did not activate or a configuration was refused would be visible nowhere.
 */
@Component(immediate = true, service = {})
public class LogServiceToJul implements LogListener {

    private final LogReaderService reader;

    @org.osgi.service.component.annotations.Activate
    public LogServiceToJul(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
        // Bundles started before this one (ConfigAdmin, the Configurator) may already have logged
        // why something failed; the log service keeps recent entries, oldest last.
        java.util.List<LogEntry> earlier = java.util.Collections.list(reader.getLog());
        java.util.Collections.reverse(earlier);
        earlier.forEach(this::logged);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        Level level = switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINER;
        };
        String name = entry.getLoggerName() == null || entry.getLoggerName().isEmpty()
                ? entry.getBundle().getSymbolicName() : entry.getLoggerName();
        if (name.startsWith("Events.") && level.intValue() < Level.WARNING.intValue()) {
            level = Level.FINE; // the framework's own bundle/service events: too many for the node log
        }
        Logger logger = Logger.getLogger(name);
        if (logger.isLoggable(level)) {
            LogRecord r = new LogRecord(level, "[" + entry.getBundle().getSymbolicName() + "] " + entry.getMessage());
            r.setLoggerName(name);
            r.setThrown(entry.getException());
            r.setInstant(java.time.Instant.ofEpochMilli(entry.getTime()));
            logger.log(r);
        }
    }
}
