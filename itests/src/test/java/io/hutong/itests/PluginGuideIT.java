/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs {@code docs/plugin-guide.md} as a plugin author would: its {@code sh} blocks, in order, in one bash —
 * generating a project from the archetype, building it (its unit tests on the test kit and its itest on a
 * node from the distribution), two nodes from the tarball, hot deployment through {@code deploy/} and the
 * console, a governed job, an update under a running task and removal. Then it checks what each step
 * produced. The nested Maven builds resolve Hutong's artifacts from {@code target/author-repo} (installed by
 * maven-invoker-plugin from this build) and everything else from the user's repository or Maven Central.
 */
class PluginGuideIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("<!-- step: (\\w+) -->\\n```sh\\n(.*?)```", Pattern.DOTALL);
    private static final List<String> STEPS = List.of("setup", "generate", "build", "nodes", "deploy", "sample", "partners", "job",
            "update", "remove");

    @Test
    void theGuideRunsFromArchetypeToRemoval() throws Exception {
        Path docs = Path.of(System.getProperty("hutong.docs", "../docs"));
        Map<String, String> steps = steps(Files.readString(docs.resolve("plugin-guide.md")));
        assertEquals(STEPS, List.copyOf(steps.keySet()), "the guide's steps, in order");

        Path target = Path.of("target").toAbsolutePath();
        Path work = target.resolve("plugin-guide");
        deleteTree(work);
        Files.createDirectories(work);
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, settingsXml(Path.of(System.getProperty("user.repo", System.getProperty("user.home") + "/.m2/repository"))));

        StringBuilder script = new StringBuilder("set -euo pipefail\n")
                // the guide starts its nodes in the background; they end with the script, whatever happens
                .append("trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT\n")
                // the author's Maven, on the artifacts this build made
                .append("mvn() { command mvn -s '").append(settings).append("' -Dmaven.repo.local='")
                .append(System.getProperty("hutong.author.repo")).append("' \"$@\"; }\n");
        // each step's header says when it began, so the log shows where the guide spends its time
        steps.forEach((name, body) -> script.append("echo \"### step ").append(name).append("\"; echo \"[${SECONDS} s into the guide]\"\n")
                .append(body));

        Path log = work.resolve("guide.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        // the guide's nodes make their own admin tokens, as an author's do
        env.remove("HUTONG_ADMIN_TOKEN");
        env.put("GUIDE", work.toString());
        env.put("HUTONG_VERSION", System.getProperty("hutong.version"));
        env.put("HUTONG_TARBALL", System.getProperty("hutong.tarball"));
        // the JVM options an author's shell has: the nodes run the full JIT (their RSA-4096 UAS key is cheap only
        // with C2, TESTS11), the guide's thirty CLI runs the client JIT bin/hutong gives them (START7), and the
        // generated project's itest node the options of its own test
        env.remove("JAVA_OPTS");
        env.put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        for (String port : List.of("A_PORT", "A_ADMIN", "A_GRPC", "B_PORT", "B_ADMIN", "B_GRPC")) {
            env.put(port, Integer.toString(NodeOptions.freePort()));
        }
        Process bash = pb.start();
        try {
            boolean ended = bash.waitFor(10, TimeUnit.MINUTES);
            String out = Files.readString(log);
            assertTrue(ended, "the guide did not end within 10 minutes:\n" + tail(out));
            assertEquals(0, bash.exitValue(), "the guide failed:\n" + tail(out));
        } finally {
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
        }
        Map<String, String> outputs = outputs(Files.readString(log));

        // build: the generated project's unit tests (on the kit) and itest (on a node) ran and passed
        Path project = work.resolve("row-count");
        assertEquals(3, passed(project.resolve("target/surefire-reports")), "unit tests of the generated project");
        assertEquals(2, passed(project.resolve("target/failsafe-reports")), "itests of the generated project");
        try (JarFile jar = new JarFile(project.resolve("target/row-count-1.0.0.jar").toFile())) {
            String components = jar.getManifest().getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.example.rowcount.RowCountComponent.xml", components, "a DS component");
            String imports = jar.getManifest().getMainAttributes().getValue("Import-Package");
            assertTrue(imports.contains("io.hutong.api.component;version=\"[1."), imports);
        }

        // job: the scheduler saw all tasks succeed; each party learnt both counts (row_count) and the combined
        // statistics of the amount column (row_stats, over algo-link)
        assertTrue(outputs.get("job").contains("FINISHED (SUCCESS)"), outputs.get("job"));
        JsonNode alice = result(work.resolve("alice/data/storage"), "guest-0", "self_count");
        assertEquals(3, alice.path("self_count").asLong());
        assertEquals(2, alice.path("peer_count").asLong());
        JsonNode bob = result(work.resolve("bob/data/storage"), "host-0", "self_count");
        assertEquals(2, bob.path("self_count").asLong());
        assertEquals(3, bob.path("peer_count").asLong());
        for (JsonNode stats : List.of(result(work.resolve("alice/data/storage"), "guest-0", "combined"),
                result(work.resolve("bob/data/storage"), "host-0", "combined"))) {
            JsonNode combined = stats.path("combined");
            assertEquals(5, combined.path("count").asLong(), stats.toString());
            assertEquals(64.0, combined.path("sum").asDouble(), 1e-9, stats.toString());
            assertEquals(-1.0, combined.path("min").asDouble(), 1e-9, stats.toString());
            assertEquals(30.0, combined.path("max").asDouble(), 1e-9, stats.toString());
        }

        // update: the task that ran across the update kept 1.0.0, the next one ran 1.1.0; both ended when cancelled
        String update = outputs.get("update");
        // (the cancel answers with the task as it ended: still 1.0.0, and running until cancelled)
        assertTrue(Pattern.compile("task +waiting\\ncomponent row_count 1\\.0\\.0 \\(role guest\\)\\nstatus +FAILED: cancelled")
                .matcher(update).find(), update);
        assertTrue(Pattern.compile("task +next\\ncomponent row_count 1\\.1\\.0 \\(role guest\\)\\nstatus +RUNNING")
                .matcher(update).find(), update);

        // remove: gone from both nodes; a task of it is refused, naming what the node has
        assertTrue(outputs.get("remove").contains("no component row_count is registered on this node"), outputs.get("remove"));
    }

    private static Map<String, String> steps(String guide) {
        Map<String, String> steps = new LinkedHashMap<>();
        Matcher m = STEP.matcher(guide);
        while (m.find()) {
            steps.put(m.group(1), m.group(2));
        }
        return steps;
    }

    /** @return each step's output, split at the markers the script echoes */
    private static Map<String, String> outputs(String log) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] parts = log.split("### step ");
        for (int i = 1; i < parts.length; i++) {
            int nl = parts[i].indexOf('\n');
            out.put(parts[i].substring(0, nl), parts[i].substring(nl + 1));
        }
        return out;
    }

    /** @return tests passed in a directory of Surefire/Failsafe XML reports; any failure fails here */
    private static int passed(Path reports) throws IOException {
        int passed = 0;
        try (Stream<Path> files = Files.list(reports)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                String head = Files.readString(f, StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("<testsuite [^>]*").matcher(head);
                assertTrue(m.find(), f.toString());
                int tests = attr(m.group(), "tests");
                assertEquals(0, attr(m.group(), "failures") + attr(m.group(), "errors") + attr(m.group(), "skipped"), f + ": " + m.group());
                passed += tests;
            }
        }
        return passed;
    }

    private static int attr(String element, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"(\\d+)\"").matcher(element);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** @return the job output of a party that has a field (the job's two components both write {@code result}) */
    private static JsonNode result(Path storage, String party, String field) throws IOException {
        try (Stream<Path> all = Files.walk(storage)) {
            for (Path file : all.filter(p -> p.getParent().getFileName().toString().endsWith("-" + party)
                    && p.getFileName().toString().endsWith("-result")).toList()) {
                JsonNode result = JSON.readTree(file.toFile());
                if (result.has(field)) {
                    return result;
                }
            }
            throw new AssertionError("no job result of " + party + " with " + field + " under " + storage);
        }
    }

    private static String settingsXml(Path userRepo) {
        // the user's repository as a remote one: what this build already downloaded is not fetched again
        String repo = "<id>user-repo</id><url>" + userRepo.toUri() + "</url><snapshots><enabled>false</enabled></snapshots>";
        return "<settings><profiles><profile><id>user-repo</id>"
                + "<repositories><repository>" + repo + "</repository></repositories>"
                + "<pluginRepositories><pluginRepository>" + repo + "</pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>user-repo</activeProfile></activeProfiles></settings>\n";
    }

    private static String tail(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
