/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The built distribution run as real processes with {@code bin/hutong start}, as the README tells operators.
 * A node start is the expensive part: the node without {@code --node-id} that runs beside alice as
 * "bob" in the first test is the one the second test restarts (it starts its own when run alone).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Outlives a test (an instance field's temporary directory does not): the node restarted by the second test lives here. */
    @TempDir
    static Path classTmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        // a node started through a terminal is a grandchild (script, bash, java): end it too
        started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        started.forEach(Process::destroyForcibly);
    }

    private Process start(Path data, String... flags) throws IOException {
        return startWithJavaOpts(data, "-Xmx512m", flags);
    }

    private Process startWithJavaOpts(Path data, String javaOpts, String... flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(NodeOptions.distribution().resolve("bin/hutong").toString(),
                "start", "--data", data.toString()));
        cmd.addAll(List.of(flags));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // the shipped distribution: its nodes make the RSA-4096 UAS key
        pb.environment().put("JAVA_OPTS", NodeProcess.rsaKeyJavaOpts(javaOpts));
        Process p = pb.redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".out").toFile()).start();
        started.add(p);
        return p;
    }

    /** @return whether {@code script(1)} (util-linux, BSD) can give a process a terminal */
    private static boolean canOpenATerminal() {
        return Files.isExecutable(Path.of("/usr/bin/script")) && Files.isExecutable(Path.of("/bin/bash"))
                && System.getProperty("os.name").startsWith("Linux");
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Starts a node as an operator does who types {@code bin/hutong start … &} into an interactive shell:
     * bash with job control on a pseudo-terminal ({@code script}), the node a background job whose
     * stdin and stdout are that terminal. The process returned is {@code script}; it ends with the
     * node's exit status. The node's pid is written to {@code <data>.pid}.
     */
    private Process startInTheBackgroundOfATerminal(Path data, String... flags) throws IOException {
        List<String> words = new ArrayList<>(List.of(NodeOptions.distribution().resolve("bin/hutong").toString(),
                "start", "--data", data.toString()));
        words.addAll(List.of(flags));
        String job = String.join(" ", words.stream().map(DistributionIT::quote).toList());
        Path pid = data.resolveSibling(data.getFileName() + ".pid");
        String shell = "set -m; " + job + " & echo $! > " + quote(pid.toString()) + "; wait $!";
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", "bash --norc --noprofile -i -c " + quote(shell), "/dev/null");
        pb.environment().put("JAVA_OPTS", NodeProcess.rsaKeyJavaOpts("-Xmx512m"));
        Process p = pb.redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".out").toFile()).start();
        started.add(p);
        return p;
    }

    /** @return the state letter of process {@code pid} in {@code /proc} (T: stopped), or "" when unknown */
    private static String processState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static JsonNode awaitReady(Path data, Process p) throws Exception {
        return NodeProcess.awaitReady(data, p, NodeProcess.text(data.resolveSibling(data.getFileName() + ".out")));
    }

    /** The node started without {@code --node-id}: its data directory, ports, generated id and console password. */
    private Path generatedData;
    private int generatedEw;
    private int generatedAdmin;
    private String generatedId;
    private String generatedPassword;

    /**
     * Starts a node without {@code --node-id} on a new data directory (asynchronously: {@code ready} waits for it)
     * and checks what its first start generates.
     */
    private Process startGenerated(String dir) throws IOException {
        return startGenerated(dir, false);
    }

    /** As {@link #startGenerated(String)}, as a background job of an interactive terminal when {@code inTerminal}. */
    private Process startGenerated(String dir, boolean inTerminal) throws IOException {
        generatedData = classTmp.resolve(dir);
        generatedEw = NodeOptions.freePort();
        generatedAdmin = NodeOptions.freePort();
        String[] flags = {"--port", "" + generatedEw, "--admin-port", "" + generatedAdmin};
        return inTerminal ? startInTheBackgroundOfATerminal(generatedData, flags) : start(generatedData, flags);
    }

    /** Waits for the node of {@link #startGenerated(String)} and checks its generated identity and credentials. */
    private JsonNode awaitGenerated(Process p) throws Exception {
        JsonNode ready = awaitReady(generatedData, p);
        generatedId = ready.path("node_id").asText();
        assertTrue(generatedId.startsWith("node-"), generatedId);
        assertEquals(generatedId, Http.get("http://127.0.0.1:" + generatedAdmin + "/v1/admin/status").json()
                .path("data").path("node_id").asText(), "the status names the generated id too");
        generatedPassword = Files.readString(generatedData.resolve("console-credentials.properties"));
        return ready;
    }

    private static String output(Path data) throws IOException {
        Path out = data.resolveSibling(data.getFileName() + ".out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private record Cli(int exit, String out) {
    }

    private static Cli cli(String... args) throws Exception {
        return cli(Map.of(), args);
    }

    private static Cli cli(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NodeOptions.distribution().resolve("bin/hutong").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Cli(p.exitValue(), printed);
    }

    private static int stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node stops within 60 s of SIGTERM");
        return p.exitValue();
    }

    @Test
    @Order(1)
    void twoNodesRunSideBySideAndStopCleanlyOnSigterm() throws Exception {
        Path a = tmp.resolve("alice");
        int aEw = NodeOptions.freePort();
        int aAdmin = NodeOptions.freePort();
        int aGrpc = NodeOptions.freePort();
        Process pa = start(a, "--node-id", "alice", "--port", "" + aEw, "--admin-port", "" + aAdmin, "--grpc-port", "" + aGrpc);
        // "bob": the node with a generated id that the next test restarts, started as "bin/hutong start ... &"
        // in an interactive terminal: the Gogo shell must not read the terminal, or the kernel stops the whole
        // node (Stopped (tty input)) and it never answers
        boolean terminal = canOpenATerminal();
        Process pb = startGenerated("generated", terminal);
        int bEw = generatedEw;
        int bAdmin = generatedAdmin;
        JsonNode ra = awaitReady(a, pa);
        JsonNode rb = awaitGenerated(pb);
        long bobPid = rb.path("pid").asLong();

        assertEquals("alice", ra.path("node_id").asText());
        assertEquals(aEw, ra.path("ports").path("east_west").asInt());
        assertEquals(aAdmin, ra.path("ports").path("admin").asInt());
        assertEquals(aGrpc, ra.path("ports").path("grpc").asInt(), "--grpc-port moves the PTP gRPC listener");
        assertEquals(bEw + 1, rb.path("ports").path("grpc").asInt(), "gRPC defaults to the east-west port + 1");
        assertEquals(pa.pid(), ra.path("pid").asLong());
        assertTrue(ra.path("ready_ms").asLong() > 0);
        assertEquals(generatedId, rb.path("node_id").asText());
        assertTrue(output(a).contains("Hutong node alice ready in "), output(a));

        Http.Reply health = Http.get("http://127.0.0.1:" + aEw + "/v1/interconn/node/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.json().path("data").path("status").asText());
        assertEquals(generatedId, Http.get("http://127.0.0.1:" + bAdmin + "/v1/admin/status").json()
                .path("data").path("node_id").asText());
        assertTrue(Files.exists(a.resolve("logs/hutong.log")), "the node logs under its data directory");

        // a first start makes the UAS key aside; the node is ready before it exists but not UP (HC2)
        Http.Reply up = Http.await("http://127.0.0.1:" + aAdmin + "/v1/admin/status", NodeProcess.START,
                x -> x.status() == 200 && "UP".equals(x.json().path("data").path("status").asText()));
        assertEquals("UP", up.json().path("data").path("status").asText(), up.body());
        // the CLI finds the running node through its ready.json, and its admin token in the data directory
        // (without the run's HUTONG_ADMIN_TOKEN: the file alone is enough)
        ProcessBuilder statusCommand = new ProcessBuilder(NodeOptions.distribution().resolve("bin/hutong").toString(),
                "status", "--data", a.toString()).redirectErrorStream(true);
        statusCommand.environment().remove("HUTONG_ADMIN_TOKEN");
        Process status = statusCommand.start();
        String printed = new String(status.getInputStream().readAllBytes());
        assertTrue(status.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, status.exitValue(), printed);
        assertTrue(printed.contains("node alice: UP"), printed);

        adminApiNeedsTheTokenAndSecretsAreOwnerOnly(a, Integer.parseInt(ra.path("ports").path("admin").asText()));

        // the task commands reach the node's component runtime
        Cli none = cli("task", "list", "--data", a.toString());
        assertEquals(0, none.exit(), none.out());
        assertTrue(none.out().contains("no tasks"), none.out());
        Cli unknown = cli("task", "start", "no_such_component", "--env", "config.task_id=t1", "--env", "config.self_role=guest.0",
                "--env", "config.node_id.guest.0=alice", "--env", "config.session_id=session_t1", "--data", a.toString());
        assertEquals(1, unknown.exit(), unknown.out());
        assertTrue(unknown.out().contains("failed: 400 no component no_such_component is registered on this node"), unknown.out());
        Cli incomplete = cli("task", "start", "no_such_component", "--env", "config.task_id=t1", "--data", a.toString());
        assertTrue(incomplete.out().contains("failed: 400 config.self_role is missing"), incomplete.out());
        Cli show = cli("task", "show", "t1", "--data", a.toString());
        assertEquals(1, show.exit(), show.out());
        assertTrue(show.out().contains("failed: 404 no task t1 on this node"), show.out());
        assertEquals(1, cli("task", "log", "t1", "--data", a.toString()).exit());

        assertEquals(0, stop(pa), "clean exit on SIGTERM: " + output(a));
        assertFalse(Files.exists(a.resolve("run/ready.json")), "ready.json is removed on stop");
        assertEquals(-1, Http.get("http://127.0.0.1:" + aEw + "/v1/interconn/node/health").status());
        // bob is unaffected by alice stopping
        assertEquals(200, Http.get("http://127.0.0.1:" + bEw + "/v1/interconn/node/health").status());
        if (terminal) {
            assertNotEquals("T", processState(bobPid), "bob, a background job of a terminal, still runs");
            ProcessHandle.of(bobPid).ifPresent(ProcessHandle::destroy); // SIGTERM to the node, not to script
            assertTrue(pb.waitFor(60, TimeUnit.SECONDS), "node stops within 60 s of SIGTERM");
            assertEquals(0, pb.exitValue(), "clean exit on SIGTERM: " + output(generatedData));
        } else {
            assertEquals(0, stop(pb));
        }
    }

    @Test
    void aTakenPortFailsTheStartAtOnceNamingTheFlag() throws Exception {
        Path data = tmp.resolve("taken");
        Files.createDirectories(data);
        try (java.net.ServerSocket other = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            // the case of the issue: the east-west port + 1, the default gRPC port, belongs to someone else
            int ew = other.getLocalPort() - 1;
            long begun = System.nanoTime();
            Process p = start(data, "--port", "" + ew, "--admin-port", "" + NodeOptions.freePort());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "no readiness wait: " + output(data));
            assertEquals(1, p.exitValue(), output(data));
            assertTrue(output(data).contains("hutong: port " + other.getLocalPort() + " (--grpc-port, by default --port + 1) is in use"),
                    output(data));
            assertFalse(output(data).contains("\tat "), "no stack trace: " + output(data));
            assertFalse(Files.exists(data.resolve("run/ready.json")));
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begun) < 120);
        }
    }

    @Test
    void aPortTakenAfterTheStartCheckedItFailsTheStartNamingTheFlag() throws Exception {
        // what failed a CI run: another program's server took a node's admin port between the launcher's port check
        // and the node's Jetty binding it; the node then waited 120 s for readiness, probing the stranger (404)
        Path data = tmp.resolve("taken-later");
        Files.createDirectories(data);
        int admin = NodeOptions.freePort();
        Process p = start(data, "--port", "" + NodeOptions.freePort(), "--admin-port", "" + admin);
        Path log = data.resolve("logs/hutong.log");
        NodeProcess.until("the launcher has checked its ports", NodeProcess.START,
                () -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("the node exited: " + output(data));
                    }
                    return Files.isRegularFile(log) && Files.readString(log).contains("ports free: ");
                }, ok -> ok);
        // a stranger that accepts connections on the admin port (and a backlog for the launcher's probes)
        try (java.net.ServerSocket stranger = new java.net.ServerSocket()) {
            stranger.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), admin), 50);
            assertTrue(p.waitFor(NodeProcess.START.toSeconds(), TimeUnit.SECONDS), "no readiness wait: " + output(data));
            assertEquals(1, p.exitValue(), output(data));
            assertTrue(output(data).contains("hutong: port " + admin + " (--admin-port) is in use on 127.0.0.1: another process took it"),
                    output(data));
            assertFalse(output(data).contains("\tat "), "no stack trace: " + output(data));
            assertFalse(Files.exists(data.resolve("run/ready.json")));
        }
    }

    @Test
    void aReferenceThatCannotBeFilledFailsTheStartNamingItButNoValue() throws Exception {
        // an installation of its own (etc/ is per installation), sharing the built bundles
        Path home = NodeOptions.installation(tmp.resolve("unfillable"));
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("admin-token"), Http.ADMIN_TOKEN + "\n");
        Files.writeString(home.resolve("etc/io.hutong.store.cfg"), "jdbc.user=$[env:HUTONG_ITEST_NO_SUCH_VARIABLE]\n"
                + "jdbc.password=$[secret:../admin-token]\n");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/hutong").toString(), "start", "--port", "" + NodeOptions.freePort(),
                "--admin-port", "" + NodeOptions.freePort());
        pb.environment().put("JAVA_OPTS", NodeProcess.javaOpts("-Xmx512m"));
        Process p = pb.redirectErrorStream(true).redirectOutput(tmp.resolve("unfillable.out").toFile()).start();
        started.add(p);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "no readiness wait");
        String out = Files.readString(tmp.resolve("unfillable.out"));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("io.hutong.store jdbc.user: environment variable HUTONG_ITEST_NO_SUCH_VARIABLE is not set"), out);
        assertTrue(out.contains("io.hutong.store jdbc.password: secret '../admin-token' names a file outside " + data.resolve("secrets")), out);
        assertFalse(out.contains(Http.ADMIN_TOKEN), "no secret in the output: " + out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
        assertFalse(Files.exists(data.resolve("felix-cache")), "no framework was started");
    }

    @Test
    void aReadyFileLeftByAKilledNodeIsIgnoredInOneLine() throws Exception {
        Path data = tmp.resolve("killed");
        Files.createDirectories(data.resolve("run"));
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(60, TimeUnit.SECONDS));
        // what "kill -9" leaves: the file names a process that no longer exists
        Files.writeString(data.resolve("run/ready.json"), "{\"node_id\":\"alice\",\"ports\":{\"east_west\":7304,\"admin\":"
                + NodeOptions.freePort() + "},\"pid\":" + gone.pid() + "}");
        Cli status = cli("status", "--data", data.toString());
        assertEquals(3, status.exit(), "no node answers: " + status.out());
        assertEquals("hutong: no running node: " + data.resolve("run/ready.json") + " is left over from process " + gone.pid()
                + ", which is not running (the node was killed or crashed); start the node again\n", status.out());
        Cli help = cli("start", "--help");
        assertEquals(0, help.exit(), help.out());
        assertTrue(help.out().startsWith("usage: hutong start"), help.out());
        // the script runs picocli's command line (decision CLI1): version, a usage error, the completion script
        Cli version = cli("--version");
        assertEquals(0, version.exit(), version.out());
        assertTrue(version.out().startsWith("hutong " + System.getProperty("hutong.version", "")), version.out());
        Cli unknown = cli("contract", "sign", "--data", data.toString());
        assertEquals(2, unknown.exit(), unknown.out());
        assertTrue(unknown.out().startsWith("hutong: unknown command 'contract sign'"), unknown.out());
        Process completion = new ProcessBuilder("bash", "-c", "source \"$0\" && complete -p hutong",
                NodeOptions.distribution().resolve("bin/hutong_completion").toString()).redirectErrorStream(true).start();
        String complete = new String(completion.getInputStream().readAllBytes());
        assertTrue(completion.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, completion.exitValue(), complete);
        assertTrue(complete.contains("hutong"), "bash completes hutong after sourcing bin/hutong_completion: " + complete);
    }

    /**
     * Issue 10, admin plane: no answer without credentials; the token file, the console login and
     * every configuration file holding a password are readable by the node's user only.
     */
    private void adminApiNeedsTheTokenAndSecretsAreOwnerOnly(Path data, int admin) throws Exception {
        String url = "http://127.0.0.1:" + admin;
        for (String[] call : new String[][] {{"PUT", "/v1/admin/routes/eve"}, {"POST", "/v1/admin/tasks"},
                {"POST", "/v1/admin/tee/access-keys"}, {"GET", "/v1/admin/status"}}) {
            Http.Reply r = Http.send(call[0], url + call[1], "application/json", "{\"address\":\"evil.example:1\"}".getBytes());
            assertEquals(401, r.status(), call[1] + ": " + r.body());
            assertEquals(401, r.json().path("code").asInt(), r.body());
            assertEquals(401, Http.send(call[0], url + call[1], "application/json", "{}".getBytes(),
                    "Authorization", "Bearer " + Http.ADMIN_TOKEN + "x").status(), "a wrong token is not ignored");
        }
        assertEquals(404, Http.get(url + "/v1/admin/routes/eve").status(), "nothing was stored");

        // --admin URL sends no data directory's token; --token-file names it
        Cli anonymous = cliWithoutToken("status", "--admin", url);
        assertEquals(1, anonymous.exit(), anonymous.out());
        assertTrue(anonymous.out().contains("refused the admin credentials"), anonymous.out());
        Cli withFile = cliWithoutToken("status", "--admin", url, "--token-file", data.resolve("admin-token").toString());
        assertEquals(0, withFile.exit(), withFile.out());

        // a route with a key-store password: stored by ConfigAdmin under data/config, never shown back
        Http.Reply put = Http.send("PUT", url + "/v1/admin/routes/carol", "application/json",
                "{\"address\":\"127.0.0.1:9\",\"tls\":{\"key_store_password\":\"s3cret-pw\"}}".getBytes(),
                "Authorization", "Bearer " + Http.ADMIN_TOKEN);
        assertEquals(200, put.status(), put.body());
        assertFalse(Http.get(url + "/v1/admin/routes").body().contains("s3cret-pw"));

        assertEquals("rwx------", mode(data), "the data directory");
        assertEquals("rwx------", mode(data.resolve("secrets")), "the secrets directory of $[secret:…] (FM3)");
        // real start levels: each bundle's is its feature's start order (FM4)
        java.util.Properties login = new java.util.Properties();
        try (var r = Files.newBufferedReader(data.resolve("console-credentials.properties"))) {
            login.load(r);
        }
        for (var expected : Map.of("org.apache.felix.configadmin.plugin.interpolation", 1, "org.apache.felix.gogo.runtime", 9,
                "io.hutong.management", 10, "org.apache.felix.fileinstall", 20).entrySet()) {
            Http.Reply b = Http.get(url + "/system/console/bundles/" + expected.getKey() + ".json",
                    login.getProperty("username"), login.getProperty("password"));
            assertEquals(200, b.status(), b.body());
            int level = -1;
            for (JsonNode prop : b.json().path("data").path(0).path("props")) {
                if ("Start Level".equals(prop.path("key").asText())) {
                    level = prop.path("value").asInt();
                }
            }
            assertEquals((int) expected.getValue(), level, expected.getKey() + ": " + b.body());
        }
        assertEquals("rw-------", mode(data.resolve("admin-token")));
        assertEquals("rw-------", mode(data.resolve("console-credentials.properties")));
        // the console login reached the web console (above) as $[secret:console-password]: ConfigAdmin stores the
        // reference, never the password (FM6)
        assertEquals(login.getProperty("password"), Files.readString(data.resolve("secrets/console-password")));
        assertEquals("rw-------", mode(data.resolve("secrets/console-password")));
        try (var files = Files.walk(data.resolve("config"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(mode(f).substring(3).contains("r"), f + " is " + mode(f));
                assertFalse(Files.readString(f).contains(login.getProperty("password")), f + " stores the console password");
            }
        }
    }

    private static String mode(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Cli cliWithoutToken(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NodeOptions.distribution().resolve("bin/hutong").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("HUTONG_ADMIN_TOKEN");
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Cli(p.exitValue(), printed);
    }

    @Test
    @Order(2)
    void aRestartedNodeKeepsItsIdentityAndRefusesAnotherId() throws Exception {
        if (generatedId == null || Files.exists(generatedData.resolve("run/ready.json"))) {
            // run alone (or the first test failed before stopping it): the first start is this test's own
            Process first = startGenerated("generated-here");
            awaitGenerated(first);
            assertEquals(0, stop(first));
        }
        Path data = generatedData;
        int ew = generatedEw;
        int admin = generatedAdmin;
        String generated = generatedId;
        String password = generatedPassword;

        Process second = start(data, "--port", "" + ew, "--admin-port", "" + admin);
        assertEquals(generated, awaitReady(data, second).path("node_id").asText());
        assertEquals(password, Files.readString(data.resolve("console-credentials.properties")),
                "console credentials are generated once");
        assertEquals(0, stop(second));

        Process renamed = startWithJavaOpts(data, "-Xmx512m -Dhutong.ready.timeout=15",
                "--node-id", "someone-else", "--port", "" + ew, "--admin-port", "" + admin);
        assertTrue(renamed.waitFor(90, TimeUnit.SECONDS), "a node with a conflicting id gives up");
        assertNotEquals(0, renamed.exitValue());
        assertTrue(output(data).contains("node identity"), output(data));
        assertTrue(Files.readString(data.resolve("logs/hutong.log")).contains("belongs to node " + generated),
                "the log says why");
    }

    @Test
    void anOperatorsEtcConfigurationIsInForceFromTheFirstStart() throws Exception {
        String url = System.getenv("HUTONG_TEST_PG_URL");
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(url != null, "CI must provide HUTONG_TEST_PG_URL (.ci/run)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null, "no PostgreSQL: set HUTONG_TEST_PG_URL, _USER, _PASSWORD");
        String schema = "dist_" + Long.toHexString(System.nanoTime());
        try (var c = java.sql.DriverManager.getConnection(url, System.getenv("HUTONG_TEST_PG_USER"),
                System.getenv("HUTONG_TEST_PG_PASSWORD")); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        // an installation of its own (etc/ is per installation), sharing the built bundles
        Path home = NodeOptions.installation(tmp.resolve("home"));
        // the user from the environment and the password from a secret file, filled by ConfigAdmin's
        // interpolation plugin (FM3): what ConfigAdmin stores under data/config keeps the references
        Files.writeString(home.resolve("etc/io.hutong.store.cfg"),
                "jdbc.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "\n"
                + "jdbc.user=$[env:HUTONG_TEST_PG_USER]\n"
                + "jdbc.password=$[secret:db-password]\n");
        Path data = home.resolve("data");
        Files.createDirectories(data.resolve("secrets"));
        Files.writeString(data.resolve("secrets/db-password"), System.getenv("HUTONG_TEST_PG_PASSWORD") + "\n");
        int ew = NodeOptions.freePort();
        int admin = NodeOptions.freePort();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/hutong").toString(), "start", "--node-id", "pg-node",
                "--port", "" + ew, "--admin-port", "" + admin);
        pb.environment().put("JAVA_OPTS", NodeProcess.javaOpts("-Xmx512m"));
        pb.environment().remove("HUTONG_JDBC_URL");
        Process p = pb.redirectErrorStream(true).redirectOutput(tmp.resolve("data.out").toFile()).start();
        started.add(p);
        NodeProcess.awaitReady(data, p, NodeProcess.text(tmp.resolve("data.out")));
        JsonNode status = Http.get("http://127.0.0.1:" + admin + "/v1/admin/status").json().path("data");
        String dialect = "";
        for (JsonNode h : status.path("health").path("core")) {
            if ("database".equals(h.path("name").asText())) {
                dialect = h.path("details").path("dialect").asText();
            }
        }
        assertEquals("postgresql", dialect);
        assertFalse(Files.exists(data.resolve("db")), "no H2 database was ever opened");
        String stored = Files.readString(data.resolve("config/io/hutong/store.config"));
        assertTrue(stored.contains("$[secret:db-password]"), stored);
        assertFalse(stored.contains("password=\"" + System.getenv("HUTONG_TEST_PG_PASSWORD")), stored);
        try (var c = java.sql.DriverManager.getConnection(url, System.getenv("HUTONG_TEST_PG_USER"),
                System.getenv("HUTONG_TEST_PG_PASSWORD")); var st = c.createStatement();
             var rs = st.executeQuery("SELECT node_id FROM " + schema + ".node_identity")) {
            assertTrue(rs.next());
            assertEquals("pg-node", rs.getString(1));
        }
        assertEquals(0, stop(p));
    }

    /**
     * A command other than start, demo and bench runs on the client compiler and the serial collector (START7);
     * an operator's JAVA_OPTS naming another collector must not make the JVM refuse two collectors.
     */
    @Test
    void commandsRunWhateverCollectorJavaOptsName() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-node"));
        for (String opts : List.of("", "-XX:+UseG1GC -Xmx128m", "-XX:+UseParallelGC", "-XX:+UseSerialGC -XX:+PrintCommandLineFlags")) {
            Cli c = cli(Map.of("JAVA_OPTS", opts), "status", "--data", empty.toString());
            assertEquals(3, c.exit(), "JAVA_OPTS=" + opts + ": " + c.out());
            assertTrue(c.out().contains("hutong: no running node: " + empty.resolve("run/ready.json") + " does not exist"), c.out());
        }
        Cli flags = cli(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "status", "--data", empty.toString());
        assertTrue(flags.out().contains("-XX:TieredStopAtLevel=1") && flags.out().contains("-XX:+UseSerialGC"), flags.out());
        Cli node = cli(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "start", "--port", "not-a-port");
        assertEquals(2, node.exit(), node.out());
        assertTrue(node.out().contains("-XX:+PrintCommandLineFlags") && !node.out().contains("TieredStopAtLevel"),
                "a node keeps the full JIT: " + node.out());
    }

    @Test
    void badFlagsAreRefusedWithUsage() throws Exception {
        Path data = tmp.resolve("bad");
        Files.createDirectories(data);
        Process p = start(data, "--port", "not-a-port");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(output(data).contains("--port must be a port number"), output(data));
        Process q = start(data, "--colour", "blue");
        assertTrue(q.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, q.exitValue());
        assertTrue(output(data).contains("unknown flag --colour"), output(data));
    }

    @Test
    void benchTransportMeasuresTwoNodesAgainstRawGrpcAndCleansUp() throws Exception {
        Path out = tmp.resolve("bench.out");
        ProcessBuilder bench = new ProcessBuilder(NodeOptions.testHome().resolve("bin/hutong").toString(), "bench", "transport",
                "--seconds", "1", "--sizes", "1k", "--warmup", "1");
        // its nodes may take minutes to start on a loaded CI machine (TESTS1)
        bench.environment().put("JAVA_OPTS", NodeProcess.javaOpts("-Xmx1g -Dhutong.bench.start.timeout=" + NodeProcess.START.toSeconds()));
        Process p = bench.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the benchmark ends");
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), text);
        // e.g. "1 KiB    hutong grpc    0.9    870    1.05    3.10    1.0    0.41    2.10" (the warm-up's seconds before the ratios)
        java.util.regex.Pattern figure = java.util.regex.Pattern.compile("(?m)^1 KiB\\s+(raw grpc-java echo|hutong grpc|hutong http \\(protobuf\\))"
                + "\\s+([0-9.]+)\\s+([0-9]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)(\\s+([0-9.]+)\\s+([0-9.]+))?\\s*$");
        java.util.regex.Matcher m = figure.matcher(text);
        List<String> paths = new ArrayList<>();
        while (m.find()) {
            paths.add(m.group(1));
            // a loaded machine may move little, but something: MB/s is printed with two decimals
            assertTrue(Double.parseDouble(m.group(2)) >= 0 && Long.parseLong(m.group(3)) > 0, "throughput measured: " + m.group());
            assertTrue(Double.parseDouble(m.group(4)) > 0 && Double.parseDouble(m.group(5)) >= Double.parseDouble(m.group(4)),
                    "p50 <= p99: " + m.group());
            assertTrue(Double.parseDouble(m.group(6)) >= 1.0, "--warmup 1 ran the path a second before it was measured: " + m.group());
            assertEquals(m.group(1).startsWith("hutong"), m.group(7) != null, "hutong lines carry the ratios: " + m.group());
        }
        assertEquals(List.of("raw grpc-java echo", "hutong grpc", "hutong http (protobuf)"), paths, text);
        // the baseline is measured once the fresh JVMs have stopped compiling their start, or it says they had not
        assertTrue(java.util.regex.Pattern.compile("echo [0-9]+; the processes were (idle [0-9.]+ s after ready|still busy after 60 s)")
                .matcher(text).find(), text);
        java.util.regex.Matcher dir = java.util.regex.Pattern.compile("on loopback \\(([^)]+)\\)").matcher(text);
        assertTrue(dir.find(), text);
        assertFalse(Files.exists(Path.of(dir.group(1))), "the nodes' temporary directory is removed");

        Process bad = new ProcessBuilder(NodeOptions.distribution().resolve("bin/hutong").toString(), "bench", "transport",
                "--sizes", "1t").redirectErrorStream(true).redirectOutput(tmp.resolve("bad.out").toFile()).start();
        started.add(bad);
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue());
        assertTrue(Files.readString(tmp.resolve("bad.out")).contains("bad size 1t"), Files.readString(tmp.resolve("bad.out")));
    }

    @Test
    void benchStartRestartsANodeAndPrintsTheMedianReadyTimeAndIdleMemory() throws Exception {
        Path out = tmp.resolve("bench-start.out");
        Path dir = tmp.resolve("bench-start");
        ProcessBuilder bench = new ProcessBuilder(NodeOptions.testHome().resolve("bin/hutong").toString(), "bench", "start",
                "--runs", "1", "--dir", dir.toString());
        bench.environment().put("JAVA_OPTS", NodeProcess.javaOpts("-Xmx384m"));
        Process p = bench.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the benchmark ends");
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("first start (creates the data directory): ready in"), text);
        java.util.regex.Matcher run = java.util.regex.Pattern.compile("start 1: ready in +([0-9,]+) ms +idle RSS +([0-9,]+) KiB")
                .matcher(text);
        assertTrue(run.find(), text);
        long ready = Long.parseLong(run.group(1).replace(",", ""));
        long rss = Long.parseLong(run.group(2).replace(",", ""));
        assertTrue(ready > 0 && rss > 10_000, "a start takes time and a node holds memory: " + run.group());
        assertTrue(text.contains("median of 1: ready in " + run.group(1) + " ms, idle RSS " + run.group(2) + " KiB"), text);
        // where the time went: the node's start phases, as it wrote them to ready.json, and its slowest bundles
        assertTrue(java.util.regex.Pattern.compile("start 1: .*\\(launcher [0-9,]+ ms, install [0-9,]+ ms, bundles [0-9,]+ ms, "
                + "readiness [0-9,]+ ms\\)").matcher(text).find(), text);
        assertTrue(text.contains("slowest bundles (ms, with their components): {\"io.hutong."), text);
        // each plane's REST application is built once, after the last start level, not at every resource that
        // registers while the bundles start (START2): count the builds of the measured start in the node's log
        List<String> log = Files.readAllLines(dir.resolve("bench/logs/hutong.log"));
        int from = -1;
        int to = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains("org.apache.felix.http Started Jetty")) {
                from = i;
            } else if (log.get(i).contains("NodeRuntime start phases:")) {
                to = i;
            }
        }
        assertTrue(from >= 0 && to > from, "the measured start's log lines: the listeners up, then the phases");
        long builds = log.subList(from, to).stream().filter(l -> l.contains("Added content hutong.content-type to application")).count();
        // two: one per plane (east-west, admin); one more was seen once in the test installation, most likely a
        // component configured from its etc/ (UAS SM2) after the start, re-registering. Before START2: twelve.
        assertTrue(builds >= 2 && builds <= 3, builds + " application builds after the listeners came up:\n"
                + String.join("\n", log.subList(from, to)));
        assertTrue(Files.isDirectory(dir.resolve("bench/run")), "a --dir given is kept");
        assertFalse(Files.exists(dir.resolve("bench/run/ready.json")), "the node was stopped cleanly: " + text);
    }
}
