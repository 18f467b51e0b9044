/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The dual set answers membership of 12-byte values exactly, beyond its initial size and for near-misses. */
class DualSetTest {

    @Test
    void answersExactlyLikeAHashSetOfTheValues() {
        SplittableRandom random = new SplittableRandom(3);
        DualSet set = new DualSet(10); // grows far beyond
        Set<String> reference = new HashSet<>();
        byte[] buffer = new byte[100 * 12];
        for (int round = 0; round < 500; round++) {
            random.nextBytes(buffer);
            for (int i = 0; i < 100; i += 2) {
                boolean added = set.add(buffer, i * 12);
                assertEquals(reference.add(HexFormat.of().formatHex(buffer, i * 12, i * 12 + 12)), added);
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(reference.contains(HexFormat.of().formatHex(buffer, i * 12, i * 12 + 12)),
                        set.contains(buffer, i * 12));
            }
        }
        assertEquals(reference.size(), set.size());
    }

    @Test
    void tellsApartValuesThatDifferInOneBitAnywhere() {
        byte[] value = new byte[12];
        DualSet set = new DualSet(1);
        assertTrue(set.add(value, 0));
        assertFalse(set.add(value.clone(), 0));
        for (int bit = 0; bit < 96; bit++) {
            byte[] near = new byte[12];
            near[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(set.contains(near, 0), "bit " + bit);
        }
        assertTrue(set.contains(new byte[20], 8));
    }
}
