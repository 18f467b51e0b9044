/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;

import org.ops4j.pax.exam.Option;

import io.hutong.launcher.FeatureProfile;
import io.hutong.launcher.NodeSettings;

/**
 * The one provisioning helper of the Pax Exam tests: turns a feature profile of the built
 * distribution into Pax Exam options, the same bundles (from the distribution's {@code system/}
 * repository, as built), start order, framework properties and configurations the launcher uses.
 * Each call gives the node its own home, data directory and free ports.
 */
public final class NodeOptions {

    /** Framework property carrying the generated web console password into the test. */
    public static final String CONSOLE_PASSWORD = "hutong.itest.console.password";

    private NodeOptions() {
    }

    /** @return the built distribution ({@code distribution/target/hutong}) */
    public static Path distribution() {
        return Path.of(System.getProperty("hutong.dist", "../distribution/target/hutong")).toAbsolutePath().normalize();
    }

    /**
     * The UAS configuration of every test node whose test is not about the UAS: an SM2 signing key. A fresh
     * node makes its UAS key on first start, and an RSA-4096 key (the shipped default) costs one core 2 to 8
     * seconds, most of a node start's CPU; with dozens of fresh nodes per run that was a minute of the
     * suite's wall time on 2 cores (decision TESTS8). Tests of the UAS and of the shipped defaults
     * (TeeAttestationIT, TeePostgresIT, TeeCliIT, DistributionIT, PluginGuideIT) keep RSA.
     */
    static final Map<String, Object> UAS_SM2 = Map.of("signing.algorithm", "SM2");
    static final String UAS_PID = "io.hutong.tee.uas";

    private static Path testHome;

