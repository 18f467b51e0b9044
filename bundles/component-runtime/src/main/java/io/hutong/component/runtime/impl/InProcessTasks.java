/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hutong.api.component.TaskStatus;
import io.hutong.api.transport.Transport;

/**
 * The tasks of the in-process runtime: admission to a bounded number of task threads, their states,
 * and how long finished ones are remembered. Plain Java; the OSGi side ({@link InProcessComponentRuntime})
 * supplies the components and the transport.
 */
final class InProcessTasks {

    private static final Logger LOG = Logger.getLogger(InProcessTasks.class.getName());

    /**
     * The limits and locations of the runtime.
     *
     * @param maxRunning  task threads
     * @param maxWaiting  tasks accepted beyond the running ones
     * @param retention   how long a finished task is remembered
     * @param maxFinished how many finished tasks are remembered at most
     * @param storage     the default {@code system.storage}
     * @param logRoot     the parent of {@code <task_id>/task.log} when a task has no {@code config.log.path}
     * @param nodeAddress {@code host:port} of the node's east-west plane, for {@code system.transport},
     *                    {@code system.control_port} and {@code system.callback}; null when unknown
     */
    record Settings(int maxRunning, int maxWaiting, Duration retention, int maxFinished, String storage, Path logRoot,
                    String nodeAddress) {

        Settings(int maxRunning, int maxWaiting, Duration retention, int maxFinished, String storage, Path logRoot) {
            this(maxRunning, maxWaiting, retention, maxFinished, storage, logRoot, null);
        }

        Settings {
            if (maxRunning < 1) {
                throw new IllegalArgumentException("max_running_tasks must be at least 1, not " + maxRunning);
            }
            if (maxWaiting < 0) {
                throw new IllegalArgumentException("max_waiting_tasks must not be negative, not " + maxWaiting);
            }
        }
    }

