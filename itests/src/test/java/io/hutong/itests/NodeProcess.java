/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Waiting in the process-level tests (JUnit 5, outside any framework): for a node started with
 * {@code bin/hutong start} to write its {@code ready.json}, and for any condition, always polling
 * and never for a fixed time. The limits are generous because a CI machine shared by several
 * builds starts a node in minutes, not seconds; a condition that holds ends the wait at once.
 */
final class NodeProcess {

    /** How long a node may take to start on a loaded machine. */
    static final Duration START = Duration.ofSeconds(300);
    /** How long an asynchronous effect (an outbox delivery, a bundle update) may take on a loaded machine. */
    static final Duration EFFECT = Duration.ofSeconds(120);

    /**
     * JVM options of the nodes a test starts to check behaviour, not speed: C1 only and the serial collector
     * halve the CPU a node start takes (16 to 8 CPU-seconds on 2 cores), and a CI run starts dozens. Nodes
     * that carry bulk traffic ({@link TransportNodes}) keep the default JIT. They also skip the verification of
     * bundle bytecode (1.5 of the 12 CPU-seconds a C1 start takes, TESTS15); the nodes of the shipped defaults
     * ({@link #rsaKeyJavaOpts}, the plugin guide's) and the full-JIT transport nodes still verify every class they load.
     */
    static String javaOpts(String opts) {
        return opts + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote";
    }

    /**
     * JVM options of the test nodes that make the shipped RSA-4096 UAS key (the tests of the shipped defaults and
     * of the UAS): the serial collector, but the full JIT. {@code BigInteger}'s Montgomery multiplication is
     * intrinsic in C2 only; under C1 alone one key took 9 to 45 CPU-seconds, against 1.3 to 2.7 with C2 (six
     * keys each, JDK 17, quiet machine) — far more than the 9 CPU-seconds C1 saves on the start (decision TESTS11).
     */
    static String rsaKeyJavaOpts(String opts) {
        return opts + " -XX:+UseSerialGC";
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeProcess() {
    }

    /**
     * Waits until {@code process} has written {@code <data>/run/ready.json}.
     *
     * @param output what the process printed, shown when it exits or never gets ready
     * @return the ready.json
     * @throws AssertionError when the process exits first or is not ready within {@link #START}
     */
    static JsonNode awaitReady(Path data, Process process, Supplier<String> output) throws IOException {
        Path ready = data.resolve("run/ready.json");
        try {
            await().atMost(START).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (Files.exists(ready)) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("node exited with " + process.exitValue() + ": " + output.get());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + ready + " after " + START.toSeconds() + " s: " + output.get(), e);
        }
        return JSON.readTree(ready.toFile());
    }

    /** @return a reader of {@code file} for failure messages ("" while it does not exist) */
    static Supplier<String> text(Path file) {
        return () -> {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                return e.toString();
            }
        };
    }

    /**
     * Polls {@code value} until {@code accept} holds, at most {@code timeout}.
     *
     * @return the accepted value
     * @throws AssertionError naming {@code what} and the last value seen
     */
    static <T> T until(String what, Duration timeout, Callable<T> value, java.util.function.Predicate<? super T> accept) {
        Object[] last = new Object[1];
        try {
            return await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        T v = value.call();
                        last[0] = v;
                        return v;
                    }, accept::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not reached within " + timeout.toSeconds() + " s; last seen: " + last[0], e);
        }
    }
}
