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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP client of a running node's admin API, for CLI commands. Finds the node from
 * {@code --admin http://host:port}, or from {@code <data>/run/ready.json} ({@code --data DIR},
 * default the installation's {@code data/}).
 */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminClient(URI base) {
        this.base = base;
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
     * Takes {@code --admin URL} and {@code --data DIR} out of {@code args} (which is modified) and
     * connects to that node.
     *
     * @throws IOException when no running node can be found, saying where it looked (one line)
     */
    public static AdminClient from(Path home, List<String> args) throws IOException {
        String admin = take(args, "--admin");
        String data = take(args, "--data");
        if (admin != null) {
            return new AdminClient(URI.create(admin.endsWith("/") ? admin : admin + "/"));
        }
        Path ready = (data == null ? home.resolve("data") : Path.of(data)).resolve("run/ready.json");
        JsonNode r = ReadyFile.readRunning(ready);
        int port = r.path("ports").path("admin").asInt(-1);
        if (port < 0) {
            throw new IllegalArgumentException(ready + " names no admin port: the node runs without the console feature");
        }
        return new AdminClient(URI.create("http://127.0.0.1:" + port + "/"));
    }

    /** @return a client of the admin API at {@code base}, e.g. {@code http://127.0.0.1:8080/} */
    public static AdminClient at(URI base) {
        String b = base.toString();
        return new AdminClient(URI.create(b.endsWith("/") ? b : b + "/"));
    }

    /** Removes {@code flag} and its value from {@code args}; @return the value or null. */
    public static String take(List<String> args, String flag) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(flag)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String v = args.get(i + 1);
                args.remove(i + 1);
                args.remove(i);
                return v;
            }
            if (args.get(i).startsWith(flag + "=")) {
                return args.remove(i).substring(flag.length() + 1);
            }
        }
        return null;
    }

    /** @return a mutable copy of {@code args} for {@link #take} */
    public static List<String> mutable(List<String> args) {
        return new ArrayList<>(args);
    }

    /** GET {@code path} (relative, e.g. {@code v1/admin/status}). */
    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** POST a JSON body to {@code path}. */
    public Reply post(String path, Object body) throws IOException, InterruptedException {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** PUT a JSON body to {@code path}. */
    public Reply put(String path, Object body) throws IOException, InterruptedException {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
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
            r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw notReachable(e);
        }
        return r.statusCode() == 200 ? r.body() : null;
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw notReachable(e);
        }
        JsonNode body;
        try {
            body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = JSON.createObjectNode().put("code", r.statusCode()).put("msg", r.body());
        }
        return new Reply(r.statusCode(), body);
    }

    // a refused connection has no message: say what it means instead of "null"
    private IOException notReachable(java.net.ConnectException e) {
        return new IOException("no node answers at " + base + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage())
                + "): it is not running, or not yet ready", e);
    }

    /** @return JSON pretty-printed, for command output */
    public static String pretty(JsonNode node) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
