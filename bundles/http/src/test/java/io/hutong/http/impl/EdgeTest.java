/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The edge of a plane on a real Jetty 12 (the one Felix HTTP embeds) on loopback, set up as Felix sets
 * a listener up (16 KiB headers): the {@link PlaneGuard} in front of a servlet that reads the whole body
 * as a String before any check, as the management resources did, and {@link JettyEnvelopeErrors} as the
 * server's error handler. Requests are written on raw sockets, as an attacker would.
 */
class EdgeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long LIMIT = 1024 * 1024;

    static Server server;
    static int port;
    /** the most body bytes any one request to a path handed to the servlet */
    static final Map<String, Long> mostRead = new java.util.concurrent.ConcurrentHashMap<>();
    static final AtomicInteger served = new AtomicInteger();
    /** requests the refusing servlet has answered */
    static final AtomicInteger refused = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(16 * 1024);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("0.0.0.0");
        connector.setPort(0);
        server.addConnector(connector);
        server.setErrorHandler(new JettyEnvelopeErrors());
        ServletContextHandler context = new ServletContextHandler("/");
        PlaneGuard guard = new PlaneGuard(LIMIT, 4 * LIMIT, List.of("/v1/interconn/chan/"),
                Map.of("/system/console/", 3 * LIMIT),
                Set.of("/v1/interconn/node/contract/apply", "/v1/interconn/node/query"),
                new SourceRateLimits(20, Duration.ofMinutes(2), 1000));
        context.addFilter(new FilterHolder(guard), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                served.incrementAndGet();
                Counting in = new Counting(req.getInputStream());
                try {
                    // what every management resource did: the whole body as a String, then the checks
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    resp.setContentType("application/json");
                    resp.getWriter().write("{\"code\":0,\"msg\":\"ok\",\"data\":{\"length\":" + body.length() + "}}");
                } finally {
                    mostRead.merge(req.getRequestURI(), in.count, Math::max);
                }
            }
        }), "/*");
        // servlet errors go to the whiteboard error page; Felix dispatches it as Jetty's error pages do
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                throw new IllegalStateException("Value too long for column \"DESCRIPTION CHARACTER VARYING(256)\": SQL statement: INSERT");
            }
        }), "/boom/*");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                refused.incrementAndGet();
                resp.sendError(405, "<script>alert(1)</script>");
            }
        }), "/refuse/*");
        context.addServlet(new ServletHolder(new EnvelopeErrorPages.ErrorPage()), "/error");
        ErrorPageErrorHandler pages = new ErrorPageErrorHandler();
        pages.addErrorPage(400, 599, "/error");
        pages.addErrorPage(Throwable.class, "/error");
        context.setErrorHandler(pages);
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aBodyWithinTheLimitReachesTheServlet() throws Exception {
        Answer a = send("127.0.0.1", post("/v1/interconn/node/update", "Content-Length: 512000\r\n"), 512_000, false);
        assertEquals(200, a.status, a.raw);
        assertEquals(512_000, a.json().path("data").path("length").asInt());
    }

    @Test
    void aDeclaredOversizeBodyIsRefusedBeforeAByteIsRead() throws Exception {
        int before = served.get();
        Answer a = send("127.0.0.1", post("/v1/interconn/node/contract/confirm", "Content-Length: " + (50L << 20) + "\r\n"), 0, false);
        assertEnvelope(a, 413, "request body exceeds the limit of 1048576 bytes");
        assertEquals(before, served.get(), "the servlet never ran");
    }

    @Test
    void concurrentOversizeChunkedBodiesAreCutOffAtTheLimit() throws Exception {
        // the issue: 12 concurrent 50 MB unauthenticated bodies took a 512 MiB heap down
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> send("127.0.0.1",
                        post("/v1/interconn/node/contract/confirm", "Transfer-Encoding: chunked\r\n"), 50L << 20, true)));
            }
            for (Future<Answer> f : answers) {
                assertEnvelope(f.get(), 413, "request body exceeds the limit of 1048576 bytes");
            }
        } finally {
            pool.shutdownNow();
        }
        long most = mostRead.get("/v1/interconn/node/contract/confirm");
        assertTrue(most <= LIMIT, "a servlet was handed " + most + " bytes");
        assertTrue(most > LIMIT / 2, "the servlet did read up to the limit: " + most);
    }

    @Test
    void ptpPathsHaveTheTransportsLimitAndAnswerInItsForm() throws Exception {
        Answer within = send("127.0.0.1", post("/v1/interconn/chan/push", "Content-Length: " + (2 * LIMIT) + "\r\n"), 2 * LIMIT, false);
        assertEquals(200, within.status, within.raw);
        assertEquals(2 * LIMIT, within.json().path("data").path("length").asLong());
        Answer over = send("127.0.0.1", post("/v1/interconn/chan/push", "Transfer-Encoding: chunked\r\n"), 10 * LIMIT, true);
        assertEquals(200, over.status, over.raw);
        assertEquals("E0000000413", over.json().path("code").asText());
        assertEquals("request body exceeds the limit of 4194304 bytes", over.json().path("message").asText());
    }

    @Test
    void anOverriddenPrefixAcceptsMore() throws Exception {
        Answer a = send("127.0.0.1", post("/system/console/bundles", "Content-Length: " + (2 * LIMIT) + "\r\n"), 2 * LIMIT, false);
        assertEquals(200, a.status, a.raw);
        assertEnvelope(send("127.0.0.1", post("/system/console/bundles", "Content-Length: " + (4 * LIMIT) + "\r\n"), 0, false),
                413, "request body exceeds the limit of 3145728 bytes");
    }

    @Test
    void unsignedEndpointsAreRateLimitedPerSourceWithRetryAfter() throws Exception {
        // a source of its own, so other tests' calls do not count
        String source = "127.0.0.3";
        for (int i = 0; i < 20; i++) {
            assertEquals(200, send(source, get("/v1/interconn/node/query?node_id=bob"), 0, false).status);
        }
        Answer limited = send(source, get("/v1/interconn/node/query?node_id=bob"), 0, false);
        assertEquals(429, limited.status, limited.raw);
        assertTrue(limited.json().path("msg").asText().startsWith("too many requests to /v1/interconn/node/query"), limited.raw);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 120, "Retry-After " + retryAfter);
        // spellings of the same path share its budget
        for (String p : List.of("/v1/interconn/node/query/", "/v1/interconn/node/%71uery", "/v1/interconn/node;x=1/query")) {
            assertEquals(429, send(source, get(p), 0, false).status, p);
        }
        // the other unsigned endpoint has its own budget, another source has its own, signed endpoints none
        assertEquals(200, send(source, post("/v1/interconn/node/contract/apply", "Content-Length: 2\r\n"), 2, false).status);
        assertEquals(200, send("127.0.0.4", get("/v1/interconn/node/query?node_id=bob"), 0, false).status);
        assertEquals(200, send(source, get("/v1/interconn/node/contract/query"), 0, false).status);
    }

    @Test
    void contractApplicationsFromOneSourceStopAtTheBudget() throws Exception {
        String source = "127.0.0.5";
        int accepted = 0;
        for (int i = 0; i < 200; i++) {
            if (send(source, post("/v1/interconn/node/contract/apply", "Content-Length: 2\r\n"), 2, false).status == 200) {
                accepted++;
            }
        }
        assertEquals(20, accepted, "the issue stored 200 unauthenticated applications in 5 s");
    }

    @Test
    void jettyErrorsBeforeAnyServletAnswerTheEnvelope() throws Exception {
        String big = "a".repeat(20_000);
        assertEnvelope(send("127.0.0.1", "GET /v1/interconn/node/query HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n", 0, false),
                431, "request header fields too large");
        assertEnvelope(send("127.0.0.1", "GET /v1/interconn/node/query?x=" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n", 0, false),
                414, "URI too long");
        assertEnvelope(send("127.0.0.1", "GARBAGE\r\n", 0, false), 400, "bad request: malformed request line, URI, headers or body");
        assertEnvelope(send("127.0.0.1", "PUT /v1/interconn/%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n", 0, false),
                400, "bad request: malformed request line, URI, headers or body");
        assertEnvelope(send("127.0.0.1", "GET /v1/interconn/node/query HTTP/1.1\r\n", 0, false),
                400, "bad request: malformed request line, URI, headers or body");
    }

    @Test
    void servletErrorsAnswerTheEnvelopeWithoutTheirText() throws Exception {
        Answer boom = send("127.0.0.1", get("/boom/x"), 0, false);
        assertEquals(500, boom.status, boom.raw);
        assertTrue(boom.json().path("msg").asText().matches("internal error \\(ref [0-9a-f]{8}\\)"), boom.raw);
        assertFalse(boom.raw.contains("SQL") || boom.raw.contains("IllegalState"), boom.raw);
        assertEnvelope(send("127.0.0.1", get("/refuse/x"), 0, false), 405, "method not allowed on this endpoint");
    }

    @Test
    void theConnectorHookInstallsTheEnvelopeHandlerAndPutsTheOldOneBack() throws Exception {
        Server s = new Server();
        s.start();
        try {
            var before = s.getErrorHandler();
            EnvelopeErrorPages.ErrorHandlerSwap swap = new EnvelopeErrorPages.ErrorHandlerSwap(s);
            s.addConnector(swap);
            swap.start();
            assertTrue(s.getErrorHandler() instanceof JettyEnvelopeErrors);
            swap.stop();
            s.removeConnector(swap);
            assertEquals(before, s.getErrorHandler());
        } finally {
            s.stop();
        }
    }

    @Test
    void aRefusalBeforeTheBodyArrivesLeavesTheConnectionUsable() throws Exception {
        // a servlet that refuses without reading (as the web console's 401/403 and a REST 404 do) while the
        // rest of the body is still on its way: the next request on the connection must get its answer
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            byte[] part = new byte[100_000];
            java.util.Arrays.fill(part, (byte) 'x');
            int before = refused.get();
            out.write(("POST /refuse/this HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 300000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(part);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            // the servlet refuses while two thirds of the body have not been sent
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (refused.get() == before) {
                assertTrue(System.nanoTime() < deadline, "the servlet refused the request");
                Thread.sleep(5);
            }
            out.write(part);
            out.write(part);
            out.write("GET /v1/interconn/node/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
            }
            String raw = got.toString(StandardCharsets.ISO_8859_1);
            assertTrue(raw.contains("HTTP/1.1 200"), "the next request on the connection is answered: " + raw);
        }
    }

    @Test
    void pathsAreNormalizedAsAMatcherSeesThem() {
        assertEquals("/v1/interconn/node/query", PlaneGuard.normalize("//v1/./interconn/x/../node/query/"));
        assertEquals("/v1/interconn/node/query", PlaneGuard.normalize("/v1/interconn/node/%71uery"));
        assertEquals("/", PlaneGuard.normalize(""));
        assertEquals("/a b", PlaneGuard.normalize("/a%20b"));
    }

    @Test
    void sourcesBeyondTheTableShareOneBudget() {
        SourceRateLimits limits = new SourceRateLimits(2, Duration.ofMinutes(2), 2);
        assertNull(limits.acquire("a"));
        assertNull(limits.acquire("b"));
        assertNull(limits.acquire("c"));
        assertNull(limits.acquire("d"));
        Duration wait = limits.acquire("e");
        assertNotNull(wait, "c, d and e share the overflow budget of 2");
        assertTrue(wait.compareTo(Duration.ofMinutes(2)) <= 0 && !wait.isNegative(), wait.toString());
        assertEquals(2, limits.tracked());
    }

    // --- a raw HTTP/1.1 client -------------------------------------------------------------------

    static String post(String path, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing;
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n";
    }

    record Answer(int status, String raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
        }

        String header(String name) {
            for (String line : raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    static void assertEnvelope(Answer a, int status, String msg) throws IOException {
        assertEquals(status, a.status, a.raw);
        assertTrue(a.header("Content-Type").startsWith("application/json"), a.raw);
        JsonNode body = a.json();
        assertEquals(status, body.path("code").asInt(), a.raw);
        assertEquals(msg, body.path("msg").asText(), a.raw);
        assertTrue(body.has("data") && body.get("data").isNull(), a.raw);
        assertFalse(a.raw.contains("<html"), a.raw);
    }

    /**
     * Sends {@code head} from {@code source} and then {@code bodyBytes} of JSON-ish filler (chunked or
     * not), reading the answer while sending, as a client does that stops when the server has answered.
     */
    static Answer send(String source, String head, long bodyBytes, boolean chunked) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    long left = bodyBytes;
                    while (left > 0) {
                        int n = (int) Math.min(chunk.length, left);
                        if (chunked) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        }
                        out.write(chunk, 0, n);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        }
                        left -= n;
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // the server answered and closed before the body was sent: expected for an oversize body
                }
            });
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                }
            } catch (IOException resetAfterTheAnswer) {
                // a reset after the answer was read: what was read stands
            }
            s.close();
            writer.join();
            String raw = got.toString(StandardCharsets.ISO_8859_1);
            // skip an interim 100 Continue
            while (raw.startsWith("HTTP/1.1 100")) {
                raw = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            }
            assertTrue(raw.startsWith("HTTP/1.1 "), "no answer: '" + raw + "'");
            return new Answer(Integer.parseInt(raw.substring(9, 12)), raw);
        }
    }

    /** Counts the bytes a reader was handed. */
    static final class Counting extends InputStream {
        private final InputStream in;
        long count;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
