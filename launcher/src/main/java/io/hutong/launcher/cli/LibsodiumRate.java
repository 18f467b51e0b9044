/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures libsodium's SHA-256 + X25519 operations per second on this machine, for {@code hutong bench
 * psi} (decision BENCH-PSI1). Java 17 has no foreign function API, so the launcher's resource
 * {@code libsodium-rate.py} does it with Python's {@code ctypes}; it is piped to {@code python3 -}, so
 * nothing is written to disk. When Python or libsodium is missing the result says so and why, and the
 * benchmark goes on with the Java providers.
 */
public final class LibsodiumRate {

    /** The measuring script, a resource beside this class. */
    static final String SCRIPT = "libsodium-rate.py";

    /** The script's exit status when libsodium cannot be used; its only output line then says why. */
    static final int UNAVAILABLE = 3;

    /** The output format this class reads; the script prints it as {@code format 1}. */
    static final String FORMAT = "1";

    /** Lead time before parallel processes start measuring, so Python's start-up of each is done by then. */
    private static final double START_LEAD_SECONDS = 0.3;

    private LibsodiumRate() {
    }

    /**
     * One run of the script.
     *
     * @param overheadOps        iterations of the overhead loop (two cheap libsodium calls each), 0 if not run
     * @param overheadCpuSeconds the CPU time they took
     */
    record Sample(String library, String version, long ops, double cpuSeconds, double wallSeconds, long overheadOps,
            double overheadCpuSeconds) {

        /** Operations per second of CPU time the process got. */
        double perCpuSecond() {
            return ops / cpuSeconds;
        }

        double perWallSecond() {
            return ops / wallSeconds;
        }

        /** CPU nanoseconds per iteration that ctypes and the loop cost without real work; NaN if not measured. */
        double overheadNanos() {
            return overheadOps > 0 ? overheadCpuSeconds * 1e9 / overheadOps : Double.NaN;
        }
    }

    /**
     * libsodium's rates, as the benchmark prints them.
     *
     * @param perCore       SHA-256 + X25519 per second of CPU time one process got
     * @param oneThread     the same per second of wall time
     * @param allCores      per second of wall time, summed over one process per core measuring at once; NaN if not measured
     * @param overheadNanos CPU nanoseconds per operation that go to Python and ctypes, not libsodium; NaN if not measured
     * @param given         true when the rate came from {@code --libsodium}, not from a measurement
     */
    public record Rate(String library, String version, double perCore, double oneThread, double allCores, double overheadNanos,
            boolean given) {

        /** The rate the user gave with {@code --libsodium}. */
        static Rate given(double perCore) {
            return new Rate(null, null, perCore, Double.NaN, Double.NaN, Double.NaN, true);
        }

        /** Share of a measured operation's time that is call overhead; NaN if not measured. */
        double overheadShare() {
            return overheadNanos * perCore / 1e9;
        }
    }

    /**
     * Either a rate or why there is none.
     *
     * @param rate        the rate, or null
     * @param notMeasured why libsodium was not measured, or null
     */
    public record Outcome(Rate rate, String notMeasured) {
    }

