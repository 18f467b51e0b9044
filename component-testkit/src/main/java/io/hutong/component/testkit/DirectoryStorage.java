/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskStorage;

/**
 * A party's {@code file://} storage in a directory, with the runtime's semantics (spec 30 §4): the data
 * {@code {namespace, name}} is the file {@code <root>/<namespace>/<name>}, and an identifier that points outside the
 * root is refused.
 */
final class DirectoryStorage implements TaskStorage {

    private final Path root;
    private final String uri;

    DirectoryStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        String path = this.root.toString().replace('\\', '/');
        this.uri = "file://" + (path.startsWith("/") ? "" : "/") + path + "/";
    }

    Path root() {
        return root;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public Path read(DataRef input) throws IOException {
        Path p = locate(input);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(p.toString(), null, "storage " + uri + " holds no data {namespace: "
                    + input.namespace() + ", name: " + input.name() + "}");
        }
        return p;
    }

    @Override
    public Path write(DataRef output) throws IOException {
        Path p = locate(output);
        Files.createDirectories(p.getParent());
        return p;
    }

    private Path locate(DataRef ref) throws IOException {
        Path p = root.resolve(ref.namespace()).resolve(ref.name()).normalize();
        // the runtime refuses this too: an identifier comes from a partner-approved DAG
        if (Path.of(ref.namespace()).isAbsolute() || Path.of(ref.name()).isAbsolute() || !p.startsWith(root)
                || root.relativize(p).getNameCount() < 2) {
            throw new IOException("data {namespace: " + ref.namespace() + ", name: " + ref.name()
                    + "} points outside the storage " + uri);
        }
        return p;
    }
}
