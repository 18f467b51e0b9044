/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.component.TaskStorage;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.TransportSession;

/**
 * One party's task in a {@link TestRun}: the {@link TaskStatus} the runtime would answer for it (live while it runs),
 * the component's log lines and reported stages, and the exception it ended with.
 *
 * <p>The task lives as in the runtime: {@code RUNNING} from the start, {@code SUCCESS} with progress 1.0 when the
 * component returns, {@code FAILED} with the exception's message as reason when it throws or when the run's timeout
 * interrupts it; the first outcome wins. Progress is clamped to 0..1; a stage change is logged as
 * {@code stage: <stage>}.
 */
public final class PartyRun {

    /** A job's session, kept when a task ends (CTL3); any other is released then (CR6). */
    private static final Pattern JOB_SESSION = Pattern.compile("session_job[-_][0-9a-fA-F]{32}");

    private final TestNetwork network;
    private final TestParty party;
    private final AlgorithmComponent component;
    private final Map<String, String> environment;
    private final Map<String, String> parameters;
    private final Map<String, String> nodeIds;
    private final Map<String, String> instIds;
    private final Map<String, DataRef> inputs;
    private final Map<String, DataRef> outputs;
    private final Instant started;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stages = Collections.synchronizedList(new ArrayList<>());
    private final List<ProgressReport> progressReports = new ArrayList<>();
    private final Map<String, TransportSession> sessions = new ConcurrentHashMap<>();
    private final Context context = new Context();

    private String state = TaskStatus.RUNNING;
    private String reason;
    private double progress;
    private String stage = "waiting";
    private Instant ended;
    private Throwable failure;
    private Thread runner;
    private boolean threadDone;

