/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a process it started running (a node, a CLI, a shell), and stops it.
 * Registered for every Jupiter class of this module (META-INF/services, with extension autodetection in
 * junit-platform.properties). A node the test had lost track of once ran on after its class and its CI run,
 * using CPU with its data directory deleted under it, and nothing said so.
 */
public class NoProcessOutlivesItsClass implements AfterAllCallback {

    /** How long a process the class stopped (SIGTERM, or destroyForcibly just before) may take to exit. */
    private static final long EXIT_SECONDS = 30;

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<ProcessHandle> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_SECONDS);
        for (ProcessHandle p : alive) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                // reported below
            }
        }
        List<ProcessHandle> left = alive.stream().filter(ProcessHandle::isAlive).toList();
        if (left.isEmpty()) {
            return;
        }
        StringBuilder what = new StringBuilder();
        for (ProcessHandle p : left) {
            what.append("\n  pid ").append(p.pid()).append(": ").append(p.info().commandLine().orElse("?"));
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        throw new AssertionError(context.getDisplayName() + " left " + left.size() + " process(es) running "
                + EXIT_SECONDS + " s after its end (now killed):" + what);
    }
}
