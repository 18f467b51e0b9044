/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.hutong.launcher.AdminToken;

/**
 * The CLI's admin client against a stand-in admin port that answers like the node's filter: which
 * credential it sends for each way of naming the node, and what an operator reads when it is refused.
 */
class AdminClientTest {

    private HttpServer server;
    private final AtomicReference<String> seen = new AtomicReference<>();
    private String url;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(System.getenv(AdminToken.ENV) == null, "the environment sets the token");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            seen.set(auth);
            boolean ok = "Bearer the-right-token-0123456789abcdef".equals(auth);
            byte[] body = (ok ? "{\"code\":0,\"msg\":\"ok\",\"data\":{}}" : "{\"code\":401,\"msg\":\"wrong admin credentials\",\"data\":null}")
                    .getBytes(StandardCharsets.UTF_8);
            if (!ok) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"hutong-admin\"");
            }
            ex.sendResponseHeaders(ok ? 200 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theDataDirectorysTokenIsSentToTheNodeOfItsReadyJson(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("run"));
        Files.writeString(data.resolve("run/ready.json"), "{\"ports\":{\"admin\":" + server.getAddress().getPort() + "}}");
        Files.writeString(data.resolve(AdminToken.FILE), "the-right-token-0123456789abcdef\n");
        AdminClient c = AdminClient.from(data, null, data.toString(), null, null);
        assertTrue(c.get("v1/admin/status").ok());
        assertEquals("Bearer the-right-token-0123456789abcdef", seen.get());
    }

    @Test
    void anAdminUrlGetsATokenOnlyWhenNamed(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data").resolve(AdminToken.FILE), "the-right-token-0123456789abcdef\n");
        // the installation's own token is not sent to whatever URL is given
        AdminClient anonymous = AdminClient.from(home, url, null, null, null);
        IOException refused = assertThrows(IOException.class, () -> anonymous.get("v1/admin/status"));
        assertNull(seen.get());
        assertTrue(refused.getMessage().contains("--token"), refused.getMessage());

        Path file = home.resolve("alice-token");
        Files.writeString(file, "the-right-token-0123456789abcdef");
        assertTrue(AdminClient.from(home, url, null, null, file.toString())
                .get("v1/admin/status").ok());
        assertTrue(AdminClient.from(home, url, null, "the-right-token-0123456789abcdef", null)
                .post("v1/admin/routes", "{}").ok());
        IOException wrong = assertThrows(IOException.class,
                () -> AdminClient.from(home, url, null, "guess", null).get("v1/admin/status"));
        assertTrue(wrong.getMessage().contains("not this node's"), wrong.getMessage());
        Files.writeString(file, "  \n");
        assertThrows(IllegalArgumentException.class,
                () -> AdminClient.from(home, url, null, null, file.toString()));
    }

    @Test
    void theLauncherWritesAnOwnerOnlyTokenOnceAndTheDataDirectoryIsClosed(@TempDir Path data) throws Exception {
        String t = AdminToken.loadOrCreate(data);
        assertTrue(t.length() >= AdminToken.MIN_LENGTH, t);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(AdminToken.FILE))));
        assertEquals(t, AdminToken.loadOrCreate(data), "kept across starts");
        AdminToken.ownerOnly(data);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }
}
