/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ECDH-PSI run behind {@code hutong demo} and {@code hutong bench psi}: two nodes of this
 * installation (alice, bob) as child processes on loopback, routed to each other, a seeded dataset
 * in each node's storage, the PSI task started on both through the admin API with the environment
 * contract of spec 30, progress while it runs, and each party's result checked row by row against
 * the intersection known from the generator. The nodes are stopped at the end, on failure and on
 * Ctrl-C.
 */
public final class TwoNodePsi implements AutoCloseable {

    /** The component's {@code componentName}, as the ECDH-PSI bundle registers it. */
    static final String COMPONENT = "ecdh_psi";
    /** Input and output names of the reference container ({@code runtime.component.input.train_data}). */
    static final String DATA = "train_data";
    static final String ALICE_ROLE = "guest.0";
    static final String BOB_ROLE = "host.0";

    /**
     * What to run.
     *
     * @param rows       rows of each dataset
     * @param overlap    share of ids in both datasets
     * @param seed       dataset seed
     * @param curve      {@code curve25519} or {@code sm2}
     * @param protocol   how the nodes reach each other: {@code grpc} or {@code http}
     * @param dir        work directory, or null for a new temporary one
     * @param keep       keep the work directory at the end
     * @param timeout    seconds the task may take (after both nodes are ready)
     * @param startLimit seconds a node may take to become ready
     * @param direct     start the task on both nodes by hand (the admin task API) instead of through the governed flow
     *                   and the scheduler
     * @param settle     wait for both nodes to be UP before the task starts (a benchmark: the work a first start
     *                   does aside, such as making the UAS key, is not the task's)
     */
    public record Options(int rows, double overlap, long seed, String curve, String protocol, Path dir, boolean keep,
                          long timeout, long startLimit, boolean direct, boolean settle) {
    }

    /**
     * One party's outcome.
     *
     * @param node    node id
     * @param role    its role in the task
     * @param rows    its input rows
     * @param matched rows of its result (the intersection)
     * @param seconds from the task's start to its end as the node reports them
     * @param report  the component's JSON report beside the result, or a missing node when it wrote none
     * @param cpu     CPU seconds the node's process used while the task ran, -1 when unknown
     */
    public record Party(String node, String role, int rows, int matched, double seconds, JsonNode report, double cpu) {
        /** @return own items per second of task time */
        public double itemsPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }

