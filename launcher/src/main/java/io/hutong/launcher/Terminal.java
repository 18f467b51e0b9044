/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the node may let the Gogo shell read stdin: only when stdin is a terminal and the node is
 * that terminal's foreground job.
 *
 * <p>A process of a background job ({@code bin/hutong start … &} in an interactive shell) that reads
 * its terminal is stopped by the kernel ({@code SIGTTIN}, "Stopped (tty input)") and the whole node
 * stops answering; {@link System#console()} alone cannot tell, since a background job's stdin and
 * stdout are still the terminal. The foreground job is the process group the terminal names
 * ({@code tpgid}); the node's own group is {@code pgrp}. When the answer cannot be found out, the shell
 * stays off: a node without a shell is harmless, a stopped node is not.
 */
final class Terminal {

    private Terminal() {
    }

    /**
     * @param noShell {@code --no-shell}
     * @return whether the Gogo shell may read stdin interactively
     */
    static boolean shellMayReadStdin(boolean noShell) {
        // JDK 17: System.console() is non-null exactly when stdin and stdout are terminals
        return !noShell && System.console() != null && inForeground();
    }

    /** @return whether this process belongs to its terminal's foreground process group; false when unknown */
    static boolean inForeground() {
        Path stat = Path.of("/proc/self/stat");
        if (Files.isReadable(stat)) {
            try {
                return foregroundFromProcStat(Files.readString(stat, StandardCharsets.US_ASCII)).orElse(false);
            } catch (IOException e) {
                return false;
            }
        }
        return foregroundFromPs(ProcessHandle.current().pid());
    }

    /**
     * Reads {@code /proc/<pid>/stat} (Linux): {@code pid (comm) state ppid pgrp session tty_nr tpgid …}.
     * The command name may hold spaces and parentheses, so fields are counted after its last ')'.
     *
     * @return whether {@code pgrp == tpgid}; empty when the line is not in that form
     */
    static Optional<Boolean> foregroundFromProcStat(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return Optional.empty();
        }
        String[] f = stat.substring(end + 1).strip().split("\\s+");
        if (f.length < 6) {
            return Optional.empty();
        }
        try {
            long pgrp = Long.parseLong(f[2]);
            long tpgid = Long.parseLong(f[5]);
            // tpgid is -1 without a controlling terminal
            return Optional.of(tpgid > 0 && pgrp == tpgid);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Elsewhere (macOS, BSD): {@code ps -o pgid=,tpgid= -p <pid>}. */
    private static boolean foregroundFromPs(long pid) {
        try {
            Process ps = new ProcessBuilder("ps", "-o", "pgid=,tpgid=", "-p", Long.toString(pid))
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!ps.waitFor(10, TimeUnit.SECONDS) || ps.exitValue() != 0) {
                ps.destroyForcibly();
                return false;
            }
            String[] f = out.split("\\s+");
            return f.length == 2 && Long.parseLong(f[1]) > 0 && f[0].equals(f[1]);
        } catch (IOException | NumberFormatException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
