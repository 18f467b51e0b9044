/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.hutong.api.transport.TransportSession;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What one task of an {@link AlgorithmComponent} is given: exactly the environment contract a
 * container gets (spec 30 §3), in typed form and as the flat keys, plus the node's transport,
 * storage, a task log and progress reporting.
 */
@ProviderType
public interface TaskContext {

    /** @return {@code config.task_id} */
    String taskId();

    /** @return {@code config.self_role}, e.g. {@code guest.0} (role and index) */
    String selfRole();

    /** @return {@code config.node_id.<role>.<i>} for every party, keyed by {@code <role>.<i>} */
    Map<String, String> nodeIds();

    /** @return {@code config.inst_id.<role>.<i>} for every party, keyed by {@code <role>.<i>} */
    Map<String, String> instIds();

    /** @return {@code config.session_id} */
    String sessionId();

    /** @return {@code config.trace_id} */
    String traceId();

    /** @return {@code config.token} */
    String token();

    /** @return {@code runtime.component.name} */
    String componentName();

    /** @return every {@code runtime.component.parameter.<name>}, keyed by {@code <name>} */
    Map<String, String> parameters();

    /** @return a parameter, or empty when the task was not given it */
    default Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters().get(name));
    }

    /** @return every {@code runtime.component.input.<name>}, keyed by {@code <name>} */
    Map<String, DataRef> inputs();

    /** @return every {@code runtime.component.output.<name>}, keyed by {@code <name>} */
    Map<String, DataRef> outputs();

    /** @return {@code config.log.path}: the task's log directory */
    Path logPath();

    /** @return the whole environment as a container would see it (flat {@code system.*}, {@code config.*}, {@code runtime.*} keys) */
    Map<String, String> environment();

    /**
     * Opens the task's transport session towards one other party: {@code x-ptp-session-id} =
     * {@link #sessionId()}, target node and institution from {@code config.node_id/inst_id.<peerRole>},
     * token and trace id from the task. The runtime releases the sessions when the task ends.
     *
     * @param peerRole {@code <role>.<i>} of the party, e.g. {@code host.0}
     * @throws IllegalArgumentException when the task has no such party
     */
    TransportSession transport(String peerRole);

    /** @return the node's storage as this task sees it */
    TaskStorage storage();

    /** Appends one line to the task's log (one line = one record, as a container's stdout). */
    void log(String line);

    /**
     * Reports how far the task is, shown to operators while it runs.
     *
     * @param fraction 0.0 to 1.0
     * @param stage    a short name of what the task is doing, e.g. {@code handshake}
     */
    void progress(double fraction, String stage);
}
