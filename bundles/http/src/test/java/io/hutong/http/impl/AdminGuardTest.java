/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The admin plane's filter in a real Jetty on loopback, in front of a servlet that counts the changes
 * it is asked to make: what a stranger, a foreign web page with the admin's browser login, the CLI
 * (bearer token) and the console see.
 */
class AdminGuardTest {

    private static final String TOKEN = "test-token-0123456789abcdefghij";
    private static final String PASSWORD = "console-password-42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CHANGES = new AtomicInteger();
    private static final List<String> AUDIT = new CopyOnWriteArrayList<>();
    private static final Handler AUDIT_HANDLER = new Handler() {
        @Override
        public void publish(LogRecord r) {
            AUDIT.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static Server server;
    private static String base;

    /** Stands for any admin resource or console plugin: GET shows the count, POST changes it. */
    public static final class Changes extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/json");
            resp.getWriter().print("{\"code\":0,\"msg\":\"ok\",\"data\":" + CHANGES.get() + "}");
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            CHANGES.incrementAndGet();
            resp.setContentType("application/json");
            resp.getWriter().print("{\"code\":0,\"msg\":\"ok\",\"data\":null}");
        }
    }

    /** A console plugin that fails the way the web console does on a file that is not a bundle. */
    public static final class Failing extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("wrapped", new IOException("greeting.txt is not a bundle: no manifest"));
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(500);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new AdminGuard(new AdminCredentials(TOKEN, "admin", PASSWORD))), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Changes()), "/v1/admin/*");
        context.addServlet(new ServletHolder(new Failing()), "/system/console/bundles");
        context.addServlet(new ServletHolder(new Failing()), "/system/console/failing");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
        Logger.getLogger(AdminGuard.AUDIT_LOGGER).addHandler(AUDIT_HANDLER);
    }

    @AfterAll
    static void stop() throws Exception {
        Logger.getLogger(AdminGuard.AUDIT_LOGGER).removeHandler(AUDIT_HANDLER);
        server.stop();
    }

    @BeforeEach
    void reset() {
        CHANGES.set(0);
        AUDIT.clear();
    }

    @Test
    void strangersAndWrongCredentialsGet401InTheEnvelopeAndChangeNothing() throws Exception {
        for (String auth : new String[] {null, "Bearer wrong-token", "Bearer " + TOKEN + "x", basic("admin", "admin"),
                basic("root", PASSWORD), "Basic !!!notbase64", "Token " + TOKEN, "Bearer"}) {
            HttpResponse<String> r = send("POST", "/v1/admin/routes/eve", auth, null, "{}");
            assertEquals(401, r.statusCode(), "auth " + auth + ": " + r.body());
            JsonNode env = JSON.readTree(r.body());
            assertEquals(401, env.path("code").asInt(), r.body());
            assertTrue(env.path("data").isNull());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("hutong-admin"));
            assertEquals(401, send("GET", "/v1/admin/status", auth, null, null).statusCode());
        }
        assertEquals(0, CHANGES.get(), "nothing changed");
        assertTrue(AUDIT.stream().anyMatch(l -> l.contains("who=-") && l.contains("POST /v1/admin/routes/eve") && l.contains("status=401")),
                "refused changes are audited: " + AUDIT);
    }

    @Test
    void theTokenAndTheConsoleLoginAreAccepted() throws Exception {
        assertEquals(200, send("GET", "/v1/admin/status", "Bearer " + TOKEN, null, null).statusCode());
        assertEquals(200, send("GET", "/v1/admin/status", "bearer  " + TOKEN + " ", null, null).statusCode());
        assertEquals(200, send("GET", "/v1/admin/status", basic("admin", PASSWORD), null, null).statusCode());
    }

    @Test
    void aForeignPageCannotMakeChangesWithTheAdminsBrowserLogin() throws Exception {
        String form = "application/x-www-form-urlencoded";
        // what a browser sends for a form on https://evil.example posting to the admin port
        HttpResponse<String> r = send("POST", "/v1/admin/routes", basic("admin", PASSWORD), form, "node_id=eve&address=evil.example:443",
                "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Referer", "https://evil.example/x.html");
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(403, JSON.readTree(r.body()).path("code").asInt());
        // an older browser without Fetch Metadata: Origin alone decides
        assertEquals(403, send("POST", "/v1/admin/routes", basic("admin", PASSWORD), form, "x=1", "Origin", "https://evil.example").statusCode());
        // the opaque origin of a sandboxed frame or data: URL
        assertEquals(403, send("POST", "/v1/admin/routes", basic("admin", PASSWORD), form, "x=1", "Origin", "null").statusCode());
        // same host, other port: another origin
        assertEquals(403, send("POST", "/v1/admin/routes", basic("admin", PASSWORD), form, "x=1", "Origin", "http://127.0.0.1:1").statusCode());
        // no Origin, foreign Referer
        assertEquals(403, send("POST", "/v1/admin/routes", basic("admin", PASSWORD), form, "x=1", "Referer", "http://evil.example/").statusCode());
        // Basic without any origin evidence: scripts use the token
        assertEquals(403, send("POST", "/v1/admin/routes", basic("admin", PASSWORD), form, "x=1").statusCode());
        // even the token does not help a request a foreign page made
        assertEquals(403, send("POST", "/v1/admin/routes", "Bearer " + TOKEN, form, "x=1", "Origin", "https://evil.example").statusCode());
        assertEquals(0, CHANGES.get(), "nothing changed");
        assertTrue(AUDIT.stream().anyMatch(l -> l.contains("who=admin") && l.contains("status=403")), AUDIT.toString());
    }

    @Test
    void theConsolesOwnPagesAndTheCliMayChange() throws Exception {
        String form = "application/x-www-form-urlencoded";
        assertEquals(200, send("POST", "/v1/admin/routes", basic("admin", PASSWORD), form, "x=1",
                "Origin", base, "Sec-Fetch-Site", "same-origin").statusCode());
        assertEquals(200, send("POST", "/v1/admin/routes", basic("admin", PASSWORD), form, "x=1",
                "Referer", base + "/system/console/routes").statusCode());
        // the CLI: bearer token, no browser headers
        assertEquals(200, send("POST", "/v1/admin/routes", "Bearer " + TOKEN, "application/json", "{}").statusCode());
        assertEquals(3, CHANGES.get());
        assertTrue(AUDIT.stream().anyMatch(l -> l.contains("who=admin") && l.contains("POST /v1/admin/routes") && l.contains("status=200")), AUDIT.toString());
        assertTrue(AUDIT.stream().anyMatch(l -> l.contains("who=token") && l.contains("status=200")), AUDIT.toString());
        // reads are not audited
        int lines = AUDIT.size();
        send("GET", "/v1/admin/status", "Bearer " + TOKEN, null, null);
        assertEquals(lines, AUDIT.size());
    }

    @Test
    void consoleFailuresAreReadableEnvelopesNotHtml() throws Exception {
        HttpResponse<String> r = send("POST", "/system/console/bundles", basic("admin", PASSWORD), "multipart/form-data; boundary=x",
                "--x--\r\n", "Origin", base);
        assertEquals(400, r.statusCode());
        JsonNode env = JSON.readTree(r.body());
        assertEquals(400, env.path("code").asInt());
        assertEquals("the uploaded file is not an OSGi bundle (a jar whose manifest names a Bundle-SymbolicName): "
                + "greeting.txt is not a bundle: no manifest", env.path("msg").asText());
        assertFalse(r.body().contains("<html") || r.body().contains("at io.hutong"), r.body());

        HttpResponse<String> other = send("POST", "/system/console/failing", basic("admin", PASSWORD), "text/plain", "x", "Origin", base);
        assertEquals(500, other.statusCode());
        assertEquals("the request failed: greeting.txt is not a bundle: no manifest", JSON.readTree(other.body()).path("msg").asText());

        HttpResponse<String> e = send("GET", "/system/console/bundles", basic("admin", PASSWORD), null, null);
        assertEquals(500, e.statusCode());
        assertEquals(500, JSON.readTree(e.body()).path("code").asInt(), e.body());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String auth, String contentType, String body,
                                             String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        // One client per request: a refused request's body is left unread and Jetty closes that connection, so a
        // pooled connection may be gone when the next request is sent on it; these tests are about the answers.
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
