/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.launcher.AdminToken;

/**
 * HTTP client of a running node's admin API, for CLI commands, and the one place the CLI sends the
 * node's credentials. Finds the node from {@code --admin http://host:port}, or from
 * {@code <data>/run/ready.json} ({@code --data DIR}, default the installation's {@code data/}); the
 * bearer token comes from {@code --token}, {@code --token-file FILE}, {@code HUTONG_ADMIN_TOKEN} or
 * the node's {@code <data>/admin-token}, in that order. The data directory's token is not sent to
 * an {@code --admin} URL unless {@code --data} names that directory too: a token belongs to its node.
 */
public final class AdminClient {

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The reply of the admin API: HTTP status and the parsed envelope. */
    public record Reply(int status, JsonNode body) {
        /** @return true when the envelope reports success */
        public boolean ok() {
            return status == 200 && body.path("code").asInt(-1) == 0;
        }

        /** @return the envelope's {@code data} */
        public JsonNode data() {
            return body.path("data");
        }

        /** @return the envelope's {@code msg} */
        public String msg() {
            return body.path("msg").asText("");
        }
    }

    /**
     * Connects to the node the CLI options name.
     *
     * @param home      the installation (its {@code data/} is the default data directory)
     * @param admin     {@code --admin URL}, or null
     * @param data      {@code --data DIR}, or null
     * @param token     {@code --token}, or null
     * @param tokenFile {@code --token-file}, or null
     * @throws NodeUnreachableException when no running node can be found, saying where it looked (one line)
     */
    public static AdminClient from(Path home, String admin, String data, String token, String tokenFile) throws IOException {
        if (token == null && tokenFile != null) {
            token = AdminToken.read(Path.of(tokenFile));
            if (token == null) {
                throw new IllegalArgumentException("--token-file " + tokenFile + " holds no token");
            }
        }
        if (token == null && System.getenv(AdminToken.ENV) != null && !System.getenv(AdminToken.ENV).isBlank()) {
            token = System.getenv(AdminToken.ENV).strip();
        }
        Path dataDir = data == null ? home.resolve("data") : Path.of(data);
        if (token == null && (admin == null || data != null)) {
            token = AdminToken.read(dataDir.resolve(AdminToken.FILE));
        }
        if (admin != null) {
            return new AdminClient(URI.create(admin.endsWith("/") ? admin : admin + "/"), token);
        }
        Path ready = dataDir.resolve("run/ready.json");
        JsonNode r = ReadyFile.readRunning(ready);
        int port = r.path("ports").path("admin").asInt(-1);
        if (port < 0) {
            throw new IllegalArgumentException(ready + " names no admin port: the node runs without the console feature");
        }
        return new AdminClient(URI.create("http://127.0.0.1:" + port + "/"), token);
    }

    /**
     * @param base  the admin API, e.g. {@code http://127.0.0.1:8080/}
     * @param token the node's admin token ({@code <data>/admin-token}), null to send none
     * @return a client of the admin API at {@code base}
     */
    public static AdminClient at(URI base, String token) {
        String b = base.toString();
        return new AdminClient(URI.create(b.endsWith("/") ? b : b + "/"), token);
    }

    /** GET {@code path} (relative, e.g. {@code v1/admin/status}). */
    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** POST a JSON body to {@code path}. */
    public Reply post(String path, Object body) throws IOException, InterruptedException {
        String json = body instanceof String s ? s : Jackson.MAPPER.writeValueAsString(body);
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** PUT a JSON body to {@code path}. */
    public Reply put(String path, Object body) throws IOException, InterruptedException {
        String json = body instanceof String s ? s : Jackson.MAPPER.writeValueAsString(body);
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** DELETE {@code path}. */
    public Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    /** GET {@code path} as text (e.g. a task log); @return the body, or null when the answer is not 200. */
    public String text(String path) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(authorized(HttpRequest.newBuilder(base.resolve(path))).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw notReachable(e);
        }
        return r.statusCode() == 200 ? r.body() : null;
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(authorized(b).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw notReachable(e);
        }
        if (r.statusCode() == 401 && r.headers().firstValue("WWW-Authenticate").orElse("").contains("hutong-admin")) {
            throw new IOException("the node at " + base + " refused the admin credentials ("
                    + (token == null ? "none found: give --token, --token-file or --data DIR of the node"
                    : "the token is not this node's: check --token/--token-file/" + AdminToken.ENV) + ")");
        }
        JsonNode body;
        try {
            body = r.body().isEmpty() ? Jackson.MAPPER.createObjectNode() : Jackson.MAPPER.readTree(r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = Jackson.MAPPER.createObjectNode().put("code", r.statusCode()).put("msg", r.body());
        }
        return new Reply(r.statusCode(), body);
    }

    /** Adds the bearer token: scripts and the CLI are not browsers, so no Origin is needed (ADMIN2). */
    private HttpRequest.Builder authorized(HttpRequest.Builder b) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    // a refused connection has no message: say what it means instead of "null"
    private IOException notReachable(java.net.ConnectException e) {
        return new NodeUnreachableException("no node answers at " + base + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage())
                + "): it is not running, or not yet ready", e);
    }

    /** @return JSON pretty-printed, for command output */
    public static String pretty(JsonNode node) throws IOException {
        return Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
