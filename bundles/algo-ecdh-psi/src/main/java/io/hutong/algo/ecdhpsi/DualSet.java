/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

/**
 * The peer's 12-byte dual ciphertexts (51 §3), kept compactly for the comparison: an open-addressing hash set of
 * 96-bit values in primitive arrays (13 bytes per slot, at most half the slots used: 1 M items take 26–52 MiB), with
 * no object per item.
 * Not thread-safe: one thread fills it, then any thread may query it.
 */
public final class DualSet {

    private long[] high;
    private int[] low;
    private boolean[] used;
    private int size;
    private int mask;

    /** @param expected the number of values expected (the set grows beyond it if needed) */
    public DualSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    /** Adds the {@link EcdhCipher#DUAL_LENGTH} bytes at {@code offset}; returns false if they were there already. */
    public boolean add(byte[] bytes, int offset) {
        return insert(high(bytes, offset), low(bytes, offset));
    }

    /** @return whether the {@link EcdhCipher#DUAL_LENGTH} bytes at {@code offset} are in the set */
    public boolean contains(byte[] bytes, int offset) {
        long h = high(bytes, offset);
        int l = low(bytes, offset);
        for (int i = slot(h, l); used[i]; i = (i + 1) & mask) {
            if (high[i] == h && low[i] == l) {
                return true;
            }
        }
        return false;
    }

    /** @return distinct values held */
    public int size() {
        return size;
    }

    private boolean insert(long h, int l) {
        if ((size + 1) * 2 > high.length) {
            grow();
        }
        int i = slot(h, l);
        for (; used[i]; i = (i + 1) & mask) {
            if (high[i] == h && low[i] == l) {
                return false;
            }
        }
        used[i] = true;
        high[i] = h;
        low[i] = l;
        size++;
        return true;
    }

    private void grow() {
        long[] oldHigh = high;
        int[] oldLow = low;
        boolean[] oldUsed = used;
        allocate(oldHigh.length * 2);
        size = 0;
        for (int i = 0; i < oldHigh.length; i++) {
            if (oldUsed[i]) {
                insert(oldHigh[i], oldLow[i]);
            }
        }
    }

    private void allocate(int capacity) {
        high = new long[capacity];
        low = new int[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
    }

    private int slot(long h, int l) {
        // the values are outputs of a scalar multiplication, already uniform; mix anyway against crafted input
        long x = (h ^ ((long) l << 32) ^ l) * 0x9E3779B97F4A7C15L;
        return (int) (x >>> 32) & mask;
    }

    private static long high(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static int low(byte[] b, int off) {
        return ((b[off + 8] & 0xff) << 24) | ((b[off + 9] & 0xff) << 16) | ((b[off + 10] & 0xff) << 8)
                | (b[off + 11] & 0xff);
    }
}
