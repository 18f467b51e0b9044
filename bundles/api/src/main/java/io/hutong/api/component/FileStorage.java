/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@code file://} storage (spec 30 §4): the data {@code {namespace, name}} is the file
 * {@code <root>/<namespace>/<name>}. The node's runtime uses it for {@code file://} storage, and the component test
 * kit for each party's directory, so a component meets the same rules in its tests as on a node.
 *
 * <p>A data identifier comes from a partner-approved DAG: one that points outside the root (an absolute path,
 * {@code ..}, or a namespace without a name below it) is refused, never followed.
 */
public final class FileStorage implements TaskStorage {

    private final String uri;
    private final Path root;

    /**
     * @param uri a {@code file://} URI; everything after the scheme is the root directory, doubled slashes
     *            included, as in the standard's examples
     * @throws IllegalArgumentException when the URI is not {@code file://}
     */
    public FileStorage(String uri) {
        if (!uri.startsWith("file://")) {
            throw new IllegalArgumentException("storage '" + uri + "' is not a file:// URI");
        }
        this.uri = uri;
        this.root = Path.of(uri.substring("file://".length())).toAbsolutePath().normalize();
    }

    /** @return the storage whose root is the directory {@code root} */
    public static FileStorage in(Path root) {
        return new FileStorage(uri(root));
    }

    /** @return the {@code file://} URI of the directory {@code root}, ending in {@code /} */
    public static String uri(Path root) {
        String path = root.toAbsolutePath().normalize().toString().replace('\\', '/');
        return "file://" + (path.startsWith("/") ? "" : "/") + path + "/";
    }

    @Override
    public String uri() {
        return uri;
    }

    /** @return the storage's root directory */
    public Path root() {
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
        if (Path.of(ref.namespace()).isAbsolute() || Path.of(ref.name()).isAbsolute() || !p.startsWith(root)
                || root.relativize(p).getNameCount() < 2) {
            throw new IOException("data {namespace: " + ref.namespace() + ", name: " + ref.name()
                    + "} points outside the storage " + uri);
        }
        return p;
    }
}
