/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.fast;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.KeyAgreement;

import io.hutong.api.crypto.X25519;
import io.hutong.crypto.x25519.bc.BouncyCastleX25519;

/**
 * Measures X25519 scalar multiplications per second of the JDK's XDH, the BouncyCastle provider and the fast
 * provider in one run, on one thread and on every core, and runs RFC 7748's million-round vector.
 *
 * <p>Run: {@code mvn -B -q verify -pl bundles/crypto-x25519-fast -am -Pbench-x25519 -DskipTests}
 * (arguments through {@code -Dbench.args="--seconds 2 --rounds 3 --threads 2 --libsodium 23000 --skip-million"}).
 */
public final class X25519Benchmark {

    private static final int INPUTS = 1024;
    /** libsodium's X25519 per core on the reference machine (the figure); {@code --libsodium N} overrides. */
    private static final int LIBSODIUM_PER_CORE = 23_000;

    /** One way of computing X25519 on thread-private state. */
    private interface Mult {
        byte[] apply(byte[] k, byte[] u) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        int rounds = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean million = true;
        int libsodium = LIBSODIUM_PER_CORE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--skip-million" -> million = false;
                case "--libsodium" -> libsodium = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --seconds S, --rounds R, --threads N, --libsodium PER_CORE, --skip-million)");
            }
        }
        X25519 bc = new BouncyCastleX25519();
        X25519 fast = new FastX25519();
        Map<String, Callable<Mult>> candidates = new LinkedHashMap<>();
        candidates.put("jdk-xdh", X25519Benchmark::jdk);
        candidates.put(bc.name(), () -> bc::scalarMult);
        candidates.put(fast.name(), () -> fast::scalarMult);
        // as ECDH-PSI calls it: one scalar for a slice of 512 points, one field inversion per slice
        candidates.put(fast.name() + "/512", () -> new Mult() {
            private byte[][] results = new byte[0][];
            private int next;

            @Override
            public byte[] apply(byte[] k, byte[] u) {
                if (next == results.length) {
                    byte[][] us = new byte[512][];
                    java.util.Arrays.fill(us, u); // the ladder takes the same time for any u (constant time)
                    results = fast.scalarMultAll(k, us);
                    next = 0;
                }
                return results[next++];
            }
        });

        System.out.printf("X25519 scalar multiplications per second (%s, %d cores, %d rounds of %.1f s per figure)%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), rounds, seconds);
        System.out.println("per core = per second of CPU time the measuring threads got (robust when the machine is"
                + " shared); wall = per second of elapsed time; best of the rounds, providers interleaved");
        for (Callable<Mult> c : candidates.values()) {
            measure(c, 1, 1); // warm-up, so the JIT has compiled every candidate before any figure is taken
        }
        Map<String, double[]> best = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Callable<Mult>> c : candidates.entrySet()) {
                double[] one = measure(c.getValue(), 1, seconds);
                double[] all = measure(c.getValue(), threads, seconds);
                double[] b = best.computeIfAbsent(c.getKey(), k -> new double[3]);
                b[0] = Math.max(b[0], one[1]);
                b[1] = Math.max(b[1], all[0]);
                b[2] = Math.max(b[2], all[1]);
            }
        }
        double jdk = best.get("jdk-xdh")[0];
        double base = best.get(bc.name())[0];
        System.out.printf("%-14s %14s %18s %18s %8s %8s%n", "provider", "per core /s",
                threads + " threads wall /s", threads + " thr per core /s", "vs jdk", "vs bc");
        for (Map.Entry<String, double[]> r : best.entrySet()) {
            double[] v = r.getValue();
            System.out.printf("%-14s %14.0f %18.0f %18.0f %7.2fx %7.2fx%n", r.getKey(), v[0], v[1], v[2],
                    v[0] / jdk, v[0] / base);
        }
        double fastRate = best.get(fast.name())[0];
        System.out.printf("%s per core vs the libsodium bound of %d/s/core: %.0f%% (target 80%%)%n", fast.name(),
                libsodium, 100 * fastRate / libsodium);

        if (million) {
            long start = System.nanoTime();
            byte[] k = new byte[32];
            k[0] = 9;
            byte[] u = k.clone();
            for (int i = 0; i < 1_000_000; i++) {
                byte[] next = fast.scalarMult(k, u);
                u = k;
                k = next;
            }
            String got = HexFormat.of().formatHex(k);
            boolean ok = got.equals("7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424");
            System.out.printf("RFC 7748 1,000,000-round vector (%s): %s in %.1f s%n", fast.name(),
                    ok ? "OK" : "MISMATCH " + got, (System.nanoTime() - start) / 1e9);
            if (!ok) {
                System.exit(1);
            }
        }
    }

    /**
     * Runs {@code threads} workers for about {@code seconds}; returns the total multiplications per second of
     * elapsed time and the mean per second of CPU time of one worker.
     */
    private static double[] measure(Callable<Mult> factory, int threads, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    Mult mult = factory.call();
                    SplittableRandom random = new SplittableRandom(seed);
                    byte[][] scalars = new byte[INPUTS][32];
                    byte[][] us = new byte[INPUTS][32];
                    for (int i = 0; i < INPUTS; i++) {
                        random.nextBytes(scalars[i]);
                        random.nextBytes(us[i]);
                        us[i][31] &= 0x7f;
                    }
                    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                    long count = 0;
                    long begin = System.nanoTime();
                    long cpuBegin = mx.getCurrentThreadCpuTime();
                    long now;
                    int sink = 0;
                    do {
                        for (int i = 0; i < 32; i++) {
                            int j = (int) (count++ & (INPUTS - 1));
                            sink += mult.apply(scalars[j], us[j])[0];
                        }
                        now = System.nanoTime();
                    } while (now < deadline);
                    long cpu = mx.getCurrentThreadCpuTime() - cpuBegin;
                    return new long[] {count, now - begin, cpu, sink};
                }));
            }
            double wall = 0;
            double perCore = 0;
            for (Future<long[]> f : futures) {
                long[] r = f.get();
                wall += r[0] / (r[1] / 1e9);
                perCore += r[0] / (r[2] / 1e9) / threads;
            }
            return new double[] {wall, perCore};
        } finally {
            pool.shutdown();
        }
    }

    /** The JDK's XDH through its public API; keys are decoded once per call as a PSI would have to. */
    private static Mult jdk() throws Exception {
        KeyFactory factory = KeyFactory.getInstance("XDH");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        return (k, u) -> {
            PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k));
            byte[] be = new byte[32];
            for (int i = 0; i < 32; i++) {
                be[i] = u[31 - i];
            }
            PublicKey publicKey = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                    new BigInteger(1, be)));
            agreement.init(privateKey);
            agreement.doPhase(publicKey, true);
            return agreement.generateSecret();
        };
    }

    private X25519Benchmark() {
    }
}