    PartyRun(TestNetwork network, TestParty party, AlgorithmComponent component) {
        this.network = network;
        this.party = party;
        this.component = component;
        Map<String, String> nodes = new TreeMap<>();
        Map<String, String> insts = new TreeMap<>();
        network.parties().forEach((role, p) -> {
            nodes.put(role, p.nodeId());
            insts.put(role, p.instId());
        });
        this.nodeIds = Collections.unmodifiableMap(nodes);
        this.instIds = Collections.unmodifiableMap(insts);
        Map<String, String> params = new TreeMap<>(network.parameters());
        params.putAll(party.ownParameters());
        this.parameters = Collections.unmodifiableMap(params);
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(party.inputs()));
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(party.outputs()));
        try {
            Files.createDirectories(party.logPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.environment = Collections.unmodifiableMap(contract());
        this.started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The flat keys of spec 30 §3 the runtime gives an in-process task, for this party. */
    private Map<String, String> contract() {
        Map<String, String> env = new TreeMap<>(party.extraEnv());
        env.put("config.task_id", network.taskId());
        env.put("config.self_role", party.role());
        nodeIds.forEach((r, id) -> env.put("config.node_id." + r, id));
        instIds.forEach((r, id) -> env.put("config.inst_id." + r, id));
        env.put("config.session_id", network.sessionId());
        env.put("config.trace_id", network.traceId());
        env.put("config.token", network.token());
        env.put("config.log.path", party.logPath().toString());
        env.put("system.storage", party.storage().uri());
        env.put("runtime.component.name", component.code());
        parameters.forEach((k, v) -> env.put("runtime.component.parameter." + k, v));
        inputs.forEach((k, v) -> env.put("runtime.component.input." + k, json(v)));
        outputs.forEach((k, v) -> env.put("runtime.component.output." + k, json(v)));
        return env;
    }

    /** @return the identifier as the contract passes it: {@code {"namespace":…,"name":…}} */
    static String json(DataRef ref) {
        return "{\"namespace\":" + quote(ref.namespace()) + ",\"name\":" + quote(ref.name()) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** @return {@code <role>.<i>} of the party */
    public String role() {
        return party.role();
    }

    /** @return the party */
    public TestParty party() {
        return party;
    }

    /** @return the task's status now, as {@code ComponentTasks.status} would answer it */
    public synchronized TaskStatus status() {
        String r = party.role();
        return new TaskStatus(network.taskId(), component.code(), component.version(), r.substring(0, r.lastIndexOf('.')),
                state, reason, progress, stage, started, ended);
    }

    /** @return whether the task has ended */
    public synchronized boolean ended() {
        return ended != null;
    }

    /** @return what the component threw, when it did (also after a timeout, if it threw then) */
    public synchronized Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return every line of the task's log so far: the component's and the runtime-like lines around them */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /**
     * One call of {@code TaskContext.progress} while the task ran.
     *
     * @param at       time since the task started
     * @param fraction the fraction as the runtime keeps it (clamped to 0..1; the previous one when NaN was given)
     * @param stage    the stage after the call
     */
    public record ProgressReport(Duration at, double fraction, String stage) {
    }

    /** @return every progress report of the task, in order, e.g. to check that progress never goes back or stalls */
    public synchronized List<ProgressReport> progressReports() {
        return List.copyOf(progressReports);
    }

    /** @return the stages the component reported, in order, each change once */
    public List<String> stages() {
        synchronized (stages) {
            return List.copyOf(stages);
        }
    }

    /** @return the environment the task was given, flat keys as a container sees them */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return the task's context, as the component was given it (e.g. to inspect what it saw) */
    public TaskContext context() {
        return context;
    }

    /**
     * Waits until the task's status meets {@code condition}, e.g. a stage and progress mid-run.
     *
     * @return the status that met it
     * @throws AssertionError when the task ends without meeting it, or {@code timeout} passes
     */
    public synchronized TaskStatus awaitStatus(Predicate<TaskStatus> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TaskStatus s = status();
            if (condition.test(s)) {
                return s;
            }
            if (ended != null) {
                throw new AssertionError("task of " + party.role() + " ended without the awaited status: " + s);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("task of " + party.role() + " did not reach the awaited status within "
                        + timeout + ": " + s);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Runs the component on the calling thread. */
    void run() {
        synchronized (this) {
            runner = Thread.currentThread();
            if (ended != null) {
                threadDone = true;
                notifyAll();
                return;
            }
            stage = "running";
        }
        try {
            line("task started: component " + component.code() + " " + component.version() + ", role " + party.role()
                    + ", session " + network.sessionId());
            component.run(context);
            if (!finish(TaskStatus.SUCCESS, null)) {
                line("the component returned after the task had ended");
            }
        } catch (Throwable e) {
            synchronized (this) {
                if (failure == null) {
                    failure = e;
                }
            }
            String why = reason(e);
            if (!finish(TaskStatus.FAILED, why)) {
                line("the component stopped: " + why);
            }
        } finally {
            closeSessions();
            synchronized (this) {
                runner = null;
                threadDone = true;
                notifyAll();
            }
            Thread.interrupted();
        }
    }

    /** Ends the task FAILED from outside and interrupts its thread, as the runtime cancels a task. */
    void stop(String why) {
        if (finish(TaskStatus.FAILED, why)) {
            synchronized (this) {
                if (runner != null) {
                    runner.interrupt();
                }
            }
        }
    }

    /** Waits until the component's thread has returned, up to {@code millis}. @return whether it has */
    synchronized boolean awaitThread(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!threadDone) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private boolean finish(String outcome, String why) {
        synchronized (this) {
            if (ended != null) {
                return false;
            }
            state = outcome;
            reason = TaskStatus.FAILED.equals(outcome) ? why : null;
            if (TaskStatus.SUCCESS.equals(outcome)) {
                progress = 1.0;
            }
            stage = outcome.toLowerCase(Locale.ROOT);
            ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            notifyAll();
        }
        line(TaskStatus.FAILED.equals(outcome) ? "task FAILED: " + why : "task " + outcome);
        return true;
    }

    private void closeSessions() {
        if (sessions.isEmpty()) {
            return;
        }
        if (JOB_SESSION.matcher(network.sessionId()).matches()) {
            line("transport session " + network.sessionId() + " kept for the job's next task");
        } else {
            // every session of a task carries its session id: one release covers them all
            sessions.values().iterator().next().release();
            line("transport session " + network.sessionId() + " released");
        }
        sessions.clear();
    }

    private void line(String line) {
        log.add(line);
    }

    /** The reason a task failed, as the runtime words it: the message, or the type when there is none. */
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

    /** What the component is given. */
    private final class Context implements TaskContext {

        @Override
        public String taskId() {
            return network.taskId();
        }

        @Override
        public String selfRole() {
            return party.role();
        }

        @Override
        public Map<String, String> nodeIds() {
            return nodeIds;
        }

        @Override
        public Map<String, String> instIds() {
            return instIds;
        }

        @Override
        public String sessionId() {
            return network.sessionId();
        }

        @Override
        public String traceId() {
            return network.traceId();
        }

        @Override
        public String token() {
            return network.token();
        }

        @Override
        public String componentName() {
            return component.code();
        }

        @Override
        public Map<String, String> parameters() {
            return parameters;
        }

        @Override
        public Map<String, DataRef> inputs() {
            return inputs;
        }

        @Override
        public Map<String, DataRef> outputs() {
            return outputs;
        }

        @Override
        public Path logPath() {
            return party.logPath();
        }

        @Override
        public Map<String, String> environment() {
            return environment;
        }

        @Override
        public TransportSession transport(String peerRole) {
            TestParty peer = network.parties().get(peerRole);
            if (peer == null) {
                throw new IllegalArgumentException("task " + network.taskId() + " has no party " + peerRole
                        + " (no config.node_id." + peerRole + "); parties: " + nodeIds.keySet());
            }
            if (ended()) {
                throw new IllegalStateException("task " + network.taskId() + " has ended (" + status().state() + ")");
            }
            return sessions.computeIfAbsent(peerRole, r -> {
                Map<String, String> metadata = new LinkedHashMap<>();
                metadata.put(PtpHeaders.SESSION_ID, network.sessionId());
                metadata.put(PtpHeaders.TARGET_NODE_ID, peer.nodeId());
                metadata.put(PtpHeaders.TARGET_INST_ID, peer.instId());
                metadata.put(PtpHeaders.SOURCE_NODE_ID, party.nodeId());
                metadata.put(PtpHeaders.SOURCE_INST_ID, party.instId());
                if (!network.token().isBlank()) {
                    metadata.put(PtpHeaders.TOKEN, network.token());
                }
                if (!network.traceId().isBlank()) {
                    metadata.put(PtpHeaders.TRACE_ID, network.traceId());
                }
                line("transport session " + network.sessionId() + " opened towards " + r + " (node " + peer.nodeId()
                        + ")");
                return new LoopbackSession(network.sessionId(), party.queues(), peer.queues(), metadata,
                        network.limits());
            });
        }

        @Override
        public TaskStorage storage() {
            return party.storage();
        }

        @Override
        public void log(String line) {
            line(line);
        }

        @Override
        public void progress(double fraction, String newStage) {
            synchronized (PartyRun.this) {
                if (ended != null) {
                    return;
                }
                if (!Double.isNaN(fraction)) {
                    progress = Math.max(0.0, Math.min(1.0, fraction));
                }
                boolean changed = newStage != null && !newStage.isBlank() && !newStage.equals(stage);
                if (changed) {
                    stage = newStage;
                }
                progressReports.add(new ProgressReport(Duration.between(started, Instant.now()), progress, stage));
                PartyRun.this.notifyAll();
                if (!changed) {
                    return;
                }
            }
            stages.add(newStage);
            line("stage: " + newStage);
        }
    }
}
