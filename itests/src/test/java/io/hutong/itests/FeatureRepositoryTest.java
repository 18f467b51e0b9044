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
    void theNodeProfileIncludesEveryOtherFeature() throws IOException {
        FeatureProfile node = FeatureProfile.load(dist.resolve("features"), "node");
        Set<String> all = new HashSet<>();
        try (Stream<Path> files = Files.list(dist.resolve("features"))) {
            files.forEach(f -> all.add(f.getFileName().toString().replace(".json", "")));
        }
        assertEquals(all, new HashSet<>(node.features()));
        assertTrue(node.features().containsAll(List.of("core", "transport", "management", "control", "tee", "console")));
    }

    @Test
    void placeholdersAreFilledAndAMissingOneIsNamed() {
        assertEquals("port 7304", FeatureProfile.resolve("port ${p}", Map.of("p", "7304")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureProfile.resolve("${nope}", Map.of()));
        assertTrue(e.getMessage().contains("${nope}"));
    }

    @Test
    void conflictingVersionsAndCyclesAreRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\"id\":\"x:a:slingosgifeature:a:1\",\"bundles\":[{\"id\":\"g:b:1.0\"}]}");
        Files.writeString(dir.resolve("b.json"), "{\"id\":\"x:a:slingosgifeature:b:1\",\"bundles\":[{\"id\":\"g:b:2.0\"}]}");
        Files.writeString(dir.resolve("ab.json"), "{\"id\":\"x:a:slingosgifeature:ab:1\",\"hutong-includes:JSON|true\":[\"a\",\"b\"]}");
        Files.writeString(dir.resolve("loop.json"), "{\"id\":\"x:a:slingosgifeature:loop:1\",\"hutong-includes:JSON|true\":[\"loop\"]}");
        assertTrue(assertThrows(IOException.class, () -> FeatureProfile.load(dir, "ab")).getMessage().contains("g:b"));
        assertTrue(assertThrows(IOException.class, () -> FeatureProfile.load(dir, "loop")).getMessage().contains("itself"));
        assertTrue(assertThrows(IOException.class, () -> FeatureProfile.load(dir, "missing")).getMessage().contains("no feature missing"));
    }
}
