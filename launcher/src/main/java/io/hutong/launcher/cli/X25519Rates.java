/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the X25519 scalar multiplications per second of the providers this installation ships
 * ({@code io.hutong.crypto.x25519.bc}, {@code io.hutong.crypto.x25519.fast}, {@code io.hutong.crypto.x25519.sodium}), loading their bundle
 * jars from {@code system/} in a class loader of their own: the same code the nodes run, on this
 * machine, at the time of the benchmark.
 */
public final class X25519Rates {

    /** Provider bundles and the class of each that implements {@code io.hutong.api.crypto.X25519}. */
    static final Map<String, String> PROVIDERS = new LinkedHashMap<>();

    static {
        PROVIDERS.put("io.hutong.crypto.x25519.bc", "io.hutong.crypto.x25519.bc.BouncyCastleX25519");
        PROVIDERS.put("io.hutong.crypto.x25519.fast", "io.hutong.crypto.x25519.fast.FastX25519");
        // only on JDK 22+ with libsodium installed; elsewhere listed with the reason
        PROVIDERS.put("io.hutong.crypto.x25519.sodium", "io.hutong.crypto.x25519.sodium.SodiumX25519");
    }

    private static final int INPUTS = 256;

    /**
     * One provider's rates.
     *
     * @param name      the provider's name ({@code X25519.name()}), e.g. {@code hutong-fast}
     * @param bundle    its bundle's symbolic name
     * @param perCore   multiplications per second of CPU time one thread got (steady on a shared machine)
     * @param oneThread multiplications per second of wall time on one thread
     * @param allCores  multiplications per second of wall time with one thread per core
     */
    public record Rate(String name, String bundle, double perCore, double oneThread, double allCores) {
    }

    private X25519Rates() {
    }

    /** A provider found in the installation, or why not. */
    record Provider(String bundle, String name, MethodHandle mult, String missing) {
    }

    /**
     * Loads each provider of {@link #PROVIDERS} from {@code <home>/system}.
     *
     * @return the providers found, and for the others the reason
     */
    static List<Provider> load(Path home) throws IOException {
        Path system = home.resolve("system");
        Optional<Path> api = jar(system, "io/hutong/io.hutong.api");
        Optional<Path> bc = jar(system, "org/bouncycastle/bcprov-jdk18on");
        List<Provider> out = new ArrayList<>();
        for (Map.Entry<String, String> p : PROVIDERS.entrySet()) {
            Optional<Path> bundle = jar(system, "io/hutong/" + p.getKey());
            if (bundle.isEmpty() || api.isEmpty() || bc.isEmpty()) {
                out.add(new Provider(p.getKey(), null, null, "not in " + system + " (" + (bundle.isEmpty() ? p.getKey()
                        : api.isEmpty() ? "io.hutong.api" : "bcprov-jdk18on") + " missing)"));
                continue;
            }
            // a loader per provider, parented by the platform: nothing of the launcher leaks in
            URLClassLoader loader = new URLClassLoader(new URL[] {bundle.get().toUri().toURL(), api.get().toUri().toURL(),
                    bc.get().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            try {
                Class<?> type = loader.loadClass(p.getValue());
                Object instance = type.getConstructor().newInstance();
                MethodHandle mult = MethodHandles.publicLookup().findVirtual(type, "scalarMult",
                        MethodType.methodType(byte[].class, byte[].class, byte[].class)).bindTo(instance);
                String name = (String) type.getMethod("name").invoke(instance);
                out.add(new Provider(p.getKey(), name, mult, null));
            } catch (java.lang.reflect.InvocationTargetException e) {
                out.add(new Provider(p.getKey(), null, null, "not available: " + e.getCause().getMessage()));
            } catch (ReflectiveOperationException | LinkageError e) {
                out.add(new Provider(p.getKey(), null, null, "cannot be loaded: " + e));
            }
        }
        return out;
    }

    private static Optional<Path> jar(Path system, String artifactDir) throws IOException {
        Path dir = system.resolve(artifactDir);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var files = Files.walk(dir, 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-sources.jar")).sorted().reduce((a, b) -> b);
        }
    }

    /** Work measured in the same rounds as the providers, after them (libsodium's rounds). */
    interface Round {
        void run() throws InterruptedException;
    }

    /**
     * Measures every provider: after a warm-up, {@code rounds} rounds of {@code seconds} each on one
     * thread and on every core, providers interleaved so a busy moment of the machine does not fall
     * on one of them only; the best round counts.
     *
     * @param alsoEachRound run at the end of each round, so whatever it measures is interleaved with the providers too
     */
    static List<Rate> measure(List<Provider> providers, double seconds, int rounds, Round alsoEachRound) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Provider> found = providers.stream().filter(p -> p.missing() == null).toList();
        Map<Provider, double[]> best = new LinkedHashMap<>();
        for (Provider p : found) {
            run(p, Math.min(0.5, seconds)); // JIT warm-up
            best.put(p, new double[3]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            for (int r = 0; r < rounds; r++) {
                for (Provider p : found) {
                    double[] b = best.get(p);
                    double[] one = run(p, seconds);
                    b[0] = Math.max(b[0], one[0]);
                    b[1] = Math.max(b[1], one[1]);
                    List<Future<double[]>> all = new ArrayList<>();
                    long start = System.nanoTime();
                    for (int t = 0; t < cores; t++) {
                        all.add(pool.submit(() -> run(p, seconds)));
                    }
                    long ops = 0;
                    for (Future<double[]> f : all) {
                        ops += (long) f.get()[2];
                    }
                    b[2] = Math.max(b[2], ops / ((System.nanoTime() - start) / 1e9));
                }
                alsoEachRound.run();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Rate> out = new ArrayList<>();
        best.forEach((p, b) -> out.add(new Rate(p.name(), p.bundle(), b[1], b[0], b[2])));
        return out;
    }

    /** @return {wall rate, CPU rate, operations} of one thread multiplying for {@code seconds} */
    private static double[] run(Provider p, double seconds) {
        SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
        byte[][] scalars = new byte[INPUTS][32];
        byte[][] us = new byte[INPUTS][32];
        for (int i = 0; i < INPUTS; i++) {
            random.nextBytes(scalars[i]);
            random.nextBytes(us[i]);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long ops = 0;
        try {
            while (System.nanoTime() < end) {
                for (int i = 0; i < 32; i++) {
                    int k = (int) (ops++ % INPUTS);
                    byte[] r = (byte[]) p.mult().invokeExact(scalars[k], us[k]);
                    // feed the result back so the work cannot be optimised away
                    us[k] = r;
                }
            }
        } catch (Throwable e) {
            throw new IllegalStateException("X25519 provider " + p.name() + " failed: " + e, e);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        return new double[] {ops / wall, cpu > 0 ? ops / cpu : ops / wall, ops};
    }
}
