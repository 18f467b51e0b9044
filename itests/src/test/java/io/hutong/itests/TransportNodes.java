/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Real nodes for the transport tests: {@code bin/hutong start} processes of the built distribution,
 * each with its own data directory and ports, and a plain HTTP client speaking the PTP container
 * API and the admin API to them.
 */
final class TransportNodes implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Path tmp;
    // startBoth adds from two threads at once: an ArrayList lost a node now and then, which close() then never
    // stopped (a node outlived its CI run, spending CPU, with its data directory deleted under it)
    private final List<Node> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final boolean fullJit;

    /** Nodes as test nodes run: C1 only and the serial collector (decisions TESTS7, TESTS13). */
    TransportNodes(Path tmp) {
        this(tmp, false);
    }

    /**
     * @param fullJit the JVM's own JIT and collector, for nodes whose test computes at volume (ECDH-PSI over 100 000
     *                rows runs 2.3 times longer on C1 alone), decision TESTS13
     */
    TransportNodes(Path tmp, boolean fullJit) {
        this.tmp = tmp;
        this.fullJit = fullJit;
    }

    /** One running node. */
    static final class Node {
        final String id;
        final Path data;
        final int eastWest;
        final int admin;
        /**
         * The PTP gRPC port {@code launch} gives it, free when chosen: the launcher's default (east-west + 1) is
         * nobody's pick and may be another test process's listener or ephemeral port by then.
         */
        final int grpc;
        /** The installation it runs from: the test JVM's ({@link NodeOptions#testHome()}), or one of its own (own {@code deploy/} and {@code etc/}). */
        Path home = NodeOptions.testHome();
        Process process;

        Node(String id, Path data, int eastWest, int admin) throws IOException {
            this.id = id;
            this.data = data;
            this.eastWest = eastWest;
            this.admin = admin;
            this.grpc = NodeOptions.freePort();
        }

        Path deploy() {
            return home.resolve("deploy");
        }

        String chan(String op) {
            return "http://127.0.0.1:" + eastWest + "/v1/interconn/chan/" + op;
        }

        String adminUrl(String path) {
            return "http://127.0.0.1:" + admin + path;
        }

        /** @return the {@code Authorization} value of the web console's login, as a browser sends it */
        String consoleLogin() throws IOException {
            return Http.basic("admin", consolePassword());
        }

        String consolePassword() throws IOException {
            Properties p = new Properties();
            try (var in = Files.newInputStream(data.resolve("console-credentials.properties"))) {
                p.load(in);
            }
            return p.getProperty("password");
        }
    }

    Node start(String id) throws Exception {
        Node n = new Node(id, tmp.resolve(id), NodeOptions.freePort(), NodeOptions.freePort());
        nodes.add(n);
        launch(n);
        return n;
    }

    /**
     * Starts a node with more {@code bin/hutong start} flags and environment (e.g. TLS listeners and
     * their store passwords; {@code JAVA_OPTS} is added to {@code -Xmx1g} and the JIT options).
     */
    Node start(String id, List<String> flags, Map<String, String> env) throws Exception {
        Node n = new Node(id, tmp.resolve(id), NodeOptions.freePort(), NodeOptions.freePort());
        nodes.add(n);
        launch(n, flags, env);
        return n;
    }

    /**
     * Starts a node from an installation of its own, sharing the distribution's bundles, so what a
     * test drops into its {@code deploy/} reaches no other node.
     */
    Node startWithOwnHome(String id) throws Exception {
        Node n = new Node(id, tmp.resolve(id), NodeOptions.freePort(), NodeOptions.freePort());
        n.home = ownHome(tmp.resolve(id + "-home"));
        nodes.add(n);
        launch(n);
        return n;
    }

    /** @return {@code home}, made an installation of its own: {@link NodeOptions#installation(Path)} */
    static Path ownHome(Path home) throws IOException {
        return NodeOptions.installation(home);
    }

    /** Takes {@code n}, made by the test, into the nodes this set stops at the end. */
    void adopt(Node n) {
        nodes.add(n);
    }

    /** Starts (or starts again) {@code n} and waits for its ready.json. */
    void launch(Node n) throws Exception {
        launch(n, List.of(), Map.of());
    }

    void launch(Node n, List<String> flags, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(n.home.resolve("bin/hutong").toString(), "start", "--data", n.data.toString(),
                "--node-id", n.id, "--port", "" + n.eastWest, "--admin-port", "" + n.admin));
        if (!flags.contains("--grpc-port")) {
            cmd.addAll(List.of("--grpc-port", "" + n.grpc));
        }
        cmd.addAll(flags);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        String javaOpts = ("-Xmx1g " + env.getOrDefault("JAVA_OPTS", "")).strip();
        pb.environment().put("JAVA_OPTS", fullJit ? javaOpts : NodeProcess.javaOpts(javaOpts));
        Files.createDirectories(n.data);
        n.process = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                n.data.resolveSibling(n.id + ".out").toFile())).start();
        NodeProcess.awaitReady(n.data, n.process, NodeProcess.text(n.data.resolveSibling(n.id + ".out")));
    }

    /** Starts two nodes side by side (a node start is mostly waiting) and returns them in the order given. */
    Node[] startBoth(String first, String second) throws Exception {
        CompletableFuture<Node> other = CompletableFuture.supplyAsync(() -> {
            try {
                return start(second);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Node one = start(first);
        return new Node[] {one, other.get(NodeProcess.START.toSeconds() + 60, TimeUnit.SECONDS)};
    }

    /** Stops {@code n} with SIGTERM and waits for it to exit. */
    static void stop(Node n) throws InterruptedException {
        n.process.destroy();
        if (!n.process.waitFor(60, TimeUnit.SECONDS)) {
            n.process.destroyForcibly();
            throw new AssertionError("node " + n.id + " did not stop within 60 s");
        }
    }

    @Override
    public void close() {
        nodes.forEach(n -> {
            if (n.process != null) {
                n.process.destroyForcibly();
            }
        });
    }

    /** A reply: HTTP status, Content-Type and body. */
    record Reply(int status, String contentType, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + new String(body), e);
            }
        }

        String code() {
            return json().path("code").asText();
        }

        byte[] content() {
            JsonNode c = json().get("content");
            return c == null || c.isNull() ? null : Base64.getDecoder().decode(c.asText());
        }
    }

    /** @return the counters of {@code on}'s outbound queue to {@code peer} in its status, empty when it has none */
    static JsonNode outboxCounters(Node on, String peer) {
        for (JsonNode h : send(on.adminUrl("/v1/admin/status"), "GET", Map.of(), null, null).json().path("data").path("health").path("transport")) {
            if (h.path("details").path("outboxes").has(peer)) {
                return h.path("details").path("outboxes").path(peer);
            }
        }
        return JSON.createObjectNode();
    }

    /** @return how many pops wait in {@code on}'s session queues right now, as its status reports them */
    static int waitingPops(Node on) {
        int waiting = 0;
        for (JsonNode h : send(on.adminUrl("/v1/admin/status"), "GET", Map.of(), null, null).json().path("data").path("health").path("transport")) {
            waiting += h.path("details").path("waiting_pops").asInt(0);
        }
        return waiting;
    }

    /**
     * Waits until at least {@code count} pops wait in {@code on}'s session queues: a pop sent from
     * another thread has reached its queue (instead of sleeping and hoping it has).
     */
    static void awaitWaitingPops(Node on, int count) {
        NodeProcess.until(count + " pops waiting on " + on.id, NodeProcess.EFFECT, () -> waitingPops(on), n -> n >= count);
    }

    /** @return the node's PTP gRPC port, as its ready.json names it */
    static int grpcPort(Node n) throws IOException {
        JsonNode ready = JSON.readTree(n.data.resolve("run/ready.json").toFile());
        int port = ready.path("ports").path("grpc").asInt();
        if (port <= 0) {
            throw new AssertionError("ready.json names no grpc port: " + ready);
        }
        return port;
    }

    static Reply post(String url, Map<String, String> headers, String contentType, byte[] body) {
        return send(url, "POST", headers, contentType, body);
    }

    static Reply send(String url, String method, Map<String, String> headers, String contentType, byte[] body) {
        return send(url, method, headers, contentType, body, Duration.ofSeconds(300));
    }

    /** Sends a request that is given up after {@code timeout}, answered as status -1. */
    static Reply send(String url, String method, Map<String, String> headers, String contentType, byte[] body, Duration timeout) {
        try {
            return sendAsync(url, method, headers, contentType, body, timeout).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "", "interrupted".getBytes());
        } catch (java.util.concurrent.ExecutionException e) {
            return new Reply(-1, "", e.getCause().toString().getBytes());
        }
    }

    /**
     * Sends a request without holding a thread while it waits (many waiting pops at once), given up after
     * {@code timeout}; a failed connection is answered as status -1.
     */
    static CompletableFuture<Reply> sendAsync(String url, String method, Map<String, String> headers, String contentType, byte[] body,
            Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        if (headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            Http.admin(b); // the admin plane's token; east-west endpoints ignore it
        }
        return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body()))
                .exceptionally(e -> new Reply(-1, "", (e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e)
                        .toString().getBytes()));
    }

    /** Standard JSON push of {@code payload} to {@code session}/{@code topic} addressed to {@code target}. */
    static Reply pushJson(Node via, String session, String target, String topic, byte[] payload, Map<String, String> extra) {
        Map<String, String> h = new java.util.HashMap<>(Map.of("x-ptp-session-id", session, "x-ptp-target-node-id", target,
                "x-ptp-trace-id", "trace-1", "x-ptp-token", "token-1", "x-ptp-tech-provider-code", "hutong-itest"));
        h.putAll(extra);
        String body = "{\"topic\":\"" + topic + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\"}";
        return post(via.chan("push"), h, "application/json", body.getBytes());
    }

    /** Standard JSON pop waiting up to {@code timeoutMs}. */
    static Reply popJson(Node at, String session, String topic, long timeoutMs) {
        return popJsonAsync(at, session, topic, timeoutMs).join();
    }

    /** Standard JSON pop waiting up to {@code timeoutMs}, sent without holding a thread while it waits. */
    static CompletableFuture<Reply> popJsonAsync(Node at, String session, String topic, long timeoutMs) {
        return sendAsync(at.chan("pop"), "POST", Map.of("x-ptp-session-id", session), "application/json",
                ("{\"topic\":\"" + topic + "\",\"timeout\":" + timeoutMs + "}").getBytes(), Duration.ofSeconds(300));
    }

    /** Sets the route to {@code to} on {@code on} through the admin API. */
    static Reply route(Node on, Node to, String protocol, String mode) {
        String body = "{\"address\":\"127.0.0.1:" + to.eastWest + "\",\"protocol\":\"" + protocol + "\",\"mode\":\"" + mode + "\"}";
        return send(on.adminUrl("/v1/admin/routes/" + to.id), "PUT", Map.of(), "application/json", body.getBytes());
    }

    /**
     * The environment of an {@code ecdh_psi} task between alice (guest.0) and bob (host.0): input
     * {@code data/<task>.csv}, output {@code out/<task>.csv}, session {@code session_<task>}, and the given
     * component parameters.
     */
    static Map<String, String> ecdhPsiEnv(String task, String role, Map<String, String> parameters) {
        Map<String, String> env = new HashMap<>();
        env.put("config.task_id", task);
        env.put("config.self_role", role);
        env.put("config.node_id.guest.0", "alice");
        env.put("config.node_id.host.0", "bob");
        env.put("config.inst_id.guest.0", "alice-inst");
        env.put("config.inst_id.host.0", "bob-inst");
        env.put("config.session_id", "session_" + task);
        env.put("config.trace_id", "trace_" + task);
        env.put("config.token", "token_" + task);
        env.put("runtime.component.input.train_data", "{\"namespace\":\"data\",\"name\":\"" + task + ".csv\"}");
        env.put("runtime.component.output.train_data", "{\"namespace\":\"out\",\"name\":\"" + task + ".csv\"}");
        parameters.forEach((k, v) -> env.put("runtime.component.parameter." + k, v));
        return env;
    }
}