    /** The task id is in use by a running task. */
    static final class TaskIdTaken extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TaskIdTaken(String msg) {
            super(msg);
        }
    }

    /** The C1 path (spec 20 §4.2) a task's {@code system.callback} names. */
    static final String CALLBACK_PATH = "/v1/platform/schedule/task/callback";
    /** How long a component has to exit after it reported its end through the callback, before it is stopped. */
    static final Duration CALLBACK_EXIT_GRACE = Duration.ofSeconds(30);

    /** A callback is refused: no such task, or not its secret (one answer for both, so task ids cannot be probed). */
    static final class CallbackRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallbackRefused() {
            super("callback refused: no running task with this task_id was given this secret");
        }
    }

    /** A callback with the right secret for a task that has already ended. */
    static final class TaskEnded extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        TaskEnded(String msg) {
            super(msg);
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** {@link #CALLBACK_EXIT_GRACE}; shorter in tests. */
    volatile Duration callbackExitGrace = CALLBACK_EXIT_GRACE;

    private final Supplier<Transport> transport;
    private final TaskJournal journal;
    private final Clock clock;
    private Instant journalPurged = Instant.MIN;
    private final ThreadPoolExecutor executor;
    private final Map<String, InProcessTask> tasks = new LinkedHashMap<>();
    private volatile Settings settings;
    private int admitted;

    InProcessTasks(Settings settings, Supplier<Transport> transport, TaskJournal journal, Clock clock) {
        this.settings = settings;
        this.journal = journal;
        this.transport = transport;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        // The bound is enforced by admission in start(), so the queue itself may be unbounded.
        this.executor = new ThreadPoolExecutor(settings.maxRunning(), settings.maxRunning(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "hutong-task-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Applies new limits; running tasks are not disturbed. */
    synchronized void configure(Settings next) {
        if (next.maxRunning() > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(next.maxRunning());
            executor.setCorePoolSize(next.maxRunning());
        } else {
            executor.setCorePoolSize(next.maxRunning());
            executor.setMaximumPoolSize(next.maxRunning());
        }
        settings = next;
    }

    Settings settings() {
        return settings;
    }

    /**
     * Starts a task (see {@link io.hutong.api.component.ComponentTasks#start}).
     *
     * @throws IllegalArgumentException bad environment, unknown component; {@link TaskIdTaken} for a running task id
     * @throws IllegalStateException    every task slot is taken
     */
    TaskStatus start(String componentName, String version, Map<String, String> environment,
                     ComponentLease.Resolver components) {
        if (componentName == null || componentName.isBlank()) {
            throw new IllegalArgumentException("component is missing: name the componentName to run");
        }
        Settings s = settings;
        String secret = secret();
        String callback = s.nodeAddress() == null ? null
                : "http://" + s.nodeAddress() + CALLBACK_PATH + "?secret=" + secret;
        TaskEnvironment env = TaskEnvironment.parse(componentName.strip(), environment, s.storage(), s.logRoot(),
                s.nodeAddress(), callback);
        InProcessTask task;
        synchronized (this) {
            purge();
            InProcessTask previous = tasks.get(env.taskId());
            if (previous != null && previous.running()) {
                throw new TaskIdTaken("task " + env.taskId() + " is already RUNNING on this node");
            }
            if (admitted >= s.maxRunning() + s.maxWaiting()) {
                throw new IllegalStateException("the runtime already runs " + admitted + " tasks (max_running_tasks "
                        + s.maxRunning() + ", max_waiting_tasks " + s.maxWaiting() + "); try again when one has ended");
            }
            ComponentLease lease = components.lease(componentName.strip(), version == null ? null : version.strip());
            TaskLog log;
            try {
                log = new TaskLog(env.logPath(), clock);
            } catch (IOException e) {
                lease.release().run();
                throw new UncheckedIOException("cannot open the task log in " + env.logPath() + ": " + e.getMessage(), e);
            }
            task = new InProcessTask(env, componentName.strip(), lease, log, transport, clock, journal::ended,
                    callback == null ? null : secret);
            // A rerun of a finished task id replaces its record; its log continues.
            tasks.remove(env.taskId());
            tasks.put(env.taskId(), task);
            admitted++;
            journal.started(task.status(), log.file());
            log.line("task accepted: component " + componentName + " " + lease.version() + " (bundle "
                    + lease.bundleId() + ")");
        }
        TaskStatus status = task.status();
        executor.execute(() -> execute(task));
        return status;
    }

    private void execute(InProcessTask task) {
        try {
            task.run();
        } finally {
            boolean shared;
            synchronized (this) {
                shared = tasks.values().stream().anyMatch(t -> t != task && t.running()
                        && t.sessionId().equals(task.sessionId()));
            }
            try {
                // Another running task of the same session (e.g. two roles of a job on one node) still needs it.
                task.closeSessions(!shared);
                task.lease().release().run();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "cleaning up after task " + task.taskId(), e);
            } finally {
                task.taskLog().close();
                // The slot is free only once the task's sessions and component are given back.
                synchronized (this) {
                    admitted--;
                }
            }
        }
    }

    /** @return the task's status, while it is remembered (in memory, else in the journal) */
    Optional<TaskStatus> status(String taskId) {
        synchronized (this) {
            purge();
            InProcessTask t = tasks.get(taskId);
            if (t != null) {
                return Optional.of(t.status());
            }
        }
        return journal.find(taskId);
    }

    /** @return the log file of a remembered task */
    Optional<Path> logFile(String taskId) {
        synchronized (this) {
            InProcessTask t = tasks.get(taskId);
            if (t != null) {
                return Optional.of(t.taskLog().file());
            }
        }
        return journal.logFile(taskId);
    }

    /** @return every remembered task, newest first */
    List<TaskStatus> list() {
        Map<String, TaskStatus> all = new LinkedHashMap<>();
        int limit;
        synchronized (this) {
            purge();
            tasks.values().forEach(t -> all.put(t.taskId(), t.status()));
            limit = settings.maxFinished();
        }
        // Finished tasks of earlier runs of the node, beyond those still in memory.
        journal.finished(limit).forEach(s -> all.putIfAbsent(s.taskId(), s));
        List<TaskStatus> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparing(TaskStatus::started).reversed());
        return out;
    }

    private static String secret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /**
     * The component's report through {@code system.callback} (C1, decision EXT5): RUNNING is noted,
     * SUCCESS or FAILED ends the task unless it has ended already (the first outcome wins, CR2). A
     * component that has not exited {@link #CALLBACK_EXIT_GRACE} after reporting its end is stopped.
     *
     * @param status {@code RUNNING}, {@code SUCCESS} or {@code FAILED}
     * @param role   the task's role as the task query answers it (without index); must agree
     * @return the task's status after the report
     * @throws CallbackRefused          unknown task id or wrong secret
     * @throws IllegalArgumentException a malformed report
     * @throws TaskEnded                the task had already ended
     */
    TaskStatus callback(String taskId, String secret, String status, String role) {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("task_id is required");
        }
        if (!List.of(TaskStatus.RUNNING, TaskStatus.SUCCESS, TaskStatus.FAILED).contains(status)) {
            throw new IllegalArgumentException("status must be RUNNING, SUCCESS or FAILED, not " + status);
        }
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role is required");
        }
        InProcessTask t;
        synchronized (this) {
            t = tasks.get(taskId.strip());
        }
        if (t == null || !t.callbackSecretIs(secret)) {
            throw new CallbackRefused();
        }
        TaskStatus before = t.status();
        if (!before.role().equals(role.strip())) {
            throw new IllegalArgumentException("role " + role + " is not the role of task " + taskId + " on this node");
        }
        if (!t.running()) {
            throw new TaskEnded("task " + taskId + " has already ended " + before.state()
                    + (before.reason() == null ? "" : " (" + before.reason() + ")"));
        }
        if (t.reported(status)) {
            Duration grace = callbackExitGrace;
            java.util.concurrent.CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> t.stopRunner("the component reported its end " + grace.toSeconds()
                            + " s ago and has not exited"));
        }
        return t.status();
    }

    /** @return false when no such task runs */
    boolean cancel(String taskId) {
        return stop(taskId, "cancelled");
    }

    private boolean stop(String taskId, String why) {
        InProcessTask t;
        synchronized (this) {
            t = tasks.get(taskId);
        }
        return t != null && t.stop(why);
    }

    /** Ends every running task whose component came from the bundle {@code bundleId}: it is being removed. */
    void componentRemoved(long bundleId) {
        for (InProcessTask t : running()) {
            if (t.lease().bundleId() == bundleId && t.stop("component removed")) {
                LOG.info("task " + t.taskId() + " stopped: its component bundle " + bundleId + " was uninstalled");
            }
        }
    }

    /** Keeps the code of every task running on bundle {@code bundleId} loadable: the bundle is stopping. */
    void componentStopping(long bundleId) {
        for (InProcessTask t : running()) {
            if (t.lease().bundleId() == bundleId) {
                t.pinCode();
            }
        }
    }

    /** Notes in the log of each task running on bundle {@code bundleId} that the bundle was updated under it. */
    void componentUpdated(long bundleId) {
        for (InProcessTask t : running()) {
            if (t.lease().bundleId() == bundleId) {
                t.log("the component bundle was updated; this task continues on the code it started with");
            }
        }
    }

    /** @return the running tasks (waiting ones included) */
    synchronized List<InProcessTask> running() {
        return tasks.values().stream().filter(InProcessTask::running).toList();
    }

    /** @return tasks admitted and not yet ended, and of those how many are waiting for a thread */
    synchronized int admitted() {
        return admitted;
    }

    /** Stops every task (the runtime goes away) and waits a little for their threads. */
    void close(String why) {
        for (InProcessTask t : running()) {
            t.stop(why);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void purge() {
        Settings s = settings;
        Instant now = clock.instant();
        Instant limit = now.minus(s.retention());
        if (journalPurged.isBefore(now.minusSeconds(60))) {
            journalPurged = now;
            journal.forget(limit);
        }
        tasks.values().removeIf(t -> !t.running() && t.ended().isBefore(limit));
        long finished = tasks.values().stream().filter(t -> !t.running()).count();
        if (finished > s.maxFinished()) {
            List<InProcessTask> oldest = tasks.values().stream().filter(t -> !t.running())
                    .sorted(Comparator.comparing(InProcessTask::ended)).limit(finished - s.maxFinished()).toList();
            oldest.forEach(t -> tasks.remove(t.taskId()));
        }
    }
}
