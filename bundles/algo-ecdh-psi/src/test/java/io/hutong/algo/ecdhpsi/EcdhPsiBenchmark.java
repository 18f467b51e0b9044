/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.hutong.api.crypto.X25519;
import io.hutong.crypto.x25519.fast.FastX25519;

/**
 * Runs two ECDH-PSI parties against each other in one JVM over in-memory streams (no transport) and prints items
 * per second per party next to the bound the X25519 rate sets (2 scalar multiplications per item per party).
 *
 * <p>Run: {@code mvn -B -q verify -pl bundles/algo-ecdh-psi -am -Pbench-psi -DskipTests -Dbench.args="--rows 100000"}.
 */
public final class EcdhPsiBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = 100_000;
        int threads = Runtime.getRuntime().availableProcessors();
        int libsodium = 23_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--libsodium" -> libsodium = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --rows N, --threads N, --libsodium PER_CORE)");
            }
        }
        X25519 x25519 = new FastX25519();
        double rate = x25519Rate(x25519);
        int common = rows * 3 / 10;
        ExecutorService compute = Executors.newFixedThreadPool(threads);
        MemoryChannels channels = new MemoryChannels(10);
        SecureRandom random = new SecureRandom();
        EcdhPsiSession guest = new EcdhPsiSession(EcdhCipher.create(EcSuite.CURVE25519_SHA256_DIRECT,
                PointFormat.X25519_U, x25519, random), compute, channels.party(0), 0, -1, Duration.ofMinutes(2), 8);
        EcdhPsiSession host = new EcdhPsiSession(EcdhCipher.create(EcSuite.CURVE25519_SHA256_DIRECT,
                PointFormat.X25519_U, x25519, random), compute, channels.party(1), 1, -1, Duration.ofMinutes(2), 8);
        int n = rows;
        long start = System.nanoTime();
        long cpuStart = processCpu();
        CompletableFuture<EcdhPsiSession.Result> hostRun = CompletableFuture.supplyAsync(() -> {
            try {
                return host.run(items(n - common, n, 2), n, n);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        EcdhPsiSession.Result guestResult = guest.run(items(0, n, 1), n, n);
        EcdhPsiSession.Result hostResult = hostRun.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpu() - cpuStart) / 1e9;
        compute.shutdown();
        if (guestResult.intersectionSize() != common || hostResult.intersectionSize() != common) {
            throw new IllegalStateException("expected " + common + " common rows, got " + guestResult.intersectionSize()
                    + " and " + hostResult.intersectionSize());
        }
        double perParty = rows / seconds;
        System.out.printf("ECDH-PSI in-process, Curve25519 (%s), %d rows per party, %d common, %d compute threads%n",
                x25519.name(), rows, common, threads);
        System.out.printf("%.1f s, %.0f items/s per party (both parties share this JVM's %d cores; %.0f CPU-s used)%n",
                seconds, perParty, Runtime.getRuntime().availableProcessors(), cpu);
        // each party needs 2 scalar multiplications per item: 4 per row pair, on the cores both parties share
        double cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("bound from %s (%.0f mults/s/core): %.0f items/s per party -> %.0f%%%n", x25519.name(),
                rate, rate * cores / 4, 100 * perParty / (rate * cores / 4));
        System.out.printf("bound from libsodium (%d mults/s/core): %.0f items/s per party -> %.0f%%%n", libsodium,
                libsodium * cores / 4, 100 * perParty / (libsodium * cores / 4));
        System.out.printf("items per CPU-second per party: %.0f (libsodium bound %d)%n", rows / (cpu / 2),
                libsodium / 2);
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("peak heap (sum of the pools' peaks) %d MiB of max %d MiB%n", peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static Iterator<byte[]> items(int from, int to, int seed) {
        return new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public byte[] next() {
                return ("user-" + next++ + "@example.com").getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private static double x25519Rate(X25519 x) {
        SplittableRandom random = new SplittableRandom(1);
        byte[] k = new byte[32];
        byte[] u = new byte[32];
        random.nextBytes(k);
        random.nextBytes(u);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            u = x.scalarMult(k, u); // warm-up
        }
        var mx = ManagementFactory.getThreadMXBean();
        long cpu = mx.getCurrentThreadCpuTime();
        int count = 0;
        deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            u = x.scalarMult(k, u);
            count++;
        }
        return count / ((mx.getCurrentThreadCpuTime() - cpu) / 1e9);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private EcdhPsiBenchmark() {
    }
}