        /** @return own items per CPU second the node used during the task, 0 when unknown */
        public double itemsPerCpuSecond() {
            return cpu > 0 ? rows / cpu : 0;
        }
    }

    /**
     * The outcome of a run that succeeded and matched the known intersection.
     *
     * @param intersection the size of the intersection
     * @param seconds      wall time from starting the tasks until both had ended
     * @param alice        alice's figures
     * @param bob          bob's figures
     */
    public record Result(int intersection, double seconds, Party alice, Party bob) {
        /** @return items per second per party over the wall time */
        public double itemsPerSecond() {
            return seconds > 0 ? Math.max(alice.rows(), bob.rows()) / seconds : 0;
        }
    }

    /** A run that failed, with the message for the operator. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private final Path home;
    private final Options options;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final Path dir;
    private final boolean ownDir;
    private final Thread hook;
    private volatile LocalNode alice;
    private volatile LocalNode bob;
    private volatile boolean closed;
    private volatile boolean interrupted;
    private boolean cleaned;
    private volatile boolean failed;
    /** Where a party's result lies in its storage, by task id and role (named by hand, or by the scheduler). */
    private java.util.function.BinaryOperator<String> outputs = TwoNodePsi::output;

    /** Creates the work directory and arms the Ctrl-C handler; {@link #run} does the rest. */
    public TwoNodePsi(Path home, Options options, PrintStream out) throws IOException {
        this.home = home;
        this.options = options;
        this.out = out;
        this.ownDir = options.dir() == null;
        this.dir = ownDir ? Files.createTempDirectory("hutong-demo-") : Files.createDirectories(options.dir().toAbsolutePath());
        this.hook = new Thread(() -> {
            if (!closed) {
                interrupted = true;
                out.println();
                out.println("interrupted: stopping the nodes");
                out.flush();
                stopNodes();
                cleanUp();
            }
        }, "hutong-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return the work directory (node data, outputs, datasets) */
    public Path dir() {
        return dir;
    }

    /** @return the nodes, once started (for the benchmark's status questions) */
    LocalNode alice() {
        return alice;
    }

    /**
     * Runs the whole thing.
     *
     * @throws Failure with the reason when any step fails (the nodes are stopped by {@link #close()})
     */
    public Result run() throws Exception {
        return run(1).get(0);
    }

    /**
     * Starts the nodes once and runs the task {@code runs} times on them, one after the other, each on the same
     * datasets with a new task id. Only the first run meets nodes that have never run the task: the JVM compiles
     * the component's code during it, which a node that has run it before no longer does.
     *
     * @throws Failure with the reason when any step fails (the nodes are stopped by {@link #close()})
     */
    public List<Result> run(int runs) throws Exception {
        if (runs < 1 || runs > 1 && !options.direct()) {
            throw new IllegalArgumentException("runs must be 1, or more with tasks started directly; got " + runs);
        }
        try {
            PsiDatasets data = setUp();
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                if (runs > 1) {
                    out.printf("run %d of %d%s%n", i + 1, runs, i == 0 ? " (nodes that have not run the task before)" : "");
                }
                results.add(task(data));
            }
            return results;
        } catch (Failure | RuntimeException | IOException e) {
            // an interrupted run is cleaned up like a finished one: the operator asked for it to end
            failed = !interrupted;
            throw e instanceof Failure f ? f : new Failure(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Writes the datasets, starts both nodes and routes them to each other. */
    private PsiDatasets setUp() throws Exception {
        long t0 = System.nanoTime();
        PsiDatasets data = PsiDatasets.generate(options.rows(), options.overlap(), options.seed());
        // the nodes start while the datasets are written: both take a while, on different resources
        alice = LocalNode.start(home, dir, "alice");
        bob = LocalNode.start(home, dir, "bob");
        data.writeAlice(alice.storage().resolve("demo/alice.csv"));
        data.writeBob(bob.storage().resolve("demo/bob.csv"));
        out.printf("datasets: alice %,d rows, bob %,d rows, %,d ids in both (seed %d) in %s%n", data.aliceRows(),
                data.bobRows(), data.common(), options.seed(), dir);
        try {
            alice.awaitReady(options.startLimit());
            bob.awaitReady(options.startLimit());
        } catch (IllegalStateException e) {
            throw new Failure(e.getMessage());
        }
        out.printf(Locale.ROOT, "nodes: alice and bob ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (options.settle()) {
            for (LocalNode n : new LocalNode[] {alice, bob}) {
                String notUp = n.awaitUp(options.startLimit());
                if (notUp != null) {
                    out.printf("  warning: %s is not UP (%s); its figures include that work%n", n.id(), notUp);
                }
            }
            out.printf(Locale.ROOT, "nodes: alice and bob UP in %.1f s (what a first start makes aside, such as the UAS key, is made)%n",
                    (System.nanoTime() - t0) / 1e9);
        }
        for (LocalNode n : new LocalNode[] {alice, bob}) {
            out.printf("  %-5s pid %d, east-west 127.0.0.1:%d, gRPC %d, log %s%n", n.id(), n.pid(), n.eastWestPort(), n.grpcPort(),
                    dir.relativize(n.log()));
        }

        route(alice, bob);
        route(bob, alice);
        out.printf("routes: alice -> bob, bob -> alice over %s%n", options.protocol());

        return data;
    }

    /** Runs the task once on both nodes and checks both results against the known intersection. */
    private Result task(PsiDatasets data) throws Exception {
        GovernedJob governed = options.direct() ? null : new GovernedJob(alice, bob, out, options.curve());
        String taskId;
        double aliceCpu;
        double bobCpu;
        long started;
        if (governed == null) {
            taskId = "psi-demo-" + Long.toHexString(System.currentTimeMillis()) + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
            aliceCpu = alice.cpuSeconds();
            bobCpu = bob.cpuSeconds();
            started = System.nanoTime();
            startTask(alice, taskId, ALICE_ROLE, "alice.csv");
            startTask(bob, taskId, BOB_ROLE, "bob.csv");
            out.printf("task %s: %s on alice (%s) and bob (%s), %s, result to both%n", taskId, COMPONENT, ALICE_ROLE, BOB_ROLE,
                    options.curve());
        } else {
            governed.prepare();
            aliceCpu = alice.cpuSeconds();
            bobCpu = bob.cpuSeconds();
            started = System.nanoTime();
            governed.create();
            taskId = governed.awaitTask();
            out.printf("job %s: task %s (%s) on alice (%s) and bob (%s), %s, scheduled by alice%n", governed.jobId, GovernedJob.TASK,
                    taskId, ALICE_ROLE, BOB_ROLE, options.curve());
        }
        this.outputs = governed == null ? TwoNodePsi::output : governed::output;

        JsonNode[] ended = await(taskId, started);
        double seconds = (System.nanoTime() - started) / 1e9;
        aliceCpu = aliceCpu < 0 ? -1 : alice.cpuSeconds() - aliceCpu;
        bobCpu = bobCpu < 0 ? -1 : bob.cpuSeconds() - bobCpu;
        if (terminal) {
            out.println();
        }

        String aliceDiff = PsiDatasets.compare("alice", alice.storage().resolve(outputs.apply(taskId, ALICE_ROLE)), data.expectedAlice());
        String bobDiff = PsiDatasets.compare("bob", bob.storage().resolve(outputs.apply(taskId, BOB_ROLE)), data.expectedBob());
        if (aliceDiff != null || bobDiff != null) {
            throw new Failure("wrong result: " + (aliceDiff != null ? aliceDiff : "") + (aliceDiff != null && bobDiff != null ? "; " : "")
                    + (bobDiff != null ? bobDiff : ""));
        }
        out.printf("results: alice and bob each hold the %,d rows of the known intersection, in input order%n", data.common());
        if (governed != null) {
            governed.awaitFinished();
            out.printf("job %s FINISHED: see it with  hutong job show %s  (on alice's node)%n", governed.jobId, governed.jobId);
        }
        return new Result(data.common(), seconds,
                new Party("alice", ALICE_ROLE, data.aliceRows(), data.common(), taskSeconds(ended[0]), report(alice, taskId, ALICE_ROLE),
                        aliceCpu),
                new Party("bob", BOB_ROLE, data.bobRows(), data.common(), taskSeconds(ended[1]), report(bob, taskId, BOB_ROLE),
                        bobCpu));
    }

    /** @return the report the component wrote beside the result ({@code <result>.report.json}), or a missing node */
    private JsonNode report(LocalNode node, String taskId, String role) {
        Path file = node.storage().resolve(outputs.apply(taskId, role) + ".report.json");
        try {
            return Files.isRegularFile(file) ? Jackson.MAPPER.readTree(file.toFile()) : Jackson.MAPPER.missingNode();
        } catch (IOException e) {
            return Jackson.MAPPER.missingNode();
        }
    }

    private void route(LocalNode on, LocalNode to) throws Exception {
        int port = "grpc".equals(options.protocol()) ? to.grpcPort() : to.eastWestPort();
        Map<String, String> body = Map.of("address", "127.0.0.1:" + port, "protocol", options.protocol(), "mode", "encapsulation");
        AdminClient.Reply r = on.admin().put("v1/admin/routes/" + to.id(), body);
        if (!r.ok()) {
            throw new Failure("route " + on.id() + " -> " + to.id() + " refused: " + r.status() + " " + r.msg());
        }
    }

    /** @return {@code <namespace>/<name>} of a party's result, as the output identifier names it */
    static String output(String taskId, String role) {
        return "demo-" + role.replace('.', '-') + "/" + taskId + "-result.csv";
    }

    /** @return the environment contract (spec 30 §3) of one party's task */
    Map<String, String> environment(String taskId, String role, String input) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("config.task_id", taskId);
        env.put("config.session_id", "session_" + taskId);
        env.put("config.trace_id", "trace_" + taskId);
        env.put("config.token", "token_" + taskId);
        env.put("config.self_role", role);
        env.put("config.node_id." + ALICE_ROLE, "alice");
        env.put("config.node_id." + BOB_ROLE, "bob");
        env.put("config.inst_id." + ALICE_ROLE, "alice");
        env.put("config.inst_id." + BOB_ROLE, "bob");
        env.put("runtime.component.name", COMPONENT);
        String p = "runtime.component.parameter.";
        env.put(p + "field_names", PsiDatasets.KEY);
        env.put(p + "result_to_rank", "-1");
        env.put(p + "curve_type", options.curve());
        if (!"curve25519".equals(options.curve())) {
            // SM2's first suite of decision P2; curve25519's is the component's default
            env.put(p + "hash_type", "sha_256");
            env.put(p + "hash2curve_strategy", "try_and_rehash");
            env.put(p + "point_octet_format", "x962_compressed");
        }
        env.put("runtime.component.input." + DATA, json(Map.of("namespace", "demo", "name", input)));
        String[] out = output(taskId, role).split("/", 2);
        env.put("runtime.component.output." + DATA, json(Map.of("namespace", out[0], "name", out[1])));
        return env;
    }

    private static String json(Map<String, String> m) {
        try {
            return Jackson.MAPPER.writeValueAsString(new java.util.TreeMap<>(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startTask(LocalNode node, String taskId, String role, String input) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("component", COMPONENT);
        body.put("env", environment(taskId, role, input));
        AdminClient.Reply r = node.admin().post("v1/admin/tasks", body);
        if (!r.ok()) {
            throw new Failure(node.id() + " did not start the task: " + (r.status() == 404 && r.msg().contains("endpoint")
                    ? "the node has no task API (POST /v1/admin/tasks answered 404: is the component runtime in its profile?)"
                    : r.status() + " " + r.msg()));
        }
    }

    /** Polls both tasks until both ended; @return their last status. */
    private JsonNode[] await(String taskId, long started) throws Exception {
        long deadline = started + options.timeout() * 1_000_000_000L;
        JsonNode a = null;
        JsonNode b = null;
        String lastLine = "";
        long lastPrinted = 0;
        while (true) {
            a = poll(alice, taskId);
            b = poll(bob, taskId);
            for (JsonNode s : new JsonNode[] {a, b}) {
                if ("FAILED".equals(state(s))) {
                    LocalNode n = s == a ? alice : bob;
                    LocalNode other = s == a ? bob : alice;
                    JsonNode o = s == a ? b : a;
                    throw new Failure("the task FAILED on " + n.id() + ": " + s.path("reason").asText("(no reason given)")
                            + ("FAILED".equals(state(o)) ? "\n  on " + other.id() + ": "
                            + o.path("reason").asText("(no reason given)") : "")
                            + logTail(n, taskId));
                }
            }
            boolean done = "SUCCESS".equals(state(a)) && "SUCCESS".equals(state(b));
            long now = System.nanoTime();
            String line = String.format(Locale.ROOT, "  alice %3.0f%% %-12s bob %3.0f%% %-12s %5.1f s",
                    100 * a.path("progress").asDouble(), a.path("stage").asText(""),
                    100 * b.path("progress").asDouble(), b.path("stage").asText(""), (now - started) / 1e9);
            if (terminal) {
                out.print("\r" + line);
                out.flush();
            } else if (done || now - lastPrinted > 5_000_000_000L || !stages(line).equals(stages(lastLine))) {
                out.println(line);
                lastPrinted = now;
            }
            lastLine = line;
            if (done) {
                return new JsonNode[] {a, b};
            }
            if (now > deadline) {
                throw new Failure("the task did not end within " + options.timeout() + " s (--timeout): alice "
                        + state(a) + " at " + a.path("stage").asText() + ", bob " + state(b)
                        + " at " + b.path("stage").asText());
            }
            Thread.sleep(500);
        }
    }

    /** @return the task's state: {@code status} as the admin API names it ({@code state} accepted too) */
    static String state(JsonNode status) {
        return status.hasNonNull("status") ? status.path("status").asText() : status.path("state").asText();
    }

    private static String stages(String line) {
        // the stage names without the figures, so a line is printed when a stage changes
        return line.replaceAll("[0-9.]+ ?%?s?", "");
    }

    private JsonNode poll(LocalNode node, String taskId) throws Exception {
        if (interrupted) {
            throw new Failure("interrupted");
        }
        if (!node.alive()) {
            throw new Failure("node " + node.id() + " stopped during the task (exit status " + node.exitStatus() + "):\n"
                    + node.tail(12));
        }
        AdminClient.Reply r;
        try {
            r = node.admin().get("v1/admin/tasks/" + taskId);
        } catch (IOException e) {
            throw new Failure("node " + node.id() + " does not answer: " + e.getMessage());
        }
        if (!r.ok()) {
            throw new Failure(node.id() + " cannot tell the task's status: " + r.status() + " " + r.msg());
        }
        return r.data();
    }

    private String logTail(LocalNode node, String taskId) {
        try {
            String log = node.admin().text("v1/admin/tasks/" + taskId + "/log");
            if (log == null || log.isBlank()) {
                return "";
            }
            List<String> lines = List.of(log.split("\\R"));
            StringBuilder b = new StringBuilder("\n  last lines of the task log on " + node.id() + ":");
            lines.subList(Math.max(0, lines.size() - 8), lines.size()).forEach(l -> b.append("\n    ").append(l));
            return b.toString();
        } catch (Exception e) {
            return "";
        }
    }

    /** @return seconds between the task's {@code started} and {@code ended}, 0 when the node did not say */
    static double taskSeconds(JsonNode status) {
        Double s = instant(status.path("started"));
        Double e = instant(status.path("ended"));
        return s == null || e == null ? 0 : Math.max(0, e - s);
    }

    /** @return an instant as epoch seconds, from ISO text or a number of seconds (Jackson's two ways) */
    private static Double instant(JsonNode n) {
        if (n.isNumber()) {
            double v = n.asDouble();
            return v > 1e11 ? v / 1000 : v; // milliseconds, when a number this large
        }
        if (n.isTextual()) {
            try {
                Instant i = Instant.parse(n.asText());
                return i.getEpochSecond() + i.getNano() / 1e9;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** Stops both nodes and removes the work directory unless kept (kept after a failure, to read the logs). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopNodes();
        cleanUp();
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or ran already
        }
    }

    private synchronized void stopNodes() {
        for (LocalNode n : new LocalNode[] {alice, bob}) {
            if (n != null && n.alive()) {
                try {
                    if (!n.stop(60)) {
                        out.println("node " + n.id() + " did not stop within 60 s of SIGTERM and was killed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private synchronized void cleanUp() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (options.keep() || failed) {
            out.println((failed && !options.keep() ? "kept for inspection: " : "kept: ") + dir);
            return;
        }
        if (ownDir) {
            delete(dir);
        }
    }

    /** Removes a directory tree the command made; a leftover is not worth failing for. */
    static void delete(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing a successful run for
        }
    }
}
