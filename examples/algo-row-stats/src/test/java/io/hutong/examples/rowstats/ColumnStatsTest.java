/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.examples.rowstats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The statistics message: what an honest peer sends round-trips, everything else is refused with a reason. */
class ColumnStatsTest {

    @Test
    void statisticsRoundTripThroughTheMessage() {
        ColumnStats s = ColumnStats.EMPTY.add(3).add(-1.25).add(7);
        assertEquals(new ColumnStats(3, 8.75, -1.25, 7), ColumnStats.decode(s.encode()));
        assertEquals(ColumnStats.EMPTY, ColumnStats.decode(ColumnStats.EMPTY.encode()));
    }

    @Test
    void hostileMessagesAreRefusedSayingWhy() {
        assertRefused(null, "expected 36 bytes, got none");
        assertRefused(new byte[0], "expected 36 bytes, got 0");
        assertRefused(Arrays.copyOf(ColumnStats.EMPTY.encode(), 37), "expected 36 bytes, got 37");
        assertRefused(Arrays.copyOf(ColumnStats.EMPTY.encode(), 35), "expected 36 bytes, got 35");
        byte[] tag = ColumnStats.EMPTY.encode();
        tag[3] = '2';
        assertRefused(tag, "not a row_stats message (no RST1 tag)");
        assertRefused(message(Long.MIN_VALUE, 0, 0, 0), "count is negative: " + Long.MIN_VALUE);
        assertRefused(message(1, Double.POSITIVE_INFINITY, 1, 1), "sum, min and max must be finite numbers, not"
                + " Infinity, 1.0, 1.0");
        assertRefused(message(1, 1, Double.NaN, 1), "sum, min and max must be finite numbers, not 1.0, NaN, 1.0");
        assertRefused(message(2, 3, 2, 1), "min 2.0 is above max 1.0");
        assertRefused(message(0, 5, 0, 0), "an empty column has sum, min and max 0, not 5.0, 0.0, 0.0");
    }

    @Test
    void sumsBeyondTheRangeOfADoubleAreAnErrorNotInfinity() {
        ColumnStats big = ColumnStats.EMPTY.add(Double.MAX_VALUE);
        assertThrows(ArithmeticException.class, () -> big.add(Double.MAX_VALUE));
        assertThrows(ArithmeticException.class, () -> big.combine(big));
        assertThrows(ArithmeticException.class,
                () -> new ColumnStats(Long.MAX_VALUE, 1, 1, 1).combine(new ColumnStats(1, 1, 1, 1)));
    }

    private static void assertRefused(byte[] message, String why) {
        assertEquals(why, assertThrows(IllegalArgumentException.class, () -> ColumnStats.decode(message))
                .getMessage());
    }

    private static byte[] message(long count, double sum, double min, double max) {
        return ByteBuffer.allocate(36).put("RST1".getBytes(StandardCharsets.US_ASCII)).putLong(count).putDouble(sum)
                .putDouble(min).putDouble(max).array();
    }
}
