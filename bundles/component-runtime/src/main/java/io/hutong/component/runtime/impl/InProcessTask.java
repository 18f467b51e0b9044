/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.component.TaskStorage;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.Transport;
import io.hutong.api.transport.TransportSession;

/** One task of the in-process runtime: its state as the runtime tracks it, and the {@link TaskContext} its component runs with. */
final class InProcessTask implements TaskContext {

    private static final Logger LOG = Logger.getLogger(InProcessTask.class.getName());

    private final TaskEnvironment env;
    private final String component;
    private final ComponentLease lease;
    private final TaskStorages storage;
    private final TaskLog log;
    private final Supplier<Transport> transport;
    private final Clock clock;
    private final Instant started;
    private final Map<String, TransportSession> sessions = new ConcurrentHashMap<>();

    private volatile String state = TaskStatus.RUNNING;
    private volatile String reason;
    private volatile double progress;
    private volatile String stage = "waiting";
    private volatile Instant ended;
    private volatile Thread runner;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicBoolean pinned = new java.util.concurrent.atomic.AtomicBoolean();

    private final java.util.function.Consumer<TaskStatus> onEnd;
    private final byte[] callbackSecret;

    InProcessTask(TaskEnvironment env, String component, ComponentLease lease, TaskLog log,
                  Supplier<Transport> transport, Clock clock, java.util.function.Consumer<TaskStatus> onEnd) {
        this(env, component, lease, log, transport, clock, onEnd, null);
    }

    /** @param callbackSecret the secret in this task's {@code system.callback}; null when it has none */
    InProcessTask(TaskEnvironment env, String component, ComponentLease lease, TaskLog log,
                  Supplier<Transport> transport, Clock clock, java.util.function.Consumer<TaskStatus> onEnd,
                  String callbackSecret) {
        this.callbackSecret = callbackSecret == null ? null : callbackSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.onEnd = onEnd;
        this.env = env;
        this.component = component;
        this.lease = lease;
        this.log = log;
        // remote (s3://) data is staged beside the task's log and removed when the task ends (S3-3)
        this.storage = TaskStorages.open(env.storage(), env.logPath().resolve("staging-" + env.taskId()),
                new S3TaskStorage.Writer(env.taskId(), component), log::line);
        this.transport = transport;
        this.clock = clock;
        this.started = now();
    }

    /** Milliseconds are what the journal and the API show; finer would not survive a database round trip. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    ComponentLease lease() {
        return lease;
    }

    TaskLog taskLog() {
        return log;
    }

    boolean running() {
        return ended == null;
    }

    Instant ended() {
        return ended;
    }

    Instant started() {
        return started;
    }

    TaskStatus status() {
        return new TaskStatus(env.taskId(), component, lease.version(), env.role(), state, reason, progress, stage,
                started, ended);
    }

    /**
     * Ends the task, once: the first caller decides its outcome.
     *
     * @return false when it had already ended
     */
    synchronized boolean finish(String outcome, String why) {
        if (ended != null) {
            return false;
        }
        state = outcome;
        reason = TaskStatus.FAILED.equals(outcome) ? why : null;
        if (TaskStatus.SUCCESS.equals(outcome)) {
            progress = 1.0;
        }
        stage = outcome.toLowerCase(java.util.Locale.ROOT);
        ended = now();
        log.line(TaskStatus.FAILED.equals(outcome) ? "task FAILED: " + why : "task " + outcome);
        onEnd.accept(status());
        return true;
    }

    /**
     * Ends the task FAILED from outside (cancel, removal of its component) and interrupts its thread,
     * the way the SPI tells components a task is to stop.
     *
     * @return false when it had already ended
     */
    boolean stop(String why) {
        if (!finish(TaskStatus.FAILED, why)) {
            return false;
        }
        stopped = true;
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
        return true;
    }

