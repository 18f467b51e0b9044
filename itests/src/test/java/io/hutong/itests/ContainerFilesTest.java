/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The container image's and service files' inputs exist and fit the distribution as built: every file
 * the Dockerfile adds, every path it hands to the node's user, the probe's port and path, the files the
 * compose example mounts, the systemd unit's command. The image itself is built only where a Docker
 * daemon answers; elsewhere that test shows as skipped.
 */
class ContainerFilesTest {

    private static final Path DOCKER = Path.of("../distribution/src/docker").toAbsolutePath().normalize();
    private static final Path CONTEXT = NodeOptions.distribution().getParent();

    private static String dockerfile() throws IOException {
        // continuation lines joined, so each instruction is one line
        return Files.readString(DOCKER.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
    }

    private static List<String> instructions(String keyword) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : dockerfile().split("\n")) {
            if (line.startsWith(keyword + " ")) {
                out.add(line.substring(keyword.length() + 1).strip());
            }
        }
        return out;
    }

    private static List<String> tarball() throws IOException, InterruptedException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(CONTEXT, "hutong-*.tar.gz")) {
            s.forEach(found::add);
        }
        assertEquals(1, found.size(), "exactly one tarball for the Dockerfile's ADD in " + CONTEXT + ": " + found);
        Process tar = new ProcessBuilder("tar", "-tzf", found.get(0).toString()).redirectErrorStream(true).start();
        List<String> entries = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar lists " + found.get(0));
        return entries;
    }

    @Test
    void theDockerfileAddsTheTarballAndHandsTheNodeOnlyWhatItWrites() throws Exception {
        List<String> adds = instructions("ADD");
        assertEquals(List.of("hutong-*.tar.gz /opt/"), adds);
        List<String> entries = tarball();
        for (String needed : List.of("hutong/bin/hutong", "hutong/etc/hutong.properties", "hutong/data/", "hutong/logs/",
                "hutong/deploy/", "hutong/etc/", "hutong/systemd/hutong.service")) {
            assertTrue(entries.contains(needed), "the tarball holds " + needed);
        }
        String chown = instructions("RUN").stream().filter(r -> r.startsWith("chown")).findFirst().orElseThrow();
        for (String dir : chown.replace("chown -R hutong:hutong", "").strip().split("\\s+")) {
            assertTrue(entries.contains(dir.replace("/opt/", "") + "/"), dir + " is a directory of the tarball");
        }
        String ignore = Files.readString(DOCKER.resolve("Dockerfile.dockerignore"));
        assertTrue(ignore.contains("!hutong-*.tar.gz"), "the context sends the tarball");
    }

    @Test
    void theNodeRunsAsAnUnprivilegedUserWithVolumesAndAProbeOnItsEastWestPort() throws Exception {
        List<String> user = instructions("USER");
        assertEquals(1, user.size());
        assertFalse(List.of("root", "0").contains(user.get(0)), "non-root: " + user);
        String volumes = String.join(" ", instructions("VOLUME"));
        assertTrue(volumes.contains("/opt/hutong/data") && volumes.contains("/opt/hutong/etc"), volumes);

        Properties defaults = new Properties();
        try (Reader r = Files.newBufferedReader(NodeOptions.distribution().resolve("etc/hutong.properties"))) {
            defaults.load(r);
        }
        String probe = instructions("HEALTHCHECK").get(0);
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/\\S+)").matcher(probe);
        assertTrue(m.find(), probe);
        assertEquals(defaults.getProperty("port.east_west"), m.group(1), "the probe asks the default east-west port");
        assertEquals("/v1/interconn/node/health", m.group(2));
        assertTrue(instructions("ENTRYPOINT").get(0).contains("/opt/hutong/bin/hutong"));
        String cmd = instructions("CMD").get(instructions("CMD").size() - 1);
        assertTrue(cmd.contains("\"--no-shell\""), cmd);
        assertFalse(cmd.contains("--admin-host"), "the admin plane stays on the container's loopback: " + cmd);
    }

    @Test
    void theComposeExampleMountsFilesThatExistAndHoldsNoSecret() throws IOException {
        String compose = Files.readString(DOCKER.resolve("compose.yaml"));
        Matcher bind = Pattern.compile("- (\\./[^:]+):").matcher(compose);
        int binds = 0;
        while (bind.find()) {
            binds++;
            assertTrue(Files.isRegularFile(DOCKER.resolve(bind.group(1))), "compose mounts " + bind.group(1));
        }
        assertEquals(3, binds, "the PostgreSQL init script and one route per node");
        assertTrue(compose.contains("context: ../../target") && compose.contains("dockerfile: ../src/docker/Dockerfile"));
        assertEquals(DOCKER.resolve("../../target").normalize(), CONTEXT, "the compose build context is the Dockerfile's");
        for (String secret : List.of("POSTGRES_PASSWORD:", "HUTONG_JDBC_PASSWORD:", "HUTONG_ADMIN_TOKEN:")) {
            Matcher v = Pattern.compile("(?m)^\\s+" + secret + "\\s*(\\S+)").matcher(compose);
            while (v.find()) {
                assertTrue(v.group(1).startsWith("${") && v.group(1).contains(":?"),
                        secret + " comes from .env and is required: " + v.group(1));
            }
        }
        for (String node : List.of("alice", "bob")) {
            String peer = node.equals("alice") ? "bob" : "alice";
            Properties route = new Properties();
            try (Reader r = Files.newBufferedReader(DOCKER.resolve(node + "/io.hutong.transport.route~" + peer + ".cfg"))) {
                route.load(r);
            }
            assertEquals(peer, route.getProperty("node.id"));
            assertTrue(route.getProperty("address").startsWith(peer + ":"), "routed to the compose service " + peer);
        }
    }

    @Test
    void theSystemdUnitStartsTheInstalledNodeWithoutAShell() throws IOException {
        String unit = Files.readString(NodeOptions.distribution().resolve("systemd/hutong.service"));
        assertTrue(unit.contains("ExecStart=/opt/hutong/bin/hutong start --no-shell"), unit);
        assertTrue(unit.contains("User=hutong"));
        assertTrue(unit.contains("ReadWritePaths=/opt/hutong/data /opt/hutong/logs /opt/hutong/deploy /opt/hutong/etc"));
    }

    @Test
    void theImageBuildsWhereADockerDaemonAnswers() throws Exception {
        Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Assumptions.assumeTrue(info.waitFor(30, TimeUnit.SECONDS) && info.exitValue() == 0,
                "no Docker daemon answers here; the image's inputs are checked by the other tests");
        Process build = new ProcessBuilder("docker", "build", "-f", DOCKER.resolve("Dockerfile").toString(),
                "-t", "hutong:itest", CONTEXT.toString()).redirectErrorStream(true).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(build.waitFor(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS), "docker build finishes");
        assertEquals(0, build.exitValue(), out);
    }
}
