/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The in-process component runtime: starts tasks of registered {@link AlgorithmComponent}s and
 * tracks them. This is the entry point the control layer calls for a scheduled task, and the admin
 * API calls until the control layer exists.
 */
@ProviderType
public interface ComponentTasks {

    /**
     * Starts a task.
     *
     * @param componentName the {@code componentName} to run
     * @param version       the component version, or null for the highest registered
     * @param environment   the environment contract as flat keys (spec 30 §3: {@code config.task_id},
     *                      {@code config.self_role}, {@code config.node_id.<role>.<i>},
     *                      {@code config.session_id}, {@code runtime.component.parameter.<name>}…);
     *                      {@code system.*} keys the node knows itself may be left out
     * @return the task's status right after it started
     * @throws IllegalArgumentException when the component is not registered in that version, a
     *                                  required key is missing or malformed, or the task id is taken
     * @throws IllegalStateException    when the runtime runs as many tasks as it may
     */
    TaskStatus start(String componentName, String version, Map<String, String> environment);

    /** @return the task's status, also after it ended (for as long as the runtime keeps it) */
    Optional<TaskStatus> status(String taskId);

    /** @return every known task, newest first */
    List<TaskStatus> list();

    /** Asks a running task to stop; it ends FAILED with reason "cancelled". @return false if not running */
    boolean cancel(String taskId);
}
