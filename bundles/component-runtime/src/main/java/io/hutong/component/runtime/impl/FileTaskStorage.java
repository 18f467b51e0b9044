/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.IOException;
import java.nio.file.Path;

import io.hutong.api.component.DataRef;
import io.hutong.api.component.FileStorage;

/**
 * The node's {@code file://} storage: the API's {@link FileStorage} (its rules are the ones the component test kit
 * applies too); nothing to publish or free.
 */
final class FileTaskStorage implements TaskStorages {

    private final FileStorage files;

    /** @param uri a {@code file://} URI; the rest after the scheme is the root directory */
    FileTaskStorage(String uri) {
        this.files = new FileStorage(uri);
    }

    /** @return the default storage URI of a node whose data directory is {@code data} */
    static String under(Path data) {
        return FileStorage.uri(data.resolve("storage"));
    }

    @Override
    public String uri() {
        return files.uri();
    }

    @Override
    public Path read(DataRef input) throws IOException {
        return files.read(input);
    }

    @Override
    public Path write(DataRef output) throws IOException {
        return files.write(output);
    }
}
