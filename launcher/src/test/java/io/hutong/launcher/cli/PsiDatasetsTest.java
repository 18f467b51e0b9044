/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's datasets: the intersection the generator promises is the one a correct PSI must find. */
class PsiDatasetsTest {

    @TempDir
    Path tmp;

    private static List<String> rows(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        return lines.subList(1, lines.size());
    }

    private static String id(String row) {
        return row.substring(0, row.indexOf(','));
    }

    @Test
    void theExpectedResultIsEachPartysRowsWhoseIdTheOtherHasInInputOrder() throws Exception {
        PsiDatasets d = PsiDatasets.generate(10_000, 0.3, 7);
        d.writeAlice(tmp.resolve("a/alice.csv"));
        d.writeBob(tmp.resolve("b/bob.csv"));
        List<String> alice = rows(tmp.resolve("a/alice.csv"));
        List<String> bob = rows(tmp.resolve("b/bob.csv"));
        assertEquals(10_000, alice.size());
        assertEquals(10_000, bob.size());
        assertEquals("id,age", Files.readAllLines(tmp.resolve("a/alice.csv")).get(0));
        assertEquals("id,score", Files.readAllLines(tmp.resolve("b/bob.csv")).get(0));

        Set<String> aliceIds = new LinkedHashSet<>();
        alice.forEach(r -> aliceIds.add(id(r)));
        Set<String> bobIds = new HashSet<>();
        bob.forEach(r -> bobIds.add(id(r)));
        assertEquals(10_000, aliceIds.size(), "ids are unique within a dataset");
        assertEquals(10_000, bobIds.size());

        // the intersection computed naively from the files
        List<String> aliceMatches = new ArrayList<>(List.of("id,age"));
        alice.stream().filter(r -> bobIds.contains(id(r))).forEach(aliceMatches::add);
        List<String> bobMatches = new ArrayList<>(List.of("id,score"));
        bob.stream().filter(r -> aliceIds.contains(id(r))).forEach(bobMatches::add);
        assertEquals(3_000, d.common());
        assertEquals(3_001, aliceMatches.size());
        assertEquals(aliceMatches, d.expectedAlice());
        assertEquals(bobMatches, d.expectedBob());
        // shuffled: the common rows are not simply the first ones
        assertNotEquals(alice.subList(0, 3_000), aliceMatches.subList(1, 3_001));
    }

    @Test
    void theSameSeedGivesTheSameFilesAndAnotherSeedOthers() throws Exception {
        PsiDatasets.generate(500, 0.3, 1).writeAlice(tmp.resolve("1.csv"));
        PsiDatasets.generate(500, 0.3, 1).writeAlice(tmp.resolve("2.csv"));
        PsiDatasets.generate(500, 0.3, 2).writeAlice(tmp.resolve("3.csv"));
        assertEquals(Files.readString(tmp.resolve("1.csv")), Files.readString(tmp.resolve("2.csv")));
        assertNotEquals(Files.readString(tmp.resolve("1.csv")), Files.readString(tmp.resolve("3.csv")));
    }

    @Test
    void edgeSizesAndShares() {
        assertEquals(List.of("id,age"), PsiDatasets.generate(0, 0.3, 1).expectedAlice());
        assertEquals(1, PsiDatasets.generate(1, 1.0, 1).common());
        assertEquals(0, PsiDatasets.generate(1000, 0.0, 1).common());
        assertEquals(PsiDatasets.generate(1000, 1.0, 1).expectedAlice().size(), 1001);
        assertThrows(IllegalArgumentException.class, () -> PsiDatasets.generate(10, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> PsiDatasets.generate(-1, 0.3, 1));
    }

    @Test
    void aResultIsAcceptedOnlyWhenItIsExactlyTheIntersectionInOrder() throws Exception {
        PsiDatasets d = PsiDatasets.generate(100, 0.3, 3);
        List<String> expected = d.expectedAlice();
        Path result = tmp.resolve("result.csv");

        Files.write(result, expected);
        assertNull(PsiDatasets.compare("alice", result, expected));
        Files.writeString(result, String.join("\r\n", expected) + "\r\n");
        assertNull(PsiDatasets.compare("alice", result, expected), "CRLF line ends are the same rows");

        List<String> swapped = new ArrayList<>(expected);
        swapped.set(1, expected.get(2));
        swapped.set(2, expected.get(1));
        Files.write(result, swapped);
        String diff = PsiDatasets.compare("alice", result, expected);
        assertTrue(diff != null && diff.contains("line 2"), diff);

        Files.write(result, expected.subList(0, expected.size() - 1));
        diff = PsiDatasets.compare("alice", result, expected);
        assertEquals("alice's result has 29 rows, the known intersection 30", diff);

        List<String> extra = new ArrayList<>(expected);
        extra.add("c0000000000000000,1");
        Files.write(result, extra);
        assertTrue(PsiDatasets.compare("alice", result, expected).contains("31 rows"));

        Files.writeString(result, "");
        assertTrue(PsiDatasets.compare("alice", result, expected).contains("is empty"));
        assertTrue(PsiDatasets.compare("bob", tmp.resolve("none.csv"), expected).contains("does not exist"));
    }
}
