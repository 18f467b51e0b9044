/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The web console login of a node: generated on first start into {@code <data>/console-credentials.properties}
 * (readable by the owner only) and read back later, so no node ever runs with a well-known password.
 *
 * @param user     the login name
 * @param password the password
 */
public record ConsoleCredentials(String user, String password) {

    /** File name under the data directory. */
    public static final String FILE = "console-credentials.properties";

    /** Loads the node's credentials, creating them on first start. */
    public static ConsoleCredentials loadOrCreate(Path data) throws IOException {
        Path file = data.resolve(FILE);
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            String user = p.getProperty("username");
            String password = p.getProperty("password");
            if (user != null && password != null && !password.isBlank()) {
                return new ConsoleCredentials(user, password);
            }
        }
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        ConsoleCredentials c = new ConsoleCredentials("admin", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        p.setProperty("username", c.user());
        p.setProperty("password", c.password());
        Files.createDirectories(data);
        java.io.StringWriter w = new java.io.StringWriter();
        p.store(w, "Hutong web console login (/system/console on the admin port); generated on first start");
        AdminToken.writeOwnerOnly(file, w.toString());
        return c;
    }
}
