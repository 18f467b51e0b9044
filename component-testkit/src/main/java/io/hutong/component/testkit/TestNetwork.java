/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.transport.Route;

/**
 * The parties of one task and the network between them, for running an {@link AlgorithmComponent} in a unit test
 * the way the component runtime runs it on each party's node.
 *
 * <p>Each party ({@link #party(String, String)}) gets its own storage directory (a {@code file://} storage with the
 * runtime's semantics), a log directory, and a node with the transport core's message queues: one FIFO queue per
 * (session, topic), a size limit per message and per session, pops that wait up to a timeout. A push of one party's
 * {@link io.hutong.api.transport.TransportSession} lands in the queue of the party it was opened towards; a pop reads
 * the party's own queue. {@link #start(AlgorithmComponent)} runs the component for every party at once, each on its
 * own thread with the environment contract of spec 30 §3 ({@code config.task_id}, {@code config.self_role},
 * {@code config.node_id.<role>.<i>}, {@code config.session_id}, {@code runtime.component.parameter.<name>}…), and
 * answers each party's {@link io.hutong.api.component.TaskStatus}, log, stages and outputs.
 *
 * <pre>{@code
 * TestNetwork net = new TestNetwork(tmp);                       // a @TempDir
 * net.party("guest.0", "alice").csvInput("data", "id\na\nb\n").output("result");
 * net.party("host.0", "bob").csvInput("data", "id\nb\nc\n").output("result");
 * TestRun run = net.run(new MyComponent());
 * assertEquals(TaskStatus.SUCCESS, run.party("guest.0").status().state());
 * }</pre>
 *
 * <p>For hostile tests: {@link TestParty#absent()} leaves a party without a running component (it never answers),
 * {@link TestParty#disconnect()} takes its node off the network mid-run, {@link TestParty#inject} puts raw messages
 * in its queue as an attacker on the network would, and {@link TestParty#component} lets one party run a
 * different (misbehaving) component.
 *
 * <p>Configure the network before {@link #start}; runs of one network follow one another and share its queues.
 * Not thread-safe during configuration.
 */
public final class TestNetwork {

    /** The default {@code config.session_id}: a job's session, which the runtime keeps when a task ends (CTL3). */
    public static final String DEFAULT_SESSION_ID = "session_job_0123456789abcdef0123456789abcdef";

    private static final Pattern ROLE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*\\.[0-9]+");
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    /** The transport limits every node of the network applies, read when a message moves. */
    static final class Limits {
        volatile long maxMessageBytes = 128L * 1024 * 1024;
        volatile long maxSessionBytes = 256L * 1024 * 1024;
        volatile Duration maxPopWait = Duration.ofSeconds(30);
    }

    private final Path root;
    private final Limits limits = new Limits();
    private final Map<String, TestParty> parties = new TreeMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private String taskId = "task-1";
    private String sessionId = DEFAULT_SESSION_ID;
    private String traceId = "trace-1";
    private String token = "token-1";
    private Duration runTimeout = Duration.ofSeconds(60);
    private TestRun current;

    /**
     * @param root a directory of the test's own (a JUnit {@code @TempDir}); each party keeps its storage in
     *             {@code <root>/<role>/storage} and its log in {@code <root>/<role>/log}
     */
    public TestNetwork(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    }

    /**
     * Adds a party whose institution id is its node id.
     *
     * @param role   {@code <role>.<i>}, e.g. {@code guest.0}
     * @param nodeId the party's node id ({@code config.node_id.<role>.<i>})
     * @return the party, to configure
     * @throws IllegalArgumentException for a malformed role or node id, or a role already taken
     */
    public TestParty party(String role, String nodeId) {
        return party(role, nodeId, nodeId);
    }

