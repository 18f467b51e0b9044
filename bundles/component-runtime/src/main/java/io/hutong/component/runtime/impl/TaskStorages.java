/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

import io.hutong.api.component.TaskStorage;

/**
 * A task's storage as the runtime drives it: besides what the component sees ({@link TaskStorage}), the runtime
 * publishes the outputs when the task succeeds and cleans up when it ends. {@code file://} storage does neither
 * (its outputs are written in place); {@code s3://} storage stages files locally and uploads them (decision S3-3).
 */
interface TaskStorages extends TaskStorage {

    /**
     * Makes the outputs the component wrote visible to other tasks; called once, after the component returned
     * and before the task is SUCCESS.
     *
     * @param log lines for the task log
     * @throws IOException when an output cannot be published (the task then ends FAILED)
     */
    default void publish(Consumer<String> log) throws IOException {
    }

    /** Frees what the task's storage held locally; called once when the task has ended, whatever the outcome. */
    default void close() {
    }

    /**
     * @return the storage a {@code system.storage} URI names
     * @param uri     {@code file://…} or {@code s3://…} (checked by {@link TaskEnvironment})
     * @param staging a directory of the task's own, for the local copies of remote data; it need not exist
     * @param what    who writes, for the metadata of outputs (task id, component)
     * @param log     lines for the task log
     */
    static TaskStorages open(String uri, Path staging, S3TaskStorage.Writer what, Consumer<String> log) {
        if (S3Location.is(uri)) {
            return new S3TaskStorage(S3Location.parse(uri), staging, what, log, Clock.systemUTC());
        }
        return new FileTaskStorage(uri);
    }
}
