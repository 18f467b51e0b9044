/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.hutong.transport.client.PtpClient;
import io.hutong.transport.client.PtpClientException;
import io.hutong.transport.client.PtpSession;

/**
 * The transport benchmark behind {@code bin/hutong bench transport}: two nodes of an installation
 * started on loopback as separate processes (alice and bob, routed to each other), a container
 * (this process, through {@link PtpClient}) pushing on alice for bob and popping on bob, over gRPC
 * and over HTTP, for each message size; and in the same run a raw grpc-java echo between this
 * process and a plain grpc-java process as the baseline. Prints MB/s, msgs/s, p50/p99 push→pop
 * latency and the ratios Hutong/raw.
 */
public final class TransportBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One measured figure. */
    record Result(int size, long messages, double seconds, List<Double> latenciesMs, double warmSeconds) {
        Result(int size, long messages, double seconds, List<Double> latenciesMs) {
            this(size, messages, seconds, latenciesMs, 0);
        }

        Result warmedFor(double warm) {
            return new Result(size, messages, seconds, latenciesMs, warm);
        }

        double mbPerS() {
            return (double) size * messages / seconds / 1e6;
        }

        double msgsPerS() {
            return messages / seconds;
        }

        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(sorted.size() * p) - 1)));
        }
    }

    /** The options of the command line. */
    record Options(Path home, double seconds, List<Integer> sizes, List<String> protocols, boolean httpJson, boolean keep,
                   int concurrency, double warmup) {
        Options(Path home, double seconds, List<Integer> sizes, List<String> protocols, boolean httpJson, boolean keep) {
            this(home, seconds, sizes, protocols, httpJson, keep, 1, WARMUP_AUTO);
        }
    }

    /** {@code --warmup auto}: each path runs until the JIT of the processes has settled (see {@link #warmUp}). */
    static final double WARMUP_AUTO = -1;
    /** The longest an automatic warm-up runs for one figure. */
    static final double WARMUP_LIMIT_SECONDS = 60;

    /** The most sessions (and raw calls) at once {@code --concurrency} takes: each is two threads here. */
    static final int MAX_CONCURRENCY = 256;

    private final Options options;
    private final PrintStream out;
    private final List<Process> processes = new ArrayList<>();

    TransportBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        try {
            new TransportBenchmark(o, System.out).run();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e.getMessage());
            System.exit(1);
        }
    }

    static String usage() {
        return "bench transport [--seconds 3] [--sizes 1k,64k,1m] [--protocols grpc,http] [--http-body protobuf|json]"
                + " [--concurrency N] [--warmup auto|SECONDS] [--keep]";
    }

    static Options parse(List<String> args) {
        Path home = Path.of(System.getProperty("hutong.home", "."));
        double seconds = 3;
        List<Integer> sizes = List.of(1024, 64 * 1024, 1024 * 1024);
        List<String> protocols = List.of("grpc", "http");
        boolean json = false;
        boolean keep = false;
        int concurrency = 1;
        double warmup = WARMUP_AUTO;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--home" -> home = Path.of(value(args, ++i, a));
                case "--seconds" -> {
                    try {
                        seconds = Double.parseDouble(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seconds needs a number, not " + args.get(i));
                    }
                    if (!(seconds > 0 && seconds <= 3600)) {
                        throw new IllegalArgumentException("--seconds must be above 0 and at most 3600");
                    }
                }
                case "--sizes" -> sizes = Stream.of(value(args, ++i, a).split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).map(TransportBenchmark::size).toList();
                case "--protocols" -> {
                    protocols = Stream.of(value(args, ++i, a).split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
                    for (String p : protocols) {
                        if (!p.equals("grpc") && !p.equals("http")) {
                            throw new IllegalArgumentException("--protocols takes grpc and/or http, not " + p);
                        }
                    }
                }
                case "--http-body" -> {
                    String b = value(args, ++i, a);
                    if (!b.equals("json") && !b.equals("protobuf")) {
                        throw new IllegalArgumentException("--http-body is json or protobuf, not " + b);
                    }
                    json = b.equals("json");
                }
                case "--keep" -> keep = true;
                case "--concurrency" -> {
                    try {
                        concurrency = Integer.parseInt(value(args, ++i, a).strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--concurrency needs a whole number, not " + args.get(i));
                    }
                    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
                        throw new IllegalArgumentException("--concurrency must be between 1 and " + MAX_CONCURRENCY);
                    }
                }
                case "--warmup" -> {
                    String w = value(args, ++i, a).strip();
                    if (!w.equals("auto")) {
                        try {
                            warmup = Double.parseDouble(w);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--warmup is auto or a number of seconds, not " + w);
                        }
                        if (!(warmup >= 0 && warmup <= WARMUP_LIMIT_SECONDS)) {
                            throw new IllegalArgumentException("--warmup must be auto or between 0 and " + (int) WARMUP_LIMIT_SECONDS + " seconds");
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unexpected argument " + a);
            }
        }
        if (sizes.isEmpty() || protocols.isEmpty()) {
            throw new IllegalArgumentException("--sizes and --protocols need at least one value");
        }
        return new Options(home.toAbsolutePath().normalize(), seconds, sizes, protocols, json, keep, concurrency, warmup);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    /** @return bytes of {@code 1k}, {@code 64K}, {@code 1m}, {@code 1MiB} or {@code 4096} */
    static int size(String s) {
        String t = s.toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = t.endsWith("k") ? 1024 : t.endsWith("m") ? 1024 * 1024 : 1;
        String n = unit == 1 ? t : t.substring(0, t.length() - 1);
        long v;
        try {
            v = Long.parseLong(n.strip()) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size " + s + " (use e.g. 1k, 64k, 1m)");
        }
        if (v < 8 || v > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("size " + s + " must be between 8 bytes and 64 MiB");
        }
        return (int) v;
    }

    static String label(int size) {
        if (size % (1024 * 1024) == 0) {
            return size / (1024 * 1024) + " MiB";
        }
        return size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
    }

    void run() throws Exception {
        Path hutong = options.home().resolve("bin/hutong");
        if (!Files.isExecutable(hutong)) {
            throw new IllegalStateException("no " + hutong + ": --home must name a Hutong installation");
        }
        Path tmp = Files.createTempDirectory("hutong-bench-");
        Thread cleanup = new Thread(this::stopAll);
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            out.printf("Hutong PTP transport benchmark: nodes alice -> bob on loopback (%s), throughput over %s s per figure, one message in flight%s%n",
                    tmp, trim(options.seconds()), options.concurrency() > 1
                            ? "; then " + options.concurrency() + " sessions (raw: calls) at once" : "");
            out.printf("%d cores, Java %s; starting the nodes and the raw grpc-java echo...%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            int echoPort = freePort();
            Process echo = startEcho(echoPort);
            CompletableFuture<Node> bobStart = CompletableFuture.supplyAsync(() -> startNode(hutong, tmp, "bob"));
            Node alice = startNode(hutong, tmp, "alice");
            Node bob = bobStart.join();
            awaitEcho(echo);
            double quiet = awaitQuiet();
            out.printf("alice: east-west %d, gRPC %d; bob: east-west %d, gRPC %d; echo %d; %s%n%n",
                    alice.eastWest, alice.grpc, bob.eastWest, bob.grpc, echoPort, quiet < 0
                            ? "the processes were still busy after 60 s (figures taken anyway)"
                            : String.format(Locale.ROOT, "the processes were idle %.1f s after ready", quiet));
            out.printf("%-8s %-30s %10s %10s %9s %9s %8s %11s %10s%n", "size", "path", "MB/s", "msgs/s", "p50 ms", "p99 ms", "warm s",
                    "MB/s ratio", "p50 ratio");
            ManagedChannel toEcho = NettyChannelBuilder.forAddress("127.0.0.1", echoPort).usePlaintext()
                    .maxInboundMessageSize(256 << 20).build();
            try {
                int c = options.concurrency();
                for (int size : options.sizes()) {
                    Result raw = raw(toEcho, size);
                    print(size, "raw grpc-java echo", raw, null);
                    Result rawConcurrent = c > 1 ? rawConcurrent(toEcho, size, c) : null;
                    if (rawConcurrent != null) {
                        print(size, "raw grpc-java echo x" + c, rawConcurrent, null);
                    }
                    for (String protocol : options.protocols()) {
                        route(alice, bob, protocol);
                        String alicePtp = protocol.equals("grpc") ? "grpc://127.0.0.1:" + alice.grpc
                                : (options.httpJson() ? "http://127.0.0.1:" : "http+protobuf://127.0.0.1:") + alice.eastWest;
                        String bobPtp = protocol.equals("grpc") ? "grpc://127.0.0.1:" + bob.grpc
                                : (options.httpJson() ? "http://127.0.0.1:" : "http+protobuf://127.0.0.1:") + bob.eastWest;
                        try (PtpClient a = PtpClient.connect(alicePtp); PtpClient b = PtpClient.connect(bobPtp)) {
                            String path = "hutong " + protocol + (protocol.equals("http") ? (options.httpJson() ? " (json)" : " (protobuf)") : "");
                            Result r = hutong(a, b, protocol, size);
                            print(size, path, r, raw);
                            if (rawConcurrent != null) {
                                print(size, path + " x" + c, concurrent(a, b, protocol, size, c), rawConcurrent);
                            }
                        }
                    }
                }
            } finally {
                toEcho.shutdownNow();
            }
            out.println();
            out.println("raw: unary echo calls, one at a time (the message out and back). hutong: MB/s and msgs/s with a producer");
            out.println("pushing on alice and a consumer popping on bob (container API and east-west hop over the protocol named);");
            out.println("latency of one message at a time, push on alice until popped on bob. ratio = hutong / raw.");
            if (options.concurrency() > 1) {
                out.println("xN: N raw echo calls at once (one thread each), against N sessions each with a producer on alice and a");
                out.println("consumer on bob; figures are totals; latency for raw per call, for hutong push on alice until popped on bob");
                out.println("(under the load of the others, so it includes the wait behind the session's queue); ratio = hutong xN / raw xN.");
            }
        } finally {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            if (!options.keep()) {
                delete(tmp);
            } else {
                out.println("kept " + tmp);
            }
        }
    }

    private void print(int size, String path, Result r, Result raw) {
        String ratios = raw == null ? "" : String.format("%11.2f %10.2f", r.mbPerS() / raw.mbPerS(), r.percentile(0.5) / raw.percentile(0.5));
        out.printf("%-8s %-30s %10.2f %10.0f %9.2f %9.2f %8.1f %s%n", label(size), path, r.mbPerS(), r.msgsPerS(),
                r.percentile(0.5), r.percentile(0.99), r.warmSeconds(), ratios);
        out.flush();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** The raw baseline: unary echo calls, one at a time, for the configured time. */
    private Result raw(ManagedChannel ch, int size) throws Exception {
        byte[] payload = new byte[size];
        double warm = warmUp(nanos -> {
            long until = System.nanoTime() + nanos;
            while (System.nanoTime() < until) {
                ClientCalls.blockingUnaryCall(ch, RawGrpcEcho.ECHO, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), payload);
            }
        });
        List<Double> lat = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (options.seconds() * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            ClientCalls.blockingUnaryCall(ch, RawGrpcEcho.ECHO, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), payload);
            lat.add((System.nanoTime() - t) / 1e6);
            n++;
        }
        return new Result(size, n, (System.nanoTime() - start) / 1e9, lat, warm);
    }

    /** The raw baseline with {@code n} calls at once: one thread each doing unary echo calls back to back. */
    private Result rawConcurrent(ManagedChannel ch, int size, int n) throws Exception {
        byte[] payload = new byte[size];
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            double warm = warmUp(nanos -> rawConcurrentRun(ch, payload, n, nanos, pool));
            return rawConcurrentRun(ch, payload, n, (long) (options.seconds() * 1e9), pool).warmedFor(warm);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result rawConcurrentRun(ManagedChannel ch, byte[] payload, int n, long nanos, java.util.concurrent.ExecutorService pool)
            throws Exception {
        long start = System.nanoTime();
        long end = start + nanos;
        List<CompletableFuture<List<Double>>> callers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            callers.add(CompletableFuture.supplyAsync(() -> {
                List<Double> lat = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    ClientCalls.blockingUnaryCall(ch, RawGrpcEcho.ECHO, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), payload);
                    lat.add((System.nanoTime() - t) / 1e6);
                }
                return lat;
            }, pool));
        }
        List<Double> all = new ArrayList<>();
        for (CompletableFuture<List<Double>> f : callers) {
            all.addAll(f.get());
        }
        return new Result(payload.length, all.size(), (System.nanoTime() - start) / 1e9, all);
    }

    /**
     * {@code n} sessions at once, each with a producer pushing on alice and a consumer popping on bob
     * for the configured time (after a warm-up); the figure runs from the first push to the last pop of
     * any session. Each message carries its push time, so its latency is push on alice to pop on bob.
     */
    private Result concurrent(PtpClient alice, PtpClient bob, String protocol, int size, int n) throws Exception {
        String base = "bench-" + protocol + "-" + size + "-x" + n + "-" + System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2 * n);
        try {
            double warm = warmUp(nanos -> concurrentRun(alice, bob, base + "-warmup-" + System.nanoTime(), size, n, nanos, pool));
            return concurrentRun(alice, bob, base, size, n, (long) (options.seconds() * 1e9), pool).warmedFor(warm);
        } finally {
            pool.shutdownNow();
        }
    }

    private Result concurrentRun(PtpClient alice, PtpClient bob, String base, int size, int n, long nanos,
                                 java.util.concurrent.ExecutorService pool) throws Exception {
        long start = System.nanoTime();
        long end = start + nanos;
        AtomicLong lastPop = new AtomicLong(start);
        List<CompletableFuture<List<Double>>> consumers = new ArrayList<>();
        List<CompletableFuture<Long>> producers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String session = base + "-" + i;
            PtpSession push = sending(alice, session);
            PtpSession pop = bob.open(session, Map.of());
            AtomicLong pushed = new AtomicLong(-1);
            producers.add(CompletableFuture.supplyAsync(() -> {
                long k = 0;
                byte[] payload = new byte[size];
                while (System.nanoTime() < end) {
                    java.nio.ByteBuffer.wrap(payload).putLong(System.nanoTime());
                    pushAccepted(push, payload);
                    k++;
                }
                pushed.set(k);
                return k;
            }, pool));
            consumers.add(CompletableFuture.supplyAsync(() -> {
                List<Double> lat = new ArrayList<>();
                long deadline = end + TimeUnit.SECONDS.toNanos(120);
                while (pushed.get() < 0 || lat.size() < pushed.get()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("session " + session + ": bob popped " + lat.size() + " of " + pushed.get()
                                + " messages within 120 s of the end");
                    }
                    java.util.Optional<byte[]> m = pop.pop(Duration.ofSeconds(1), "t");
                    if (m.isPresent()) {
                        long now = System.nanoTime();
                        lastPop.accumulateAndGet(now, Math::max);
                        lat.add((now - java.nio.ByteBuffer.wrap(m.get()).getLong()) / 1e6);
                    }
                }
                pop.release();
                return lat;
            }, pool));
        }
        List<Double> all = new ArrayList<>();
        for (CompletableFuture<List<Double>> c : consumers) {
            all.addAll(c.get(nanos / 1_000_000 + 180_000, TimeUnit.MILLISECONDS));
        }
        for (CompletableFuture<Long> p : producers) {
            p.get();
        }
        return new Result(size, all.size(), (lastPop.get() - start) / 1e9, all);
    }

    /** A path's workload, run for about the nanoseconds given. */
    @FunctionalInterface
    interface Round {
        void run(long nanos) throws Exception;
    }

    /**
     * Warms a path up before it is measured. With {@code --warmup auto} (the default) the path's workload runs in
     * rounds of a second until, in one round, the JIT compiler threads of each node and of the echo used less than
     * a tenth of it, or for at most {@link #WARMUP_LIMIT_SECONDS}; a fixed {@code --warmup} runs it that long. A
     * path measured while the JIT is still compiling it measures the JIT: on 2 cores the HTTP path kept both
     * nodes' compiler threads at 0.4 of a core each for more than 16 s of load, half the nodes' CPU (decision BENCH-T1).
     *
     * @return the seconds the warm-up ran
     */
    private double warmUp(Round round) throws Exception {
        long start = System.nanoTime();
        if (options.warmup() >= 0) {
            if (options.warmup() > 0) {
                round.run((long) (options.warmup() * 1e9));
            }
            return (System.nanoTime() - start) / 1e9;
        }
        List<Long> all;
        synchronized (processes) {
            all = processes.stream().map(Process::pid).toList();
        }
        long limit = start + (long) (WARMUP_LIMIT_SECONDS * 1e9);
        double[] before = compilerCpu(all);
        while (true) {
            long t = System.nanoTime();
            round.run(1_000_000_000L);
            double[] now = compilerCpu(all);
            if (now == null || before == null || settled(before, now, (System.nanoTime() - t) / 1e9) || System.nanoTime() > limit) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** @return whether each process's JIT used under a tenth of the {@code seconds} between the two readings */
    static boolean settled(double[] before, double[] now, double seconds) {
        for (int i = 0; i < now.length; i++) {
            if (now[i] - before[i] >= 0.1 * seconds) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the CPU seconds each process's JIT compiler threads ({@code C1/C2 CompilerThread*}) have used, from
     *         Linux's {@code /proc}; null where that cannot be read (then a warm-up is one round)
     */
    static double[] compilerCpu(List<Long> pids) {
        double[] cpu = new double[pids.size()];
        for (int i = 0; i < cpu.length; i++) {
            Path tasks = Path.of("/proc", Long.toString(pids.get(i)), "task");
            try (java.nio.file.DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    try {
                        String comm = Files.readString(thread.resolve("comm"));
                        if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
                            continue;
                        }
                        String stat = Files.readString(thread.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        // utime and stime, in clock ticks of 1/100 s (USER_HZ)
                        cpu[i] += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // the thread ended meanwhile (the JVM starts and stops compiler threads as the queue grows)
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return cpu;
    }

    /**
     * Throughput: a producer pushes on alice for bob for the configured time while a consumer pops on
     * bob, the figure running from the first push to the last pop. Latency: then one message at a
     * time, pushed on alice and popped on bob before the next, for half that time (so the latency is
     * the path's, not the wait behind a queue the producer filled).
     */
    private Result hutong(PtpClient alice, PtpClient bob, String protocol, int size) throws Exception {
        String base = "bench-" + protocol + "-" + size + "-" + System.nanoTime();
        double warm = warmUp(nanos -> throughput(alice, bob, base + "-warmup-" + System.nanoTime(), size, nanos));
        Result t = throughput(alice, bob, base, size, (long) (options.seconds() * 1e9));
        List<Double> lat = latency(alice, bob, base + "-latency", size, (long) (options.seconds() * 1e9 / 2));
        return new Result(size, t.messages(), t.seconds(), lat, warm);
    }

    private Result throughput(PtpClient alice, PtpClient bob, String session, int size, long nanos) throws Exception {
        PtpSession push = sending(alice, session);
        PtpSession pop = bob.open(session, Map.of());
        AtomicLong pushed = new AtomicLong(-1);
        long[] lastPop = {0};
        CompletableFuture<Long> consumer = CompletableFuture.supplyAsync(() -> {
            long got = 0;
            long deadline = System.nanoTime() + nanos + TimeUnit.SECONDS.toNanos(120);
            while (pushed.get() < 0 || got < pushed.get()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bob popped " + got + " of " + pushed.get() + " messages within 120 s of the end");
                }
                if (pop.pop(Duration.ofSeconds(1), "t").isPresent()) {
                    lastPop[0] = System.nanoTime();
                    got++;
                }
            }
            return got;
        });
        byte[] payload = new byte[size];
        long start = System.nanoTime();
        long end = start + nanos;
        long n = 0;
        while (System.nanoTime() < end && !consumer.isDone()) {
            pushAccepted(push, payload);
            n++;
        }
        pushed.set(n);
        long got = consumer.get(nanos / 1_000_000 + 180_000, TimeUnit.MILLISECONDS);
        pop.release();
        return new Result(size, got, (lastPop[0] - start) / 1e9, List.of());
    }

    private List<Double> latency(PtpClient alice, PtpClient bob, String session, int size, long nanos) {
        PtpSession push = sending(alice, session);
        PtpSession pop = bob.open(session, Map.of());
        List<Double> lat = new ArrayList<>();
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end || lat.isEmpty()) {
            byte[] payload = new byte[size];
            long t = System.nanoTime();
            pushAccepted(push, payload);
            if (pop.pop(Duration.ofSeconds(60), "t").isEmpty()) {
                throw new IllegalStateException("a message pushed on alice did not reach bob within 60 s");
            }
            lat.add((System.nanoTime() - t) / 1e6);
        }
        pop.release();
        return lat;
    }

    private static PtpSession sending(PtpClient alice, String session) {
        return alice.open(session, Map.of("x-ptp-target-node-id", "bob", "x-ptp-tech-provider-code", "hutong-bench",
                "x-ptp-trace-id", session));
    }

    private static void pushAccepted(PtpSession push, byte[] payload) {
        while (true) {
            try {
                push.push(payload, "t");
                return;
            } catch (PtpClientException e) {
                if (!PtpClientException.BUFFER_FULL.equals(e.code())) {
                    throw e;
                }
                try {
                    Thread.sleep(2); // the outbound or session queue is full: back off as a container does
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** A started node and its ports. */
    record Node(String id, int eastWest, int admin, int grpc, String adminToken) {
    }

    /**
     * Waits until the nodes and the echo process are idle: under 20 ms of CPU each in half a second. A node is
     * ready long before its JIT has compiled what the start ran (about 20 CPU seconds on two cores), and a
     * baseline measured meanwhile shares the machine with two compiling JVMs.
     *
     * @return seconds waited, or -1 when they were still busy after 60 s
     */
    private double awaitQuiet() throws InterruptedException {
        List<Process> all;
        synchronized (processes) {
            all = List.copyOf(processes);
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        double[] before = cpu(all);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            double[] now = cpu(all);
            boolean idle = true;
            for (int i = 0; i < now.length; i++) {
                idle &= now[i] - before[i] < 0.02;
            }
            if (idle) {
                return (System.nanoTime() - start) / 1e9;
            }
            before = now;
        }
        return -1;
    }

    /** @return each process's CPU seconds so far (0 where the system does not tell, which counts as idle) */
    private static double[] cpu(List<Process> ps) {
        return ps.stream().mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).toArray();
    }

    /** Starts after a lost port race (see {@link #startNode}) before the node counts as failed. */
    private static final int PORT_ATTEMPTS = 3;

    private Node startNode(Path hutong, Path tmp, String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startNodeOnce(hutong, tmp, id);
            } catch (PortTaken e) {
                // between freePort() closing its socket and the node binding the port, another process may take it
                // (any outgoing connection takes its local port from the same range): a loaded CI machine showed it.
                // The same data directory serves: a port found taken before the framework starts leaves it untouched, one
                // taken while the bundles start (OPS11) leaves the node's state, and starting that node again is a restart.
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException("node " + id + " exited " + PORT_ATTEMPTS + " times on a port taken meanwhile: "
                            + e.getMessage());
                }
            }
        }
    }

    /** A node start that failed because a port found free was taken before the node bound it. */
    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    private Node startNodeOnce(Path hutong, Path tmp, String id) {
        try {
            int ew = freePort();
            int admin = freePort();
            int grpc = freePort();
            Path data = tmp.resolve(id);
            Files.createDirectories(data);
            ProcessBuilder pb = new ProcessBuilder(hutong.toString(), "start", "--data", data.toString(), "--node-id", id,
                    "--port", "" + ew, "--admin-port", "" + admin, "--grpc-port", "" + grpc);
            // 180 s by default; a machine shared by several builds (CI) may need longer: -Dhutong.bench.start.timeout=<s>
            long startLimit = Long.getLong("hutong.bench.start.timeout", 180);
            // the node gives up by itself after hutong.ready.timeout (120 s unless set), which cut that limit short on
            // a loaded CI machine: the node waits as long as the benchmark does (first, so the caller's value wins)
            pb.environment().put("JAVA_OPTS", "-Dhutong.ready.timeout=" + startLimit + " "
                    + pb.environment().getOrDefault("JAVA_OPTS", "-Xmx1g"));
            Path log = tmp.resolve(id + ".out");
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            synchronized (processes) {
                processes.add(p);
            }
            Path ready = data.resolve("run/ready.json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startLimit);
            while (!Files.exists(ready)) {
                if (!p.isAlive()) {
                    String tail = tail(log);
                    if (tail.contains(") is in use on ")) {
                        throw new PortTaken(tail);
                    }
                    throw new IllegalStateException("node " + id + " exited: " + tail);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node " + id + " not ready after " + startLimit + " s: " + tail(log));
                }
                Thread.sleep(100);
            }
            JsonNode ports = readJson(ready).path("ports");
            // the admin API wants the node's bearer token (data/admin-token, written before ready.json)
            String token = Files.readString(data.resolve("admin-token")).strip();
            Node node = new Node(id, ports.path("east_west").asInt(ew), ports.path("admin").asInt(admin), ports.path("grpc").asInt(grpc), token);
            awaitUp(node, p, deadline);
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node " + id + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until the node's status is UP: ready.json comes before the work a first start does aside (the UAS
     * signing key, seconds of one core for RSA-4096), which the figures must not include. A node still not UP at
     * the deadline is measured anyway, said on the output.
     */
    private void awaitUp(Node node, Process p, long deadline) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.admin + "/v1/admin/status"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + node.adminToken).GET().build();
        HttpClient http = HttpClient.newHttpClient();
        String last = "";
        while (p.isAlive() && System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() == 200 ? JSON.readTree(r.body()).path("data").path("status").asText() : "HTTP " + r.statusCode();
            if (last.equals("UP")) {
                return;
            }
            Thread.sleep(200);
        }
        out.println("warning: node " + node.id + " is not UP (" + last + "); the figures include its remaining start-up work");
    }

    private static JsonNode readJson(Path p) throws IOException, InterruptedException {
        // the launcher writes ready.json once; a read racing the write retries
        for (int i = 0; ; i++) {
            try {
                return JSON.readTree(p.toFile());
            } catch (IOException e) {
                if (i > 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private Process startEcho(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), RawGrpcEcho.class.getName(), "" + port)
                .redirectErrorStream(true).start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    private static void awaitEcho(Process echo) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.contains(RawGrpcEcho.READY)) {
                return;
            }
        }
        throw new IllegalStateException("the raw grpc-java echo process exited");
    }

    private static void route(Node on, Node to, String protocol) throws IOException, InterruptedException {
        int port = protocol.equals("grpc") ? to.grpc : to.eastWest;
        HttpRequest put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.admin + "/v1/admin/routes/" + to.id))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + on.adminToken)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"127.0.0.1:" + port + "\",\"protocol\":\"" + protocol + "\"}"))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("route " + on.id + " -> " + to.id + " refused: " + r.statusCode() + " " + r.body());
        }
    }

    private void stopAll() {
        List<Process> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
            processes.clear();
        }
        all.forEach(Process::destroy); // SIGTERM: the nodes shut down cleanly
        for (Process p : all) {
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