    /** @return the installation the test JVM's process nodes run from: see {@link #installation(Path)} */
    public static synchronized Path testHome() {
        if (testHome == null) {
            try {
                testHome = installation(Path.of("target").toAbsolutePath().resolve("test-home-" + ProcessHandle.current().pid()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return testHome;
    }

    /**
     * @return {@code home}, made an installation with its own {@code deploy/} and {@code etc/} (holding
     *         {@link #UAS_SM2}) that shares the built {@code bin}, {@code lib}, {@code features} and {@code system}
     */
    static Path installation(Path home) throws IOException {
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("etc"));
        for (String shared : List.of("bin", "lib", "features", "system")) {
            if (!Files.exists(home.resolve(shared), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(home.resolve(shared), distribution().resolve(shared));
            }
        }
        writeUasSm2(home.resolve("etc"));
        return home;
    }

    private static void writeUasSm2(Path etc) throws IOException {
        StringBuilder cfg = new StringBuilder("# itests: an SM2 UAS key, made in milliseconds (NodeOptions.UAS_SM2)\n");
        UAS_SM2.forEach((k, v) -> cfg.append(k).append('=').append(v).append('\n'));
        Files.writeString(etc.resolve(UAS_PID + ".cfg"), cfg);
    }

    /** @return options booting the feature profile {@code profile} as a node */
    public static Option[] node(String profile) throws IOException {
        return node(profile, Map.of());
    }

    /**
     * @param extra configurations added to (and overriding) the profile's, by PID, as an operator's
     *              {@code etc/*.cfg} would; without {@value #UAS_PID} among them the node's UAS gets
     *              {@link #UAS_SM2}
     * @return options booting the feature profile {@code profile} as a node
     */
    public static Option[] node(String profile, Map<String, Map<String, Object>> extra) throws IOException {
        Path dist = distribution();
        Path home = Files.createTempDirectory("hutong-itest-");
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("etc"));
        NodeSettings settings = new NodeSettings(home, home.resolve("data"), home.resolve("logs"), profile, "itest-node",
                "127.0.0.1", "127.0.0.1", freePort(), freePort(), freePort());
        String password = UUID.randomUUID().toString();
        // the admin token the launcher would write (HUTONG_ADMIN_TOKEN of the run, which Http sends)
        io.hutong.launcher.AdminToken.loadOrCreate(settings.data());
        Map<String, String> vars = settings.placeholders("admin");
        FeatureProfile features = FeatureProfile.load(dist.resolve("features"), profile);
        // the interpolation plugin's secrets directory, owner-only, with the console and TLS passwords the
        // configurations name as $[secret:…], as the launcher makes them
        Path secrets = io.hutong.launcher.ExternalValues.secretsDirectory(features.frameworkProperties(vars));
        io.hutong.launcher.LauncherSecrets.write(secrets, new io.hutong.launcher.ConsoleCredentials("admin", password), settings.tls());

        List<Option> options = new ArrayList<>();
        options.add(cleanCaches(true));
        options.add(frameworkStartLevel(40));
        vars.forEach((k, v) -> options.add(frameworkProperty(k).value(v)));
        options.add(frameworkProperty(CONSOLE_PASSWORD).value(password));
        features.frameworkProperties(vars).forEach((k, v) -> options.add(frameworkProperty(k).value(v)));
        if (!extra.containsKey(UAS_PID)) {
            // (harmless in a profile without the TEE feature: a configuration nobody reads)
            features.configurations().computeIfAbsent(UAS_PID, k -> new java.util.LinkedHashMap<>()).putAll(UAS_SM2);
        }
        extra.forEach((pid, values) -> features.configurations().computeIfAbsent(pid, k -> new java.util.LinkedHashMap<>()).putAll(values));
        options.add(frameworkProperty("configurator.initial").value(features.configuratorJson(vars)));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        // Pax Exam's own pax-logging prints every DEBUG line by default (the JDK HttpClient's alone are megabytes)
        options.add(frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"));
        for (FeatureProfile.BundleRef ref : features.bundles()) {
            Path jar = ref.path(dist.resolve("system"));
            // start levels above Pax Exam's own bundles, in the features' order
            options.add(bundle(jar.toUri().toString()).startLevel(ref.startOrder() + 10).start(!isFragment(jar)));
        }
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    /** Ports {@link #freePort()} handed out in this JVM: never twice. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int LOWEST = 10_000;

    /**
     * A port free on loopback right now, below the kernel's ephemeral range and in this fork's slice of it. The test
     * finds it free and the node binds it seconds later (a loaded machine: 5 to 10). In between, a port of the
     * ephemeral range may be taken by any outgoing connection's local end, and any port by a node of another fork
     * that found it free too, or the next port-0 pick hands it out again; CI runs failed on it (ci15: "port N
     * (--grpc-port, by default --port + 1) is in use", ci17: two ports of the plugin guide the same). So each
     * failsafe fork slot ({@code hutong.itest.port.slice} of {@code hutong.itest.port.slices}, from the pom) has its
     * own ports, which only its own successive JVMs use, and a JVM never hands one out twice (TESTS16).
     *
     * @return a port nobody listens on right now
     */
    public static int freePort() throws IOException {
        int below = ephemeralLow();
        int slices = Math.max(1, Integer.getInteger("hutong.itest.port.slices", 1));
        int slice = Math.min(slices, Math.max(1, Integer.getInteger("hutong.itest.port.slice", 1)));
        int size = (below - LOWEST) / slices;
        int from = (LOWEST + (slice - 1) * size + 1) & ~1; // even, so every port handed out is
        java.util.Random random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; size > 1_000 && attempt < 200; attempt++) {
            // even ports, so that port + 1 (the default gRPC port of a node given only --port) is not handed out either
            int port = from + 2 * random.nextInt((size - 2) / 2);
            if (HANDED_OUT.add(port) && HANDED_OUT.add(port + 1) && bindable(port) && bindable(port + 1)) {
                return port;
            }
        }
        throw new IOException("no free port in slice " + slice + " of " + slices + " below port " + below);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the node's listeners bind
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the first port of the kernel's ephemeral range (Linux; 32768 where it does not say) */
    static int ephemeralLow() {
        // line by line: Files.readString of this procfs file returned "3" (the file reports no size), which made every
        // pick fall back to port 0 unnoticed in ci16 and ci17
        try (java.io.BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
