/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A few lines of protobuf wire format for the tests, so they check the bytes on the wire against
 * the field numbers of the standard without any generated or Hutong code.
 */
final class Proto {

    private Proto() {
    }

    /** @return field {@code number} as a length-delimited record (wire type 2) holding {@code value} */
    static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((number << 3) | 2);
        varint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** @return the parts one after the other (fields of one message) */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** @return the last length-delimited field {@code number} of {@code msg}, {@code null} when absent */
    static byte[] bytes(byte[] msg, int number) {
        byte[] found = null;
        int i = 0;
        while (i < msg.length) {
            long[] key = readVarint(msg, i);
            i = (int) key[1];
            int field = (int) (key[0] >>> 3);
            int type = (int) (key[0] & 7);
            switch (type) {
                case 0 -> i = (int) readVarint(msg, i)[1];
                case 1 -> i += 8;
                case 5 -> i += 4;
                case 2 -> {
                    long[] len = readVarint(msg, i);
                    int start = (int) len[1];
                    int end = start + (int) len[0];
                    if (field == number) {
                        found = java.util.Arrays.copyOfRange(msg, start, end);
                    }
                    i = end;
                }
                default -> throw new AssertionError("unexpected wire type " + type + " in reply");
            }
        }
        return found;
    }

    static String string(byte[] msg, int number) {
        byte[] b = bytes(msg, number);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    private static long[] readVarint(byte[] b, int i) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte x = b[i++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return new long[] {v, i};
            }
            shift += 7;
        }
    }
}
