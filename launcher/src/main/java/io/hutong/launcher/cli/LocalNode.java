/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node of this installation run as a child process ({@code hutong start}) on free loopback ports
 * with its own data directory, for commands that need nodes of their own ({@code demo},
 * {@code bench psi}). It runs through {@code bin/hutong} on the JDK of this command, with {@code JAVA_OPTS} as
 * that script applies them.
 */
public final class LocalNode {

    /** Starts after a lost port race (see {@link #awaitReady}) before the node counts as failed. */
    static final int PORT_ATTEMPTS = 3;

    private final Path home;
    private final String id;
    private final Path data;
    private final Path output;
    private int eastWest;
    private int admin;
    private int grpc;
    private int attempts;
    private Process process;
    private AdminClient client;

    private LocalNode(Path home, String id, Path data) {
        this.home = home;
        this.id = id;
        this.data = data;
        this.output = data.resolveSibling(id + ".out");
    }

    /**
     * Starts node {@code id} with data directory {@code <dir>/<id>}; returns at once (see {@link #awaitReady}).
     *
     * @throws IOException when the process cannot be started
     */
    public static LocalNode start(Path home, Path dir, String id) throws IOException {
        LocalNode n = new LocalNode(home, id, dir.resolve(id));
        Files.createDirectories(n.data);
        n.launch();
        return n;
    }

    /** Starts the process on ports free right now. */
    private void launch() throws IOException {
        eastWest = freePort();
        admin = freePort();
        grpc = freePort();
        attempts++;
        // through bin/hutong, which execs the JVM: the node gets the JVM options an operator's node gets (heap
        // settings, native access) and JAVA_OPTS as that script applies them, on this command's JDK
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin").resolve("hutong").toString(),
                "start", "--node-id", id, "--data", data.toString(),
                "--host", "127.0.0.1", "--admin-host", "127.0.0.1", "--port", "" + eastWest,
                "--admin-port", "" + admin, "--grpc-port", "" + grpc));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    }

    /**
     * @return true when the process ended because a port it was given had been taken since it was found
     *         free: between {@link #freePort()} closing its socket and the node binding the port, any other
     *         process may take it (an outgoing connection takes its local port from the same range), which
     *         a busy machine showed
     */
    private boolean lostPortRace() {
        return tail(3).contains(") is in use on ");
    }

    /**
     * Waits for the node's {@code run/ready.json}.
     *
     * @throws IllegalStateException when the node exits or is not ready in time, with the end of its output
     */
    public void awaitReady(long timeoutSeconds) throws IOException, InterruptedException {
        Path ready = data.resolve("run/ready.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            if (Files.isRegularFile(ready)) {
                try {
                    JsonNode r = Jackson.MAPPER.readTree(ready.toFile());
                    if (r.path("ports").path("admin").asInt(-1) > 0) {
                        client = AdminClient.at(URI.create("http://127.0.0.1:" + r.path("ports").path("admin").asInt() + "/"),
                                io.hutong.launcher.AdminToken.read(data.resolve(io.hutong.launcher.AdminToken.FILE)));
                        return;
                    }
                    throw new IllegalStateException("node " + id + " runs without an admin API (" + ready + ")");
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // written atomically, so this is a leftover being replaced: look again
                }
            }
            if (!process.isAlive()) {
                if (lostPortRace() && attempts < PORT_ATTEMPTS) {
                    // the data directory serves: untouched when the launcher found the port taken before the framework
                    // started, the node's own state when it was taken while the bundles started (OPS11): a restart
                    launch();
                    continue;
                }
                throw new IllegalStateException("node " + id + " did not start (exit status " + process.exitValue() + "):\n"
                        + tail(12));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + id + " not ready after " + timeoutSeconds + " s:\n" + tail(12));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until the node's status is UP. A node writes {@code ready.json} before the work a first start
     * does aside is over (the UAS signing key: seconds of one core for RSA-4096), and a benchmark that
     * started then would count that work as its own.
     *
     * @return null when the node is UP, else what was not UP when {@code timeoutSeconds} had passed
     */
    public String awaitUp(long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            AdminClient.Reply r = admin().get("v1/admin/status");
            JsonNode status = r.body() == null ? null : r.body().path("data");
            if (r.status() == 200 && "UP".equals(status.path("status").asText())) {
                return null;
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                return r.status() == 200 ? notUp(status) : "status answered " + r.status();
            }
            Thread.sleep(200);
        }
    }

    /** @return the layer checks and system-ready checks of a status that are not UP / OK */
    static String notUp(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.path("health").fields().forEachRemaining(layer -> layer.getValue().forEach(c -> {
            if (!"UP".equals(c.path("state").asText())) {
                out.add(layer.getKey() + "/" + c.path("name").asText() + " " + c.path("state").asText() + ": " + c.path("message").asText());
            }
        }));
        status.path("system_ready").forEach(c -> {
            if (!"OK".equals(c.path("status").asText())) {
                out.add(c.path("name").asText() + " " + c.path("status").asText());
            }
        });
        return out.isEmpty() ? "status " + status.path("status").asText() : String.join("; ", out);
    }

    /** @return the node id */
    public String id() {
        return id;
    }

    /** @return the node's data directory */
    public Path data() {
        return data;
    }

    /** @return where the node's {@code file://} storage keeps {@code <namespace>/<name>} (the runtime's default) */
    public Path storage() {
        return data.resolve("storage");
    }

    /** @return the file holding the node's console output */
    public Path output() {
        return output;
    }

    /** @return the node log */
    public Path log() {
        return data.resolve("logs/hutong.log");
    }

    /** @return the east-west port */
    public int eastWestPort() {
        return eastWest;
    }

    /** @return the PTP gRPC port */
    public int grpcPort() {
        return grpc;
    }

    /** @return the admin API client (after {@link #awaitReady}) */
    public AdminClient admin() {
        if (client == null) {
            throw new IllegalStateException("node " + id + " is not ready");
        }
        return client;
    }

    /** @return the node's process id */
    public long pid() {
        return process.pid();
    }

    /** @return CPU seconds the node's process has used so far, or -1 when the system does not tell */
    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

    /** @return true while the process runs */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** @return the exit status, or null while it runs */
    public Integer exitStatus() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    /**
     * Asks the node to stop (SIGTERM: it stops its bundles and exits), and kills it if it has not
     * exited within {@code seconds}.
     *
     * @return true when it stopped by itself
     */
    public boolean stop(long seconds) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        if (process.waitFor(seconds, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    /** @return the last {@code lines} lines of the node's console output, indented, or a note that it had none */
    public String tail(int lines) {
        try {
            if (!Files.isRegularFile(output)) {
                return "  (no output; the node log is " + log() + ")";
            }
            List<String> all = List.of(new String(Files.readAllBytes(output), StandardCharsets.UTF_8).split("\\R"));
            StringBuilder b = new StringBuilder();
            for (String l : all.subList(Math.max(0, all.size() - lines), all.size())) {
                b.append("  ").append(l).append('\n');
            }
            return b.toString().isBlank() ? "  (no output yet; the node log is " + log() + ")" : b.toString().stripTrailing();
        } catch (IOException e) {
            return "  (" + output + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** @return a port nobody listens on right now, on loopback */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
