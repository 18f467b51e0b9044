/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The task's view of the node's storage ({@code system.storage}, spec 30 §4): where an input can be
 * read and where an output is to be written. Both are local paths: with {@code file://} storage the
 * files themselves, with remote storage ({@code s3://}) copies the runtime downloads before
 * {@link #read} returns and uploads after the component has returned successfully.
 */
@ProviderType
public interface TaskStorage {

    /** @return the {@code system.storage} URI the task was given, any password in it replaced by {@code ***} */
    String uri();

    /**
     * @return the readable file behind an input
     * @throws IOException when the storage holds no such data, with the identifier in the message
     */
    Path read(DataRef input) throws IOException;

    /**
     * @return the path to write an output to; its parent exists. The runtime publishes nothing
     *         half-written: components write to this path only once their result is complete
     *         (e.g. through a temporary file and a move).
     */
    Path write(DataRef output) throws IOException;
}
