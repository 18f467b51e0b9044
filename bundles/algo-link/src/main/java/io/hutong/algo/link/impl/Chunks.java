/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link.impl;

import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.ByteString;

/**
 * One CHUNKED message being put together, pieces arriving in any order (spec 52 §2). Memory follows the bytes that
 * actually arrived, never the {@code message_length} a peer claims: the whole buffer is allocated only once every
 * byte is there. Pieces that contradict each other are a protocol violation and fail the link.
 */
final class Chunks {

    /** A peer's chunk that cannot be part of a consistent message. */
    static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message);
        }
    }

    private final long length;
    private final TreeMap<Long, ByteString> pieces = new TreeMap<>();
    private long filled;

    /**
     * @param length   the message length the first piece announced
     * @param maxBytes the largest message this link accepts
     */
    Chunks(long length, long maxBytes) throws Violation {
        if (length < 0 || length > maxBytes) {
            throw new Violation("announces a message of " + Long.toUnsignedString(length) + " bytes; this link accepts"
                    + " at most " + maxBytes);
        }
        this.length = length;
    }

    /**
     * Adds one piece. An exact repeat of a piece already held (a carrier delivering twice) is ignored.
     *
     * @throws Violation when the piece announces another length, lies outside the message, is empty, or overlaps a
     *                   different piece
     */
    void add(long announcedLength, long offset, ByteString piece) throws Violation {
        if (announcedLength != length) {
            throw new Violation("announces a message of " + Long.toUnsignedString(announcedLength)
                    + " bytes, an earlier chunk of it " + length);
        }
        if (offset < 0 || piece.isEmpty() || offset > length - piece.size()) {
            throw new Violation("has a chunk of " + piece.size() + " bytes at offset " + Long.toUnsignedString(offset)
                    + ", outside the " + length + "-byte message");
        }
        ByteString same = pieces.get(offset);
        if (same != null) {
            if (same.equals(piece)) {
                return;
            }
            throw new Violation("has two different chunks at offset " + offset);
        }
        Map.Entry<Long, ByteString> before = pieces.lowerEntry(offset);
        Map.Entry<Long, ByteString> after = pieces.higherEntry(offset);
        if (before != null && before.getKey() + before.getValue().size() > offset
                || after != null && offset + piece.size() > after.getKey()) {
            throw new Violation("has overlapping chunks at offsets " + (before != null ? before.getKey() + " and " : "")
                    + offset + (after != null ? " and " + after.getKey() : ""));
        }
        pieces.put(offset, piece);
        filled += piece.size();
    }

    /** @return whether every byte arrived */
    boolean complete() {
        return filled == length;
    }

    /** @return the message; only when {@link #complete()} */
    byte[] assemble() {
        byte[] data = new byte[(int) length];
        pieces.forEach((offset, piece) -> piece.copyTo(data, (int) (long) offset));
        return data;
    }
}
