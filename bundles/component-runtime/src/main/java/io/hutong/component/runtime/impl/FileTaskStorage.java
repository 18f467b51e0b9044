/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.hutong.api.component.DataRef;

/**
 * The node's {@code file://} storage (spec 30 §4): a data identifier {@code {namespace, name}} is the
 * file {@code <root>/<namespace>/<name>}.
 */
final class FileTaskStorage implements TaskStorages {

    private final String uri;
    private final Path root;

    /** @param uri a {@code file://} URI; the rest after the scheme is the root directory */
    FileTaskStorage(String uri) {
        if (!uri.startsWith("file://")) {
            throw new IllegalArgumentException("storage '" + uri + "' is not a file:// URI");
        }
        this.uri = uri;
        // Everything after "file://" is the path: the standard's examples also write file://XXX//XXX.
        this.root = Path.of(uri.substring("file://".length())).toAbsolutePath().normalize();
    }

    /** @return the default storage URI of a node whose data directory is {@code data} */
    static String under(Path data) {
        String path = data.resolve("storage").toAbsolutePath().normalize().toString().replace('\\', '/');
        return "file://" + (path.startsWith("/") ? "" : "/") + path + "/";
    }

    @Override
    public String uri() {
        return uri;
    }

    /** @return the storage's root directory */
    Path root() {
        return root;
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
        // An identifier comes from a partner-approved DAG: it must not reach outside the storage.
        if (Path.of(ref.namespace()).isAbsolute() || Path.of(ref.name()).isAbsolute() || !p.startsWith(root)
                || root.relativize(p).getNameCount() < 2) {
            throw new IOException("data {namespace: " + ref.namespace() + ", name: " + ref.name()
                    + "} points outside the storage " + uri);
        }
        return p;
    }
}
