/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A CSV dataset as ECDH-PSI reads and writes it (51 §3, Hutong decision PSI6): a header line, then one row per
 * line; items are streamed from the file, never held whole, and the result is the header plus the matching rows
 * copied byte for byte in input order.
 */
public final class CsvItems {

    private static final char BOM = '\uFEFF';

    private CsvItems() {
    }

    /**
     * @return the number of data rows (lines after the header)
     * @throws IOException if the file cannot be read or has no header line
     */
    public static long countRows(Path csv) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            header(reader, csv);
            long rows = 0;
            while (reader.readLine() != null) {
                rows++;
            }
            return rows;
        }
    }

    /**
     * Streams the canonical item bytes of every data row.
     *
     * @param keys the key columns, in joining order
     * @return an iterator over the rows' item bytes, in file order; closes the file at its end. A row without a
     *         value for a key column ends the iteration with an {@link IllegalArgumentException} naming the line.
     * @throws IOException              if the file cannot be opened or has no header
     * @throws IllegalArgumentException if a key column is not in the header
     */
    public static Iterator<byte[]> items(Path csv, List<String> keys) throws IOException {
        BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        ItemKeys itemKeys;
        try {
            itemKeys = ItemKeys.of(header(reader, csv), keys);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return new Iterator<>() {
            private String next = read();
            private long line = 1;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public byte[] next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String current = next;
                line++;
                byte[] item;
                try {
                    item = itemKeys.itemBytes(current);
                } catch (IllegalArgumentException e) {
                    close();
                    throw new IllegalArgumentException(csv.getFileName() + " line " + line + ": " + e.getMessage(), e);
                }
                next = read();
                return item;
            }

            private String read() {
                try {
                    String l = reader.readLine();
                    if (l == null) {
                        reader.close();
                    }
                    return l;
                } catch (IOException e) {
                    close();
                    throw new UncheckedIOException(e);
                }
            }

            private void close() {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // already failing; the first error is the one to report
                }
            }
        };
    }

    /**
     * Writes the header and the data rows whose positions are set, in input order.
     *
     * @return the number of rows written (without the header)
     */
    public static long writeRows(Path input, BitSet rows, Path output) throws IOException {
        long written = 0;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            writer.write(header(reader, input));
            writer.write('\n');
            int index = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine(), index++) {
                if (rows.get(index)) {
                    writer.write(line);
                    writer.write('\n');
                    written++;
                }
            }
        }
        return written;
    }

    private static String header(BufferedReader reader, Path csv) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new IOException(csv.getFileName() + " is empty: a CSV dataset starts with a header line");
        }
        return !header.isEmpty() && header.charAt(0) == BOM ? header.substring(1) : header;
    }
}
