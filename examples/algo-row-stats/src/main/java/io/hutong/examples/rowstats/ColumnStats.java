/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.examples.rowstats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The aggregates one party reveals about its numeric column: how many rows, their sum, smallest and largest value;
 * with the 36-byte message that carries them over the link.
 * <p>The message is {@code "RST1"}, then {@code count} (int64), {@code sum}, {@code min}, {@code max} (IEEE 754
 * doubles), big-endian. It is parsed strictly, because the peer's bytes are as untrusted as any network input: any
 * other length or tag, a negative count, a non-finite number, {@code min > max}, or an empty column with non-zero
 * values is refused with a message saying which.
 *
 * @param count rows of the column, zero or more
 * @param sum   their sum, 0 when there are none
 * @param min   the smallest value, 0 when there are none
 * @param max   the largest value, 0 when there are none
 */
public record ColumnStats(long count, double sum, double min, double max) {

    /** The length of an encoded message. */
    public static final int MESSAGE_BYTES = 4 + 8 + 3 * 8;

    private static final byte[] TAG = "RST1".getBytes(StandardCharsets.US_ASCII);

    /** The statistics of a column without rows. */
    public static final ColumnStats EMPTY = new ColumnStats(0, 0, 0, 0);

    /**
     * @throws IllegalArgumentException for statistics no column can have (see the class description)
     */
    public ColumnStats {
        if (count < 0) {
            throw new IllegalArgumentException("count is negative: " + count);
        }
        if (!Double.isFinite(sum) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("sum, min and max must be finite numbers, not " + sum + ", " + min
                    + ", " + max);
        }
        if (count == 0 && (sum != 0 || min != 0 || max != 0)) {
            throw new IllegalArgumentException("an empty column has sum, min and max 0, not " + sum + ", " + min
                    + ", " + max);
        }
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
    }

    /**
     * @return these statistics with one more value
     * @throws ArithmeticException when the sum leaves the range of a double
     */
    public ColumnStats add(double value) {
        double s = sum + value;
        if (!Double.isFinite(s)) {
            throw new ArithmeticException("the sum of the column exceeds the range of a double");
        }
        return count == 0 ? new ColumnStats(1, value, value, value)
                : new ColumnStats(count + 1, s, Math.min(min, value), Math.max(max, value));
    }

    /**
     * @return the statistics of both columns together
     * @throws ArithmeticException when the combined count or sum overflows
     */
    public ColumnStats combine(ColumnStats other) {
        if (count == 0) {
            return other;
        }
        if (other.count == 0) {
            return this;
        }
        double s = sum + other.sum;
        if (!Double.isFinite(s)) {
            throw new ArithmeticException("the combined sum exceeds the range of a double");
        }
        return new ColumnStats(Math.addExact(count, other.count), s, Math.min(min, other.min),
                Math.max(max, other.max));
    }

    /** @return the arithmetic mean, NaN for an empty column */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** @return the message that carries these statistics to the peer */
    public byte[] encode() {
        return ByteBuffer.allocate(MESSAGE_BYTES).put(TAG).putLong(count).putDouble(sum).putDouble(min)
                .putDouble(max).array();
    }

    /**
     * Reads the peer's message.
     *
     * @throws IllegalArgumentException when the bytes are not exactly a message of valid statistics, saying why
     */
    public static ColumnStats decode(byte[] message) {
        if (message == null || message.length != MESSAGE_BYTES) {
            throw new IllegalArgumentException("expected " + MESSAGE_BYTES + " bytes, got "
                    + (message == null ? "none" : message.length));
        }
        if (!Arrays.equals(message, 0, TAG.length, TAG, 0, TAG.length)) {
            throw new IllegalArgumentException("not a row_stats message (no RST1 tag)");
        }
        ByteBuffer b = ByteBuffer.wrap(message, TAG.length, MESSAGE_BYTES - TAG.length);
        return new ColumnStats(b.getLong(), b.getDouble(), b.getDouble(), b.getDouble());
    }
}
