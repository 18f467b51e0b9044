/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token of a node's admin API: {@code <data>/admin-token}, readable by the owner only.
 * Generated on first start (or taken from {@code HUTONG_ADMIN_TOKEN}, for deployments that hand the
 * node its secrets), read by the CLI to call the node. The admin plane's filter accepts it as
 * {@code Authorization: Bearer <token>}.
 */
public final class AdminToken {

    /** File name under the data directory; the admin plane's filter reads the same file. */
    public static final String FILE = "admin-token";
    /** Environment variable that sets the token instead of a generated one. */
    public static final String ENV = "HUTONG_ADMIN_TOKEN";
    /** Shortest token accepted from the environment: a guessable token would undo the point. */
    public static final int MIN_LENGTH = 24;

    private AdminToken() {
    }

    /**
     * Returns the node's token: the environment's when {@value #ENV} is set (written to the file, so
     * the CLI and the filter see the same), else the file's, else a new random one.
     *
     * @throws IllegalArgumentException when {@value #ENV} is shorter than {@value #MIN_LENGTH}
     */
    public static String loadOrCreate(Path data) throws IOException {
        Path file = data.resolve(FILE);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            String t = env.strip();
            if (t.length() < MIN_LENGTH || t.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException(ENV + " must be at least " + MIN_LENGTH + " characters without spaces");
            }
            if (!t.equals(read(file))) {
                write(file, t);
            }
            return t;
        }
        String existing = read(file);
        if (existing != null) {
            return existing;
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        write(file, t);
        return t;
    }

    /** @return the token in {@code file}, or null when there is none */
    public static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String t = Files.readString(file, StandardCharsets.UTF_8).strip();
        return t.isEmpty() ? null : t;
    }

    private static void write(Path file, String token) throws IOException {
        Files.createDirectories(file.getParent());
        writeOwnerOnly(file, token + "\n");
    }

    /**
     * Replaces {@code file} with {@code content} (UTF-8), readable by its owner only: written to a temporary file
     * made owner-only before anything is in it, then moved into place, so no reader ever sees a partial or
     * world-readable secret.
     */
    static void writeOwnerOnly(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions protect the file
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes {@code dir} reachable by its owner only: configuration files under it may hold passwords. */
    public static void ownerOnly(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
