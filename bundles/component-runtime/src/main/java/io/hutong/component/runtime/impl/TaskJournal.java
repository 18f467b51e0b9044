/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.hutong.api.component.TaskStatus;

/** Where the runtime keeps its tasks beyond memory, so they survive a restart of the node (decision CR3). */
interface TaskJournal {

    /** A journal that keeps nothing: tasks live in memory only. */
    TaskJournal NONE = new TaskJournal() {
        @Override
        public void started(TaskStatus status, Path logFile) {
        }

        @Override
        public void ended(TaskStatus status) {
        }

        @Override
        public Optional<TaskStatus> find(String taskId) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> logFile(String taskId) {
            return Optional.empty();
        }

        @Override
        public List<TaskStatus> finished(int limit) {
            return List.of();
        }

        @Override
        public void forget(Instant endedBefore) {
        }

        @Override
        public int abandon(Instant now, String reason) {
            return 0;
        }
    };

    /** Records a task that started (replacing an earlier run of the same id). */
    void started(TaskStatus status, Path logFile);

    /** Records how a task ended. */
    void ended(TaskStatus status);

    /** @return a recorded task */
    Optional<TaskStatus> find(String taskId);

    /** @return the log file of a recorded task */
    Optional<Path> logFile(String taskId);

    /** @return finished tasks, the latest ended first, at most {@code limit} */
    List<TaskStatus> finished(int limit);

    /** Forgets tasks that ended before {@code endedBefore}. */
    void forget(Instant endedBefore);

    /**
     * Ends every task still recorded RUNNING: called when the runtime starts, so those were running
     * when the node (or the runtime) stopped.
     *
     * @return how many there were
     */
    int abandon(Instant now, String reason);
}
