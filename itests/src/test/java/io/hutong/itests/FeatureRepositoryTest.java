/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.launcher.FeatureProfile;

/** The feature descriptors are the one list of what a node contains; the distribution must carry all of it. */
class FeatureRepositoryTest {

    private final Path dist = NodeOptions.distribution();

    @Test
    void everyBundleOfEveryFeatureIsInTheDistribution() throws IOException {
        try (Stream<Path> files = Files.list(dist.resolve("features"))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString().replace(".json", "");
                for (FeatureProfile.BundleRef ref : FeatureProfile.load(dist.resolve("features"), name).bundles()) {
                    assertTrue(Files.isRegularFile(ref.path(dist.resolve("system"))),
                            name + " names " + ref.id() + " but the distribution's system/ lacks it");
                }
            }
        }
    }

    @Test
    void theNodeProfileIsTheAggregateOfEveryOtherFeature() throws IOException {
        FeatureProfile node = FeatureProfile.load(dist.resolve("features"), "node");
        Set<String> all = new HashSet<>();
        Set<String> bundles = new HashSet<>();
        try (Stream<Path> files = Files.list(dist.resolve("features"))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString().replace(".json", "");
                if (name.equals("war")) {
                    continue; // the node of hutong.war, an aggregate too (below)
                }
                all.add(name);
                if (!name.equals("node")) {
                    FeatureProfile.load(dist.resolve("features"), name).bundles().forEach(b -> bundles.add(b.id() + "@" + b.startOrder()));
                }
            }
        }
        assertEquals(all, new HashSet<>(node.features()));
        assertTrue(node.features().containsAll(List.of("core", "transport", "management", "control", "tee", "console")));
        Set<String> inNode = new HashSet<>();
        node.bundles().forEach(b -> inNode.add(b.id() + "@" + b.startOrder()));
        assertEquals(bundles, inNode, "the node holds every feature's bundles at their start order, and nothing else");
        assertTrue(node.configurations().containsKey("io.hutong.store"));
        assertTrue(node.configurations().values().stream().noneMatch(c -> c.keySet().stream().anyMatch(k -> k.startsWith(":configurator:"))),
                "no aggregation bookkeeping reaches the Configurator");
    }

    @Test
    void theWarProfileIsTheNodeWithItsEastWestPlaneOnTheBridgeAndTheServersServletApi() throws IOException {
        FeatureProfile node = FeatureProfile.load(dist.resolve("features"), "node");
        FeatureProfile war = FeatureProfile.load(dist.resolve("features"), "war");
        Set<String> inNode = new HashSet<>();
        node.bundles().forEach(b -> inNode.add(b.groupId() + ":" + b.artifactId()));
        Set<String> inWar = new HashSet<>();
        war.bundles().forEach(b -> inWar.add(b.groupId() + ":" + b.artifactId()));
        Set<String> added = new HashSet<>(inWar);
        added.removeAll(inNode);
        assertEquals(Set.of("org.apache.felix:org.apache.felix.http.bridge"), added);
        assertTrue(inWar.containsAll(inNode), "every bundle of the node is in the WAR's");
        FeatureProfile.BundleRef servletApi = war.bundles().stream()
                .filter(b -> b.artifactId().equals("org.apache.felix.http.servlet-api")).findFirst().orElseThrow();
        assertTrue(servletApi.version().startsWith("1."), "only javax.servlet; jakarta.servlet is the server's: " + servletApi);
        assertEquals("east_west", war.bridgedPlane());
        assertEquals(null, node.bridgedPlane(), "a standalone node serves every plane on its own listeners");
        assertTrue(war.frameworkProperties(Map.of("hutong.home", "/h", "hutong.data", "/d", "hutong.port.east_west", "1", "hutong.host", "h")).get("org.osgi.framework.system.packages.extra").contains("jakarta.servlet;version=6.0.0"));
        assertEquals("false", String.valueOf(war.configurations().get("org.apache.felix.http").get("org.apache.felix.http.enable")),
                "the default (east-west) Jetty listener does not open in the WAR");
        assertEquals(node.configurations().get("org.apache.felix.http~admin"), war.configurations().get("org.apache.felix.http~admin"),
                "the admin plane keeps its Jetty listener");
    }

    @Test
    void placeholdersAreFilledAndAMissingOneIsNamed() {
        assertEquals("port 7304", FeatureProfile.resolve("port ${p}", Map.of("p", "7304")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureProfile.resolve("${nope}", Map.of()));
        assertTrue(e.getMessage().contains("${nope}"));
    }

    @Test
    void aMissingOrBrokenFeatureIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notjson.json"), "{\"id\": ");
        Files.writeString(dir.resolve("noid.json"), "{\"bundles\": []}");
        assertTrue(assertThrows(IOException.class, () -> FeatureProfile.load(dir, "missing")).getMessage().contains("no feature missing"));
        assertTrue(assertThrows(IOException.class, () -> FeatureProfile.load(dir, "notjson")).getMessage().contains("notjson.json"));
        assertTrue(assertThrows(IOException.class, () -> FeatureProfile.load(dir, "noid")).getMessage().contains("noid.json"));
    }
}
