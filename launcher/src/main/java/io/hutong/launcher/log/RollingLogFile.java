/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * A {@code java.util.logging} handler that appends to one file and rolls it over by size:
 * {@code hutong.log} is always the live file, {@code hutong.log.1} the newest rolled one, up to
 * {@code hutong.log.<files>}; older ones are deleted.
 *
 * <p>Written here rather than taken from a library: JUL's own {@code FileHandler} rotates, but its live
 * file is generation 0 ({@code hutong.log.0}), and every guide, script and test reads
 * {@code logs/hutong.log}; a logging backend (Logback, Log4j 2) would replace JUL for the whole
 * framework to gain this one behaviour.
 */
public final class RollingLogFile extends StreamHandler {

    private final Path file;
    private final long maxBytes;
    private final int files;
    private long written;

    /**
     * @param files rolled files kept; 0 truncates the live file instead of keeping a copy
     */
    public RollingLogFile(Path file, long maxBytes, int files, Formatter formatter) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.files = files;
        setFormatter(formatter);
        open();
    }

    private void open() throws IOException {
        written = Files.isRegularFile(file) ? Files.size(file) : 0;
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        setOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                written++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        });
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        super.publish(record);
        // a log file is read while the node runs (tail -f, tests): each record reaches the file at once
        flush();
        if (written >= maxBytes) {
            try {
                roll();
            } catch (IOException | UncheckedIOException e) {
                reportError("cannot roll " + file + " over", e, ErrorManager.GENERIC_FAILURE);
            }
        }
    }

    private void roll() throws IOException {
        super.close();
        if (files == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rolled(files));
            for (int g = files - 1; g >= 1; g--) {
                if (Files.exists(rolled(g))) {
                    Files.move(rolled(g), rolled(g + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rolled(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path rolled(int generation) {
        return file.resolveSibling(file.getFileName() + "." + generation);
    }
}
