/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns rows of a CSV dataset into the canonical item bytes ECDH-PSI hashes (51 §3): the line is split on
 * {@code ,} (no quoting), the key fields are taken in the configured order, each stripped of ASCII whitespace,
 * joined with {@code ,}, and encoded as UTF-8. Two parties that select the same key values get the same bytes
 * whatever the other columns, the column order or the padding around values.
 */
public final class ItemKeys {

    private final List<String> keys;
    private final int[] columns;
    private final int width;

    private ItemKeys(List<String> keys, int[] columns, int width) {
        this.keys = keys;
        this.columns = columns;
        this.width = width;
    }

    /**
     * Resolves key column names against a CSV header line.
     *
     * @param header the first line of the dataset
     * @param keys   the key column names in the order their values are joined (at least one)
     * @throws IllegalArgumentException if no key is given, a key is named twice, or a key is not a column, naming
     *                                  the key and the columns there are
     */
    public static ItemKeys of(String header, List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key column is needed");
        }
        String[] names = split(header);
        for (int i = 0; i < names.length; i++) {
            names[i] = strip(names[i]);
        }
        int[] columns = new int[keys.size()];
        List<String> cleaned = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            String key = strip(keys.get(k));
            if (cleaned.contains(key)) {
                throw new IllegalArgumentException("key column '" + key + "' is named twice");
            }
            cleaned.add(key);
            columns[k] = Arrays.asList(names).indexOf(key);
            if (columns[k] < 0) {
                throw new IllegalArgumentException("key column '" + key + "' is not in the header; columns are "
                        + Arrays.toString(names));
            }
        }
        return new ItemKeys(List.copyOf(cleaned), columns, names.length);
    }

    /** @return the key column names, in joining order */
    public List<String> keys() {
        return keys;
    }

    /**
     * @param line a data line of the dataset (without its line terminator)
     * @return the item's canonical bytes
     * @throws IllegalArgumentException if the line has too few fields for a key column
     */
    public byte[] itemBytes(String line) {
        String[] fields = split(line);
        StringBuilder item = new StringBuilder();
        for (int k = 0; k < columns.length; k++) {
            if (columns[k] >= fields.length) {
                throw new IllegalArgumentException("the row has " + fields.length + " fields of " + width
                        + ", no value for key column '" + keys.get(k) + "'");
            }
            if (k > 0) {
                item.append(',');
            }
            item.append(strip(fields[columns[k]]));
        }
        return item.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String[] split(String line) {
        // -1 keeps trailing empty fields, so "a,b," has three fields as in the reference
        return line.split(",", -1);
    }

    /** Strips ASCII whitespace (space, \t, \n, \v, \f, \r) only; other Unicode spaces are part of the value. */
    static String strip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isAsciiSpace(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isAsciiSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
