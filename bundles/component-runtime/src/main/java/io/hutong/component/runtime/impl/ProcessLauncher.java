/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;

import io.hutong.api.component.ComponentLauncher;

/**
 * The default {@link ComponentLauncher} ({@code launch.type} {@code process}): runs the registered
 * command as a child process of the node whose environment is the task's environment contract and
 * nothing else but {@code PATH} (decision EXT3), with its stdout and stderr read line by line into the
 * task log. Killing it ends the whole process tree.
 *
 * <p>Each running process is noted in {@code <data>/run/component-processes/<pid>} (its start time) until it
 * exits, so a node that was killed outright ({@code kill -9}, a crash) ends the processes it left behind
 * when it starts again, instead of letting them run on for a task that is FAILED by then (CR3, EXT3).
 */
@Component(service = ComponentLauncher.class, property = ComponentLauncher.TYPE + "=" + ProcessLauncher.TYPE)
public class ProcessLauncher implements ComponentLauncher {

    static final String TYPE = "process";
    private static final Logger LOG = Logger.getLogger(ProcessLauncher.class.getName());
    /** How long a process has after SIGTERM before it is killed outright. */
    private static final long TERM_GRACE_MS = 5_000;

    private final Path registry;

    /** The node's launcher: its registry of running processes is under {@code <hutong.data>/run/}. */
    @org.osgi.service.component.annotations.Activate
    public ProcessLauncher(org.osgi.framework.BundleContext context) {
        this(Path.of(context.getProperty("hutong.data") == null ? "data" : context.getProperty("hutong.data"))
                .toAbsolutePath().resolve("run").resolve("component-processes"));
    }

    /** @param registry where running processes are noted; those left there by an earlier run are ended now */
    ProcessLauncher(Path registry) {
        this.registry = registry;
        int ended = reapOrphans();
        if (ended > 0) {
            LOG.warning(ended + " component process(es) left running by an earlier run of the node were ended");
        }
    }

    /**
     * Ends the processes an earlier run of the node noted and did not see exit.
     *
     * @return how many were still running and were ended
     */
    int reapOrphans() {
        int ended = 0;
        if (!Files.isDirectory(registry)) {
            return 0;
        }
        try (var files = Files.list(registry)) {
            for (Path f : files.toList()) {
                try {
                    long pid = Long.parseLong(f.getFileName().toString());
                    String started = Files.readString(f, StandardCharsets.UTF_8).strip();
                    // the same pid with the same start time: not a new process that reuses the number
                    Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                            .filter(h -> h.info().startInstant().map(i -> i.toString().equals(started)).orElse(false));
                    if (p.isPresent()) {
                        killTree(p.get());
                        ended++;
                    }
                    Files.deleteIfExists(f);
                } catch (NumberFormatException | IOException e) {
                    LOG.log(Level.WARNING, "cannot read the process note " + f, e);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + registry, e);
        }
        return ended;
    }

    private static void killTree(ProcessHandle p) {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private Path note(Process p) {
        Path f = registry.resolve(Long.toString(p.pid()));
        try {
            Files.createDirectories(registry);
            Files.writeString(f, p.info().startInstant().map(Object::toString).orElse(""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot note process " + p.pid() + " in " + registry, e);
        }
        return f;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(LaunchSpec spec) {
        if (spec.command().isEmpty() || spec.command().get(0).isBlank()) {
            throw new IllegalArgumentException("launch.command is required for the process launcher: the program and its"
                    + " arguments, e.g. [\"python3\", \"/opt/components/count.py\"]");
        }
        for (String arg : spec.command()) {
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("launch.command must not hold a null or a NUL character");
            }
        }
        if (spec.directory() != null && spec.directory().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("launch.directory must not hold a NUL character");
        }
        if (spec.directory() != null && !spec.directory().isBlank() && !Path.of(spec.directory()).isAbsolute()) {
            throw new IllegalArgumentException("launch.directory must be an absolute path, not " + spec.directory());
        }
    }

    @Override
    public Launched launch(Launch launch) throws IOException {
        check(launch.spec());
        ProcessBuilder pb = new ProcessBuilder(launch.spec().command());
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        if (path != null) {
            // Not part of the contract, but without it a script cannot start the tools it names.
            env.put("PATH", path);
        }
        env.putAll(launch.environment());
        String dir = launch.spec().directory();
        Path work = dir == null || dir.isBlank() ? launch.logPath() : Path.of(dir);
        Files.createDirectories(work);
        pb.directory(work.toFile());
        Process p = pb.start();
        p.getOutputStream().close(); // a component reads the contract, not stdin
        // logged before the readers start, so the log shows it before any line of the process
        launch.output().accept("process " + p.pid() + " started: " + String.join(" ", launch.spec().command())
                + " (in " + work + ")");
        Thread out = pump(p.getInputStream(), "", launch.output(), launch.taskId() + "-stdout");
        Thread err = pump(p.getErrorStream(), "stderr: ", launch.output(), launch.taskId() + "-stderr");
        Path note = note(p);
        p.onExit().thenRun(() -> {
            try {
                Files.deleteIfExists(note);
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot delete " + note, e);
            }
        });
        return new Running(p, List.of(out, err));
    }

    private static Thread pump(InputStream in, String prefix, Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(prefix + line);
                }
            } catch (IOException e) {
                // the process was killed under the reader: its output ends here
                LOG.log(Level.FINE, "output of " + name + " ended", e);
            }
        }, "hutong-output-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A running process and the threads reading its output. */
    private record Running(Process process, List<Thread> readers) implements Launched {

        @Override
        public int waitFor() throws InterruptedException {
            int code = process.waitFor();
            // A child that outlives its parent may keep the pipes open: wait for the output a bounded time.
            for (Thread t : readers) {
                t.join(10_000);
            }
            return code;
        }

        @Override
        public void kill() {
            // Children first, so none is re-parented and left running after its parent is gone.
            List<ProcessHandle> tree = process.descendants().toList();
            tree.forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(TERM_GRACE_MS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