    /**
     * Adds a party.
     *
     * @param role   {@code <role>.<i>}, e.g. {@code host.0}
     * @param nodeId the party's node id ({@code config.node_id.<role>.<i>})
     * @param instId the party's institution id ({@code config.inst_id.<role>.<i>})
     * @return the party, to configure
     * @throws IllegalArgumentException for a malformed role or id, or a role already taken
     */
    public TestParty party(String role, String nodeId, String instId) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("a role is <role>.<index>, e.g. guest.0, not " + role);
        }
        for (String id : new String[] {nodeId, instId}) {
            if (id == null || !id.matches(Route.NODE_ID_PATTERN)) {
                throw new IllegalArgumentException("a node or institution id is 1 to 64 letters, digits, '.', '_' or"
                        + " '-', starting with a letter or digit, not " + id);
            }
        }
        if (parties.containsKey(role)) {
            throw new IllegalArgumentException("party " + role + " is already declared");
        }
        TestParty p = new TestParty(this, role, nodeId, instId, root.resolve(role));
        parties.put(role, p);
        return p;
    }

    /**
     * @return the declared party
     * @throws IllegalArgumentException when no party has that role
     */
    public TestParty party(String role) {
        TestParty p = parties.get(role);
        if (p == null) {
            throw new IllegalArgumentException("no party " + role + "; parties: " + parties.keySet());
        }
        return p;
    }

    /** @return every party by role, in role order */
    public Map<String, TestParty> parties() {
        return Collections.unmodifiableMap(parties);
    }

    /** Sets a {@code runtime.component.parameter.<name>} for every party; a party's own value wins. @return this */
    public TestNetwork parameter(String name, String value) {
        parameters.put(requireName(name), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sets {@code config.task_id} (default {@code task-1}); the runtime's syntax applies. @return this */
    public TestNetwork taskId(String taskId) {
        if (taskId == null || !TASK_ID.matcher(taskId).matches() || taskId.equals(".") || taskId.equals("..")) {
            throw new IllegalArgumentException("a task id is 1 to 128 letters, digits, '_', '-' or '.', not " + taskId);
        }
        this.taskId = taskId;
        return this;
    }

    /**
     * Sets {@code config.session_id} (default {@link #DEFAULT_SESSION_ID}, a job's session). A session id that is not
     * a job's ({@code session_job-<32 hex>}) is released on a party's node when its task ends, as the runtime does
     * (CR6), so a peer still pushing to it is answered E0000000608 on its next call. @return this
     */
    public TestNetwork sessionId(String sessionId) {
        this.sessionId = requireName(sessionId);
        return this;
    }

    /** Sets {@code config.trace_id} (default {@code trace-1}). @return this */
    public TestNetwork traceId(String traceId) {
        this.traceId = Objects.requireNonNull(traceId, "traceId");
        return this;
    }

    /** Sets {@code config.token} (default {@code token-1}). @return this */
    public TestNetwork token(String token) {
        this.token = Objects.requireNonNull(token, "token");
        return this;
    }

    /**
     * Sets the largest payload a node accepts (default 128 MiB, as {@code message_max_bytes}); a larger push is
     * answered E0000000413. @return this
     */
    public TestNetwork maxMessageBytes(long bytes) {
        limits.maxMessageBytes = positive(bytes, "maxMessageBytes");
        return this;
    }

    /**
     * Sets the unread bytes a session may hold on a node (default 256 MiB, as {@code session_max_bytes}); a push
     * beyond is answered E0000000700. @return this
     */
    public TestNetwork maxSessionBytes(long bytes) {
        limits.maxSessionBytes = positive(bytes, "maxSessionBytes");
        return this;
    }

    /**
     * Sets the longest a pop waits, whatever timeout the component asks for (default 30 s; the node's
     * {@code pop_max_wait_ms} is 5 minutes). @return this
     */
    public TestNetwork maxPopWait(Duration wait) {
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("maxPopWait must be zero or more");
        }
        limits.maxPopWait = wait;
        return this;
    }

    /**
     * Sets how long {@link TestRun#await()} waits for every party to end (default 60 s). A party still running then
     * is interrupted, as the runtime cancels a task, and ends FAILED. @return this
     */
    public TestNetwork runTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("runTimeout must be positive");
        }
        this.runTimeout = timeout;
        return this;
    }

    /**
     * Starts the component for every party that is not {@link TestParty#absent() absent}, each on its own thread, and
     * returns at once.
     *
     * @param component the component every party runs unless it was given its own ({@link TestParty#component})
     * @throws IllegalStateException when there is no party, or the previous run has not ended
     */
    public synchronized TestRun start(AlgorithmComponent component) {
        Objects.requireNonNull(component, "component");
        if (parties.isEmpty()) {
            throw new IllegalStateException("declare the parties first: party(\"guest.0\", \"alice\")");
        }
        if (current != null && !current.ended()) {
            throw new IllegalStateException("the previous run of this network has not ended");
        }
        current = new TestRun(this, component);
        current.start();
        return current;
    }

    /** Runs the component for every party and waits until each ended, as {@code start(component).await()}. */
    public TestRun run(AlgorithmComponent component) {
        return start(component).await();
    }

    // --- for the kit's classes ---------------------------------------------------------------------

    Limits limits() {
        return limits;
    }

    Map<String, String> parameters() {
        return parameters;
    }

    String taskId() {
        return taskId;
    }

    String sessionId() {
        return sessionId;
    }

    String traceId() {
        return traceId;
    }

    String token() {
        return token;
    }

    Duration runTimeout() {
        return runTimeout;
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a name must not be empty");
        }
        return name;
    }

    private static long positive(long v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return v;
    }
}