    /** @return true when {@code secret} is this task's callback secret (compared in constant time) */
    boolean callbackSecretIs(String secret) {
        return callbackSecret != null && secret != null
                && java.security.MessageDigest.isEqual(callbackSecret, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Takes a state the component reported through its callback.
     *
     * @return true when the report ended the task
     */
    boolean reported(String status) {
        log.line("callback: " + status);
        return switch (status) {
            case TaskStatus.RUNNING -> {
                if (running() && "waiting".equals(stage)) {
                    stage = "running";
                }
                yield false;
            }
            case TaskStatus.SUCCESS -> finish(TaskStatus.SUCCESS, null);
            default -> finish(TaskStatus.FAILED, "the component reported FAILED through system.callback");
        };
    }

    /** Interrupts the task's thread if it is still running the component (which stops its process), noting why. */
    synchronized void stopRunner(String why) {
        Thread t = runner;
        if (t != null) {
            log.line(why + ": stopping it");
            stopped = true;
            t.interrupt();
        }
    }

    /**
     * Keeps the task's code loadable: its component bundle is stopping (an update, a refresh or a
     * stop), after which the framework may dispose of the class loader it started with (CR7).
     */
    void pinCode() {
        if (running() && pinned.compareAndSet(false, true)) {
            int n = lease.pin().getAsInt();
            log.line("the component bundle is stopping (update, refresh or stop): " + n
                    + " classes of the revision this task runs on are loaded so it can finish on them");
        }
    }

    /** Runs the component on the calling thread and records the outcome. */
    void run() {
        Thread self = Thread.currentThread();
        String name = self.getName();
        ClassLoader loader = self.getContextClassLoader();
        runner = self;
        self.setName("hutong-task-" + env.taskId());
        // Libraries a component uses (ServiceLoader, Jackson modules) look at the context class loader.
        self.setContextClassLoader(lease.component().getClass().getClassLoader());
        try {
            if (stopped || !running()) {
                return;
            }
            stage = "running";
            log.line("task started: component " + component + " " + lease.version() + ", role " + env.selfRole()
                    + ", session " + env.sessionId());
            lease.component().run(this);
            if (running()) {
                // outputs of remote storage become visible before the task says SUCCESS (S3-3)
                storage.publish(log::line);
            }
            if (!finish(TaskStatus.SUCCESS, null)) {
                log.line("the component returned after the task had ended");
            }
        } catch (Throwable e) {
            String why = reason(e);
            if (finish(TaskStatus.FAILED, why)) {
                log.failure("the component failed", e);
            } else {
                log.line("the component stopped: " + why);
            }
            if (e instanceof Error && !(e instanceof LinkageError) && !(e instanceof AssertionError)) {
                LOG.log(Level.WARNING, "task " + env.taskId() + " ended with an error", e);
            }
        } finally {
            synchronized (this) {
                // under the lock of stopRunner, so its interrupt cannot reach the thread's next task
                runner = null;
            }
            Thread.interrupted();
            self.setName(name);
            self.setContextClassLoader(loader);
            storage.close();
        }
    }

    /** The reason a task failed: the exception's message, or its type when it has none. */
    static String reason(Throwable e) {
        if (e instanceof InterruptedException && e.getMessage() == null) {
            return "interrupted";
        }
        String msg = e.getMessage();
        if (e instanceof Exception && msg != null && !msg.isBlank()) {
            return msg;
        }
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    /** A job's session ({@code session_} + a job id, M4): every task of the job uses it, one after another (CTL3). */
    static final java.util.regex.Pattern JOB_SESSION = java.util.regex.Pattern.compile("session_job[-_][0-9a-fA-F]{32}");

    /**
     * Releases the transport sessions this task opened, when {@code release} (no other running task shares them) and
     * the session is not a job's: the next task of the job opens it again, and a released session id is refused for
     * a while (T5), so the control layer releases a job's session when the job ends on this node (decision CTL3).
     */
    void closeSessions(boolean release) {
        if (JOB_SESSION.matcher(env.sessionId()).matches()) {
            log.line("transport session " + env.sessionId() + " kept for the job's next task");
            release = false;
        }
        if (release && !sessions.isEmpty()) {
            TransportSession any = sessions.values().iterator().next();
            try {
                // Every session of a task carries the task's session id; one release covers them all.
                any.release();
                log.line("transport session " + env.sessionId() + " released");
            } catch (RuntimeException e) {
                log.line("transport session " + env.sessionId() + " could not be released: " + e.getMessage());
            }
        }
        sessions.clear();
    }

    boolean openedSessions() {
        return !sessions.isEmpty();
    }

    // --- TaskContext -------------------------------------------------------------------------------

    @Override
    public String taskId() {
        return env.taskId();
    }

    @Override
    public String selfRole() {
        return env.selfRole();
    }

    @Override
    public Map<String, String> nodeIds() {
        return env.nodeIds();
    }

    @Override
    public Map<String, String> instIds() {
        return env.instIds();
    }

    @Override
    public String sessionId() {
        return env.sessionId();
    }

    @Override
    public String traceId() {
        return env.traceId();
    }

    @Override
    public String token() {
        return env.token();
    }

    @Override
    public String componentName() {
        return component;
    }

    @Override
    public Map<String, String> parameters() {
        return env.parameters();
    }

    @Override
    public Map<String, DataRef> inputs() {
        return env.inputs();
    }

    @Override
    public Map<String, DataRef> outputs() {
        return env.outputs();
    }

    @Override
    public Path logPath() {
        return env.logPath();
    }

    @Override
    public Map<String, String> environment() {
        return env.environment();
    }

    @Override
    public TransportSession transport(String peerRole) {
        String node = env.nodeIds().get(peerRole);
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("task " + env.taskId() + " has no party " + peerRole
                    + " (no config.node_id." + peerRole + "); parties: " + env.nodeIds().keySet());
        }
        if (!running()) {
            throw new IllegalStateException("task " + env.taskId() + " has ended (" + state + ")");
        }
        return sessions.computeIfAbsent(peerRole, role -> {
            Transport t = transport.get();
            if (t == null) {
                throw new IllegalStateException("this node has no transport service: install the transport feature");
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(PtpHeaders.TARGET_NODE_ID, node);
            String inst = env.instIds().get(role);
            if (inst != null && !inst.isBlank()) {
                metadata.put(PtpHeaders.TARGET_INST_ID, inst);
            }
            if (!env.token().isBlank()) {
                metadata.put(PtpHeaders.TOKEN, env.token());
            }
            if (!env.traceId().isBlank()) {
                metadata.put(PtpHeaders.TRACE_ID, env.traceId());
            }
            TransportSession s = t.open(env.sessionId(), metadata);
            log.line("transport session " + env.sessionId() + " opened towards " + role + " (node " + node + ")");
            return s;
        });
    }

    @Override
    public TaskStorage storage() {
        return storage;
    }

    @Override
    public void log(String line) {
        log.line(line);
    }

    @Override
    public void progress(double fraction, String stage) {
        if (!running()) {
            return;
        }
        if (!Double.isNaN(fraction)) {
            progress = Math.max(0.0, Math.min(1.0, fraction));
        }
        if (stage != null && !stage.isBlank() && !stage.equals(this.stage)) {
            this.stage = stage;
            log.line("stage: " + stage);
        }
    }
}
