/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;

/**
 * The request meter in front of a real Jersey on Jetty, with a stand-in for the plane's guards behind it: what
 * an operator scraping the node sees for the calls a client made, labelled by the resource template (never the
 * raw path), including the calls refused before any resource (401, 413) and the ones no resource matched.
 */
class PlaneRequestMeterTest {

    /** Resources of the shape Hutong's admin ones have: a class path, method templates, a long poll. */
    @Path("/v1/admin/things")
    public static class Things {
        @GET
        @Path("{id}")
        public String get(@PathParam("id") String id) {
            return id;
        }

        @POST
        public String post(String body) {
            return "stored";
        }

        @Path("{id}/parts")
        public Parts parts() {
            return new Parts();
        }

        @GET
        @Path("later")
        public void later(@Suspended AsyncResponse reply) {
            CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> reply.resume("late"));
        }
    }

    /** The resource of a second application, under the base {@code /other}. */
    @Path("/v2/others")
    public static class Others {
        @GET
        @Path("{id}")
        public String get(@PathParam("id") String id) {
            return id;
        }
    }

    /** A sub-resource, reached through {@link Things#parts()}. */
    public static class Parts {
        @GET
        @Path("{part}")
        public String part(@PathParam("part") String part) {
            return part;
        }
    }

    /** The admin plane's guards in miniature: no credentials → 401, a declared body above 16 bytes → 413. */
    static final class Guard implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest req = (HttpServletRequest) request;
            HttpServletResponse res = (HttpServletResponse) response;
            if (req.getContentLengthLong() > 16) {
                res.setStatus(413);
                res.getWriter().write("{\"code\":413,\"msg\":\"request body exceeds the limit\"}");
                return;
            }
            if (req.getHeader("Authorization") == null) {
                res.setStatus(401);
                res.getWriter().write("{\"code\":401,\"msg\":\"authentication required\"}");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    // one server for the class (a Jersey start costs a second or more on a loaded machine); meters cleared per test
    private static final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final HttpClient client = HttpClient.newHttpClient();
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder meter = new FilterHolder(new PlaneRequestMeter(registry, "admin"));
        meter.setAsyncSupported(true);
        context.addFilter(meter, "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder guard = new FilterHolder(new Guard());
        guard.setAsyncSupported(true);
        context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
        // one filter instance in two applications, as the whiteboard shares an extension among applications
        MatchedEndpoint endpoint = new MatchedEndpoint();
        ServletHolder jersey = new ServletHolder(new ServletContainer(new ResourceConfig(Things.class).register(endpoint)));
        jersey.setAsyncSupported(true);
        context.addServlet(jersey, "/*");
        ServletHolder other = new ServletHolder(new ServletContainer(new ResourceConfig(Others.class).register(endpoint)));
        other.setAsyncSupported(true);
        context.addServlet(other, "/other/*");
        server.setHandler(context);
        server.start();
        port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        registry.close();
    }

    @BeforeEach
    void noMetersYet() {
        registry.clear();
    }

    private HttpResponse<String> send(String method, String path, String body, boolean authenticated) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authenticated) {
            b.header("Authorization", "Bearer t");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sample(String endpoint, String method, String status) {
        return "hutong_http_requests_total{endpoint=\"" + endpoint + "\",method=\"" + method + "\",plane=\"admin\",status=\""
                + status + "\"}";
    }

    /**
     * Waits for a sample to reach {@code expected}: the meter records once the chain returns, which may be a moment
     * after the client has read the whole answer.
     */
    private void assertCount(String expected, String sample) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(expected, value(sample), sample));
    }

    private String value(String sample) {
        return registry.scrape().lines().filter(l -> l.startsWith(sample + " ")).map(l -> l.substring(sample.length() + 1))
                .findFirst().orElse("absent");
    }

    @Test
    void requestsAreCountedByTheirResourceTemplateNotTheirPath() throws Exception {
        for (String id : new String[] {"a", "b", "c%20d", "42"}) {
            assertEquals(200, send("GET", "/v1/admin/things/" + id, null, true).statusCode());
        }
        assertEquals(200, send("POST", "/v1/admin/things", "{}", true).statusCode());

        assertCount("4.0", sample("/v1/admin/things/{id}", "GET", "200"));
        assertCount("1.0", sample("/v1/admin/things", "POST", "200"));
        String text = registry.scrape();
        assertTrue(text.contains("# TYPE hutong_http_requests_total counter"), text);
        assertFalse(text.contains("things/a") || text.contains("things/b") || text.contains("c%20d") || text.contains("c d"),
                "no raw path becomes a label value: " + text);
        assertTrue(text.contains("hutong_http_request_duration_seconds_count{endpoint=\"/v1/admin/things/{id}\","
                + "method=\"GET\",plane=\"admin\",status=\"200\"} 4"), text);
    }

    @Test
    void unknownPathsShareOneUnmatchedLabelWhateverTheirNumber() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertEquals(404, send("GET", "/v1/admin/random-" + i + "/x?y=" + i, null, true).statusCode());
        }
        assertCount("50.0", sample("unmatched", "GET", "404"));
        assertFalse(registry.scrape().contains("random-"), "a stranger cannot multiply the series");
    }

    @Test
    void refusalsBeforeAnyResourceAreCountedWithTheirStatus() throws Exception {
        assertEquals(401, send("GET", "/v1/admin/things/a", null, false).statusCode());
        assertEquals(413, send("POST", "/v1/admin/things", "{\"far\":\"beyond sixteen bytes\"}", true).statusCode());

        assertCount("1.0", sample("unmatched", "GET", "401"));
        assertCount("1.0", sample("unmatched", "POST", "413"));
        assertEquals("absent", value(sample("/v1/admin/things/{id}", "GET", "200")), "nothing was served");
    }

    @Test
    void methodsOutsideHttpsUsualOnesShareOneLabel() throws Exception {
        send("BREW", "/v1/admin/things/a", null, true);
        send("PROPFIND", "/v1/admin/things/a", null, true);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> registry.scrape().lines()
                .anyMatch(l -> l.startsWith("hutong_http_requests_total{") && l.endsWith(" 2.0")));
        String text = registry.scrape();
        assertFalse(text.contains("BREW") || text.contains("PROPFIND"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("hutong_http_requests_total{") && l.contains("method=\"other\"")
                && l.endsWith(" 2.0")), text);
    }

    @Test
    void aSuspendedRequestIsCountedWhenItsAnswerIsSent() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/admin/things/later", null, true);
        assertEquals(200, r.statusCode());
        assertEquals("late", r.body());
        assertCount("1.0", sample("/v1/admin/things/later", "GET", "200"));
    }

    @Test
    void templatesJoinTheApplicationBaseAndTheMatchedTemplatesWithSingleSlashes() {
        assertEquals("/v1/admin/routes/{nodeId}", MatchedEndpoint.template(List.of("/", "/v1/admin/", "/routes/{nodeId}")));
        assertEquals("/v1/admin", MatchedEndpoint.template(List.of("/", "v1/admin")));
        assertEquals("/api/v1/x/{id: [0-9]+}", MatchedEndpoint.template(List.of("/api/", "v1", "x/{id: [0-9]+}")));
        assertEquals("/", MatchedEndpoint.template(List.of("/")));
    }

    /** A sub-resource reached through a locator: its template is the locator's joined with the sub-resource method's. */
    @Test
    void aSubResourceIsNamedByTheLocatorsTemplateAndItsOwn() throws Exception {
        assertEquals(200, send("GET", "/v1/admin/things/7/parts/wheel", null, true).statusCode());
        assertCount("1.0", sample("/v1/admin/things/{id}/parts/{part}", "GET", "200"));
    }

    @Test
    void oneFilterServesSeveralApplicationsEachNamedWithItsBase() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send("GET", "/other/v2/others/" + i, null, true).statusCode());
            assertEquals(200, send("GET", "/v1/admin/things/" + i, null, true).statusCode());
        }
        assertCount("3.0", sample("/other/v2/others/{id}", "GET", "200"));
        assertCount("3.0", sample("/v1/admin/things/{id}", "GET", "200"));
    }
}
