/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.hutong.api.auth.CallAuthenticator;
import io.hutong.api.auth.CallRefusal;
import io.hutong.api.auth.EastWestCall;
import io.hutong.api.auth.Unsigned;
import io.hutong.api.auth.VerifiedCaller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The east-west filter in a real Jersey on loopback: a method is checked unless it is marked
 * {@link Unsigned}, the body reaches the resource unchanged, the verified caller is handed on, the
 * filter fails closed without an authenticator, and a 500 never carries the exception's text.
 */
class EastWestAuthenticationTest {

    /** What management would do, reduced to one rule: the call must carry "x-auth-sign: good" when signed. */
    static final class Partner implements CallAuthenticator {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public VerifiedCaller authenticate(EastWestCall call, boolean signed) {
            seen.add(call.method() + " " + call.path() + " signed=" + signed + " body=" + new String(call.body(), StandardCharsets.UTF_8));
            String source = call.header().apply("x-source-node-id");
            if (source == null) {
                throw new CallRefusal(401, "x-source-node-id header is required");
            }
            if (signed && !"good".equals(call.header().apply("x-auth-sign"))) {
                throw new CallRefusal(401, "x-auth-sign header is required");
            }
            return new VerifiedCaller(source, signed ? "contract-1" : null);
        }
    }

    @Path("/v1/interconn/test")
    public static class Endpoints {
        @POST
        @Path("protected")
        @Consumes(MediaType.WILDCARD)
        @Produces(MediaType.APPLICATION_JSON)
        public String echo(@Context ContainerRequestContext ctx, String body) {
            VerifiedCaller c = (VerifiedCaller) ctx.getProperty(VerifiedCaller.PROPERTY);
            return "{\"caller\":\"" + c.nodeId() + "\",\"contract\":\"" + c.contractId() + "\",\"length\":" + body.length() + "}";
        }

        @GET
        @Path("apply")
        @Unsigned(reason = "test: headers checked, no signature")
        @Produces(MediaType.APPLICATION_JSON)
        public String apply(@Context ContainerRequestContext ctx) {
            return "{\"signed\":" + ((VerifiedCaller) ctx.getProperty(VerifiedCaller.PROPERTY)).signed() + "}";
        }

        @POST
        @Path("open")
        @Unsigned(reason = "test: authenticated elsewhere", headers = false)
        @Consumes(MediaType.WILDCARD)
        @Produces(MediaType.APPLICATION_JSON)
        public String open(String body) {
            return "{\"length\":" + body.length() + "}";
        }

        @GET
        @Path("broken")
        @Produces(MediaType.APPLICATION_JSON)
        public String broken() {
            throw new IllegalStateException("database: Value too long for column \"NONCE CHARACTER VARYING(256)\"; SQL statement:"
                    + " INSERT INTO mgmt_nonce (source_node_id, nonce, seen_at) VALUES (?,?,?)");
        }
    }

    HttpServer server;
    String base;
    EastWestAuthentication filter;
    Partner partner;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        filter = new EastWestAuthentication();
        partner = new Partner();
        filter.authenticator = partner;
        ResourceConfig config = new ResourceConfig().register(filter).register(new JsonBodies()).register(new EnvelopeErrors())
                .register(Endpoints.class);
        server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    record Reply(int status, JsonNode body) {
    }

    Reply send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        return new Reply(r.statusCode(), JsonBodies.MAPPER.readTree(r.body()));
    }

    @Test
    void aMethodWithoutTheAnnotationRefusesAnUnsignedCall() throws Exception {
        Reply stranger = send("POST", "/v1/interconn/test/protected", "{}");
        assertEquals(401, stranger.status());
        assertEquals(401, stranger.body().path("code").asInt());
        assertEquals("x-source-node-id header is required", stranger.body().path("msg").asText());
        Reply unsigned = send("POST", "/v1/interconn/test/protected", "{}", "x-source-node-id", "carol");
        assertEquals(401, unsigned.status());
        assertEquals("x-auth-sign header is required", unsigned.body().path("msg").asText());
    }

    @Test
    void aVerifiedCallReachesTheResourceWithItsBodyAndCaller() throws Exception {
        String body = "{\"a\":\"" + "x".repeat(10_000) + "\"}";
        Reply ok = send("POST", "/v1/interconn/test/protected?q=1", body, "x-source-node-id", "carol", "x-auth-sign", "good");
        assertEquals(200, ok.status(), ok.body().toString());
        assertEquals("carol", ok.body().path("caller").asText());
        assertEquals("contract-1", ok.body().path("contract").asText());
        assertEquals(body.length(), ok.body().path("length").asInt());
        assertEquals("POST /v1/interconn/test/protected signed=true body=" + body, partner.seen.get(partner.seen.size() - 1));
    }

    @Test
    void anUnsignedEndpointIsCheckedWithoutTheSignatureOrNotAtAll() throws Exception {
        Reply apply = send("GET", "/v1/interconn/test/apply", null, "x-source-node-id", "carol");
        assertEquals(200, apply.status(), apply.body().toString());
        assertFalse(apply.body().path("signed").asBoolean());
        assertEquals("GET /v1/interconn/test/apply signed=false body=", partner.seen.get(0));
        assertEquals(401, send("GET", "/v1/interconn/test/apply", null).status());

        Reply open = send("POST", "/v1/interconn/test/open", "{\"b\":1}");
        assertEquals(200, open.status());
        assertEquals(7, open.body().path("length").asInt());
        assertEquals(2, partner.seen.size(), "only the two apply calls were handed to the authenticator, the open one was not to the authenticator: " + partner.seen);
    }

    @Test
    void withoutAnAuthenticatorEveryCheckedEndpointIsRefused() throws Exception {
        filter.authenticator = null;
        Reply r = send("POST", "/v1/interconn/test/protected", "{}", "x-source-node-id", "carol", "x-auth-sign", "good");
        assertEquals(503, r.status());
        assertEquals(503, send("GET", "/v1/interconn/test/apply", null, "x-source-node-id", "carol").status());
        assertEquals(200, send("POST", "/v1/interconn/test/open", "{}").status());
    }

    @Test
    void aServerFaultAnswersAReferenceNotTheDatabaseText() throws Exception {
        Reply r = send("GET", "/v1/interconn/test/broken", null, "x-source-node-id", "carol", "x-auth-sign", "good");
        assertEquals(500, r.status());
        String msg = r.body().path("msg").asText();
        assertTrue(msg.matches("internal error \\(ref [0-9a-f]{8}\\)"), msg);
        assertFalse(r.body().toString().contains("INSERT"), r.body().toString());
        assertTrue(r.body().path("data").isNull());
    }
}
