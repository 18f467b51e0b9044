/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.FileStorage;
import io.hutong.api.component.TaskStorage;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;

/**
 * One party of a {@link TestNetwork}: its role and node, what its task is given (parameters, inputs, outputs, extra
 * environment keys), its storage directory, and its node's message queues.
 *
 * <p>What is set here goes into the environment of the next {@link TestNetwork#start run}. Inputs and outputs are
 * {@link DataRef}s in the party's storage, passed as {@code runtime.component.input.<name>} and
 * {@code runtime.component.output.<name>} JSON, exactly as a scheduler passes them.
 */
public final class TestParty {

    /** The namespace {@link #csvInput} writes to. */
    public static final String INPUT_NAMESPACE = "data";
    /** The namespace {@link #output(String)} names outputs in. */
    public static final String OUTPUT_NAMESPACE = "out";

    private final TestNetwork network;
    private final String role;
    private final String nodeId;
    private final String instId;
    private final Path dir;
    private final FileStorage storage;
    private final NodeQueues queues;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, DataRef> inputs = new LinkedHashMap<>();
    private final Map<String, DataRef> outputs = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private volatile boolean absent;
    private volatile AlgorithmComponent component;

    TestParty(TestNetwork network, String role, String nodeId, String instId, Path dir) {
        this.network = network;
        this.role = role;
        this.nodeId = nodeId;
        this.instId = instId;
        this.dir = dir;
        this.storage = FileStorage.in(dir.resolve("storage"));
        this.queues = new NodeQueues(nodeId, network.limits());
    }

    /** @return {@code <role>.<i>}, e.g. {@code guest.0} */
    public String role() {
        return role;
    }

    /** @return the party's node id */
    public String nodeId() {
        return nodeId;
    }

    /** @return the party's institution id */
    public String instId() {
        return instId;
    }

