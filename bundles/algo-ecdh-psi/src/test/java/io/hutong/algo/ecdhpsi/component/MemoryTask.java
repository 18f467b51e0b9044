/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStorage;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.TransportSession;

/**
 * A task context for tests, as the component runtime builds one: the environment contract's values, a
 * {@code file://} storage under a directory, and a transport whose sessions of both parties share in-memory queues
 * per topic (what the node's transport does between two routed nodes).
 */
final class MemoryTask implements TaskContext {

    /** The queues both parties' sessions share, by topic. */
    static final class Network {
        final Map<String, BlockingQueue<byte[]>> queues = new ConcurrentHashMap<>();

        BlockingQueue<byte[]> queue(String topic) {
            return queues.computeIfAbsent(topic, t -> new LinkedBlockingQueue<>());
        }
    }

    final String self;
    final Map<String, String> parameters = new HashMap<>();
    final Map<String, DataRef> inputs = new HashMap<>();
    final Map<String, DataRef> outputs = new HashMap<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    volatile double progress;
    volatile String stage;
    /** Makes every later transport call of this party fail, as a released session does (the node stopped). */
    volatile boolean cut;
    private final Path storageRoot;
    private final Network network;

    MemoryTask(String self, Path storageRoot, Network network) {
        this.self = self;
        this.storageRoot = storageRoot;
        this.network = network;
    }

    @Override
    public String taskId() {
        return "task-1";
    }

    @Override
    public String selfRole() {
        return self;
    }

    @Override
    public Map<String, String> nodeIds() {
        return Map.of("guest.0", "alice", "host.0", "bob");
    }

    @Override
    public Map<String, String> instIds() {
        return Map.of("guest.0", "alice", "host.0", "bob");
    }

    @Override
    public String sessionId() {
        return "session_job-1";
    }

    @Override
    public String traceId() {
        return "trace-1";
    }

    @Override
    public String token() {
        return "token-1";
    }

    @Override
    public String componentName() {
        return EcdhPsiComponent.NAME;
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
        return storageRoot;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public TransportSession transport(String peerRole) {
        if (!nodeIds().containsKey(peerRole)) {
            throw new IllegalArgumentException("no party " + peerRole);
        }
        return new TransportSession() {
            @Override
            public String sessionId() {
                return MemoryTask.this.sessionId();
            }

            @Override
            public void push(byte[] payload, Map<String, String> metadata, String topic) {
                check();
                network.queue(topic).add(payload.clone());
            }

            @Override
            public Optional<byte[]> pop(Duration timeout, String topic) {
                check();
                try {
                    return Optional.ofNullable(network.queue(topic).poll(Math.min(timeout.toMillis(), 100),
                            TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }

            @Override
            public Optional<byte[]> peek(String topic) {
                return Optional.ofNullable(network.queue(topic).peek());
            }

            @Override
            public void release() {
            }

            private void check() {
                if (cut) {
                    throw new PtpException(PtpCodes.RELEASED, "session released");
                }
            }
        };
    }

    @Override
    public TaskStorage storage() {
        return new TaskStorage() {
            @Override
            public String uri() {
                return storageRoot.toUri().toString();
            }

            @Override
            public Path read(DataRef input) throws IOException {
                Path p = storageRoot.resolve(input.namespace()).resolve(input.name());
                if (!Files.exists(p)) {
                    throw new NoSuchFileException(p.toString());
                }
                return p;
            }

            @Override
            public Path write(DataRef output) throws IOException {
                Path p = storageRoot.resolve(output.namespace()).resolve(output.name());
                Files.createDirectories(p.getParent());
                return p;
            }
        };
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    @Override
    public void progress(double fraction, String stage) {
        this.progress = fraction;
        this.stage = stage;
    }
}
