/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of one task, {@code <config.log.path>/task.log}: one line per record, as a container's
 * stdout (spec 30 §1), each prefixed with its UTC time. Lines are flushed as written so the log can be
 * read while the task runs.
 */
final class TaskLog implements AutoCloseable {

    static final String FILE_NAME = "task.log";
    private static final Logger LOG = Logger.getLogger(TaskLog.class.getName());

    private final Path file;
    private final Clock clock;
    private BufferedWriter out;

    /** Opens (appends to) {@code <dir>/task.log}; a rerun of a task id continues its log. */
    TaskLog(Path dir, Clock clock) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve(FILE_NAME);
        this.clock = clock;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    Path file() {
        return file;
    }

    /** Appends one record; line breaks inside it are kept on separate lines with the same time. */
    synchronized void line(String text) {
        if (out == null) {
            return;
        }
        String time = clock.instant().toString();
        try {
            for (String part : String.valueOf(text).split("\\R", -1)) {
                out.write(time);
                out.write(' ');
                out.write(part);
                out.newLine();
            }
            out.flush();
        } catch (IOException e) {
            // A full disk must not fail the algorithm; the node log says why the task log stopped.
            LOG.log(Level.WARNING, "cannot write task log " + file, e);
        }
    }

    /** Appends a failure with its stack trace, for the operator reading why a task failed. */
    void failure(String what, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        line(what + "\n" + trace.toString().stripTrailing());
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot close task log " + file, e);
            }
            out = null;
        }
    }
}