    /**
     * Reads the script's output.
     *
     * @return the sample
     * @throws IllegalArgumentException when the output is not the script's format; its message says what is wrong
     */
    static Sample parse(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int space = l.indexOf(' ');
            values.put(space < 0 ? l : l.substring(0, space), space < 0 ? "" : l.substring(space + 1).strip());
        }
        if (values.containsKey("unavailable")) {
            throw new IllegalArgumentException(values.get("unavailable"));
        }
        if (!FORMAT.equals(values.get("format"))) {
            throw new IllegalArgumentException("not the output of " + SCRIPT + " format " + FORMAT + ": '" + firstLine(output) + "'");
        }
        long ops = (long) number(values, "ops", true);
        double cpu = number(values, "cpu_seconds", true);
        double wall = number(values, "wall_seconds", true);
        if (ops <= 0 || cpu <= 0 || wall <= 0) {
            throw new IllegalArgumentException("no operations measured (ops " + ops + ", cpu_seconds " + cpu + ", wall_seconds " + wall + ")");
        }
        long overheadOps = (long) number(values, "overhead_ops", false);
        double overheadCpu = number(values, "overhead_cpu_seconds", false);
        return new Sample(required(values, "library"), required(values, "version"), ops, cpu, wall, overheadOps, overheadCpu);
    }

    private static String required(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' missing in the output of " + SCRIPT);
        }
        return v;
    }

    private static double number(Map<String, String> values, String key, boolean required) {
        String v = values.get(key);
        if (v == null && !required) {
            return 0;
        }
        try {
            double d = Double.parseDouble(required(values, key));
            if (!Double.isFinite(d) || d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not a non-negative number in the output of " + SCRIPT + ": '" + v + "'");
        }
    }

    private static String firstLine(String s) {
        String f = s.strip().lines().findFirst().orElse("");
        return f.length() > 120 ? f.substring(0, 120) + "..." : f;
    }

    /** The script's failure, with the reason the benchmark prints. */
    static final class NotMeasured extends Exception {
        private static final long serialVersionUID = 1L;

        NotMeasured(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Runs the script once.
     *
     * @param python   the Python 3 to run, e.g. {@code python3}
     * @param library  libsodium's name or path, or null to let the script find it
     * @param seconds  how long to measure
     * @param start    wall clock (epoch seconds) to start measuring at, or NaN for at once
     * @param overhead also measure the call overhead
     */
    static Process start(String python, String library, double seconds, double start, boolean overhead) throws NotMeasured {
        List<String> command = new ArrayList<>(List.of(python, "-", Double.toString(seconds)));
        if (library != null) {
            command.addAll(List.of("--library", library));
        }
        if (!Double.isNaN(start)) {
            command.addAll(List.of("--start", Double.toString(start)));
        }
        if (overhead) {
            command.add("--overhead");
        }
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new NotMeasured(python + " cannot be run (" + e.getMessage() + ")");
        }
        try (InputStream script = LibsodiumRate.class.getResourceAsStream(SCRIPT); OutputStream in = p.getOutputStream()) {
            if (script == null) {
                p.destroyForcibly();
                throw new NotMeasured(SCRIPT + " is missing from the launcher jar");
            }
            script.transferTo(in);
        } catch (IOException e) {
            // the interpreter ended before reading the script; its exit status and stderr say why
        }
        return p;
    }

    /** Waits for a process of {@link #start} and reads its sample. */
    static Sample finish(Process p, String python, double seconds) throws NotMeasured, InterruptedException {
        // generous: Python's start-up on a loaded machine, the lead time, the overhead loop
        long timeout = (long) (2 * seconds + START_LEAD_SECONDS) + 60;
        if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new NotMeasured(python + " " + SCRIPT + " did not finish within " + timeout + " s");
        }
        // the output is a few short lines, well within the pipe's buffer, so reading after the exit cannot block
        String out;
        String err;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NotMeasured("cannot read the output of " + python + " " + SCRIPT + ": " + e.getMessage());
        }
        int status = p.exitValue();
        if (status != 0 && status != UNAVAILABLE) {
            String last = err.strip().lines().reduce((a, b) -> b).orElse("no message");
            throw new NotMeasured(python + " " + SCRIPT + " exited with status " + status + " (" + last + ")");
        }
        try {
            return parse(out);
        } catch (IllegalArgumentException e) {
            throw new NotMeasured(e.getMessage());
        }
    }

    /**
     * Measures in rounds, so the benchmark can interleave them with the Java providers' rounds and a busy
     * moment of a shared machine does not fall on one of them only; the best round counts.
     */
    static final class Meter {
        private final String python;
        private final String library;
        private final double seconds;
        private final int cores;
        private double perCore;
        private double oneThread;
        private double allCores = Double.NaN;
        private double overheadNanos = Double.NaN;
        private String libraryName;
        private String version;
        private String notMeasured;

        /**
         * @param library libsodium's name or path, or null to let the script find it
         * @param cores   processes measuring at once for the all-cores figure; 1 or less skips it
         */
        Meter(String python, String library, double seconds, int cores) {
            this.python = python;
            this.library = library;
            this.seconds = seconds;
            this.cores = cores;
        }

        /**
         * One round: one process, with the overhead loop, then one process per core at once. Once a
         * round found libsodium unusable, later rounds do nothing: the reason will not change.
         */
        void round() throws InterruptedException {
            if (notMeasured != null) {
                return;
            }
            try {
                Sample one = finish(start(python, library, seconds, Double.NaN, true), python, seconds);
                libraryName = one.library();
                version = one.version();
                perCore = Math.max(perCore, one.perCpuSecond());
                oneThread = Math.max(oneThread, one.perWallSecond());
                double o = one.overheadNanos();
                // the least overhead seen: interference only ever adds to it
                overheadNanos = Double.isNaN(overheadNanos) ? o : Double.isNaN(o) ? overheadNanos : Math.min(overheadNanos, o);
                if (cores > 1) {
                    double at = System.currentTimeMillis() / 1e3 + START_LEAD_SECONDS;
                    List<Process> all = new ArrayList<>();
                    try {
                        for (int i = 0; i < cores; i++) {
                            all.add(start(python, library, seconds, at, false));
                        }
                        double sum = 0;
                        for (Process p : all) {
                            // each process measured the same wall-clock window, so their rates add up
                            sum += finish(p, python, seconds).perWallSecond();
                        }
                        allCores = Double.isNaN(allCores) ? sum : Math.max(allCores, sum);
                    } finally {
                        all.forEach(Process::destroyForcibly);
                    }
                }
            } catch (NotMeasured e) {
                // a failure after a good round (a timeout on a loaded machine) keeps that round's figures
                if (perCore == 0) {
                    notMeasured = e.getMessage();
                }
            }
        }

        /** The best figures of the rounds so far, or why there are none. */
        Outcome outcome() {
            if (notMeasured != null) {
                return new Outcome(null, notMeasured);
            }
            if (perCore == 0) {
                return new Outcome(null, "no round was run");
            }
            return new Outcome(new Rate(libraryName, version, perCore, oneThread, allCores, overheadNanos, false), null);
        }
    }
}