    /** Sets a {@code runtime.component.parameter.<name>} of this party (wins over the network's). @return this */
    public TestParty parameter(String name, String value) {
        parameters.put(TestNetwork.requireName(name), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Removes a parameter this party was given (the network's value, if any, applies again). @return this */
    public TestParty removeParameter(String name) {
        parameters.remove(name);
        return this;
    }

    /**
     * Writes a CSV file into the storage as {@code data/<name>.csv} and declares it as input {@code name}.
     *
     * @param csv the whole file, header first, e.g. {@code "id\na\nb\n"}
     * @return this
     */
    public TestParty csvInput(String name, String csv) {
        return input(name, new DataRef(INPUT_NAMESPACE, TestNetwork.requireName(name) + ".csv"), csv);
    }

    /** Writes {@code content} (UTF-8) to {@code ref} in the storage and declares it as input {@code name}. @return this */
    public TestParty input(String name, DataRef ref, String content) {
        write(ref, content);
        return input(name, ref);
    }

    /**
     * Declares input {@code name} without writing anything, e.g. to test data missing from the storage.
     *
     * @return this
     */
    public TestParty input(String name, DataRef ref) {
        inputs.put(TestNetwork.requireName(name), Objects.requireNonNull(ref, "ref"));
        return this;
    }

    /** Declares output {@code name} as {@code {namespace: out, name: <name>}}. @return this */
    public TestParty output(String name) {
        return output(name, new DataRef(OUTPUT_NAMESPACE, TestNetwork.requireName(name)));
    }

    /** Declares output {@code name} at {@code ref}. @return this */
    public TestParty output(String name, DataRef ref) {
        outputs.put(TestNetwork.requireName(name), Objects.requireNonNull(ref, "ref"));
        return this;
    }

    /**
     * Adds an environment key the kit does not set itself, e.g. {@code system.transport} or a vendor key.
     *
     * @throws IllegalArgumentException for a key the kit sets ({@code config.*}, {@code runtime.component.*},
     *                                  {@code system.storage}): use the method for it
     * @return this
     */
    public TestParty env(String key, String value) {
        TestNetwork.requireName(key);
        if (key.startsWith("config.") || key.startsWith("runtime.component.") || key.equals("system.storage")) {
            throw new IllegalArgumentException(key + " is set by the kit: use parameter/input/output or the network's"
                    + " taskId/sessionId/traceId/token");
        }
        env.put(key, Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Lets this party run no component at all, as a node whose component never started: it never answers, and what
     * the others push to it stays in its queues ({@link #pending}). @return this
     */
    public TestParty absent() {
        absent = true;
        return this;
    }

    /** @return whether the party runs no component */
    public boolean isAbsent() {
        return absent;
    }

    /**
     * Lets this party run {@code component} instead of the one given to {@link TestNetwork#start}, e.g. a peer that
     * misbehaves on purpose. @return this
     */
    public TestParty component(AlgorithmComponent component) {
        this.component = Objects.requireNonNull(component, "component");
        return this;
    }

    /**
     * Takes this party's node off the network, now or mid-run: its sessions are released, so its own transport calls
     * (and pops waiting) are answered E0000000608, and messages others push to it vanish, as towards a node that
     * stopped.
     */
    public void disconnect() {
        queues.goDown();
    }

    /**
     * Puts a raw message into this party's queue of the task's session, as anyone able to reach its node's transport
     * could: the limits apply, nothing checks who sent it.
     *
     * @param topic   the topic, e.g. the one the component pops
     * @param payload any bytes
     * @return true when queued; false when the node is disconnected
     * @throws io.hutong.api.transport.PtpException E0000000413, E0000000700 or E0000000608 as the node answers it
     */
    public boolean inject(String topic, byte[] payload) {
        return inject(new PtpMessage(null, network.sessionId(), topic, payload,
                Map.of(PtpHeaders.SOURCE_NODE_ID, "attacker", PtpHeaders.TARGET_NODE_ID, nodeId)));
    }

    /**
     * Puts a raw message into this party's queues as it is, with its own session id, message id and metadata.
     *
     * @return true when queued; false when dropped (a message id seen before in the queue, or a disconnected node)
     * @throws io.hutong.api.transport.PtpException E0000000413, E0000000700 or E0000000608 as the node answers it
     */
    public boolean inject(PtpMessage message) {
        return queues.push(Objects.requireNonNull(message, "message"));
    }

    /** @return the payloads waiting unread in this party's queue of {@code topic} in the task's session, oldest first */
    public List<byte[]> pending(String topic) {
        return queues.pending(network.sessionId(), topic).stream().map(m -> m.payload().clone()).toList();
    }

    /** @return the topics of the task's session that hold unread messages for this party */
    public Set<String> pendingTopics() {
        return queues.topicsWithMessages(network.sessionId());
    }

    /** @return the party's storage, as its task sees it */
    public TaskStorage storage() {
        return storage;
    }

    /** @return the storage's root directory */
    public Path storageRoot() {
        return storage.root();
    }

    /** @return the task's log directory, {@code config.log.path} */
    public Path logPath() {
        return dir.resolve("log");
    }

    /**
     * Writes {@code content} (UTF-8) to {@code ref} in the storage.
     *
     * @return the file
     * @throws UncheckedIOException when it cannot be written or {@code ref} points outside the storage
     */
    public Path write(DataRef ref, String content) {
        try {
            Path p = storage.write(ref);
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the content (UTF-8) of {@code ref} in the storage
     * @throws UncheckedIOException when the storage holds no such data
     */
    public String read(DataRef ref) {
        try {
            return Files.readString(storage.read(ref), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the content (UTF-8) of the declared output {@code name}
     * @throws IllegalArgumentException when no such output was declared
     * @throws UncheckedIOException     when the task wrote nothing there
     */
    public String readOutput(String name) {
        DataRef ref = outputs.get(name);
        if (ref == null) {
            throw new IllegalArgumentException("party " + role + " has no output " + name + "; outputs: "
                    + outputs.keySet());
        }
        return read(ref);
    }

    /** @return the declared inputs by name */
    public Map<String, DataRef> inputs() {
        return Collections.unmodifiableMap(inputs);
    }

    /** @return the declared outputs by name */
    public Map<String, DataRef> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    // --- for the kit's classes ---------------------------------------------------------------------

    NodeQueues queues() {
        return queues;
    }

    Map<String, String> ownParameters() {
        return parameters;
    }

    Map<String, String> extraEnv() {
        return env;
    }

    AlgorithmComponent componentOr(AlgorithmComponent fallback) {
        AlgorithmComponent c = component;
        return c == null ? fallback : c;
    }
}
