/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.examples.rowstats;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads one numeric column of a CSV file (a header row, then one row per line, fields separated by commas, no quoted
 * commas) into its {@link ColumnStats}.
 */
final class ColumnReader {

    /** Plain decimal numbers only: no NaN, Infinity, hexadecimal or Java suffixes that {@code parseDouble} takes. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private ColumnReader() {
    }

    /**
     * @param csv    the file
     * @param column the header of the column to read
     * @return the column's statistics; blank lines are skipped
     * @throws IOException when the file cannot be read, has no header or no such column, or a row has no number in
     *                     the column; the message names the row (1 = first after the header) and its line
     */
    static ColumnStats read(Path csv, String column) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new IOException("the input has no header row");
            }
            List<String> names = fields(header.startsWith("\uFEFF") ? header.substring(1) : header);
            int index = names.indexOf(column);
            if (index < 0) {
                throw new IOException("the input has no column '" + column + "'; its columns: " + names);
            }
            ColumnStats stats = ColumnStats.EMPTY;
            long row = 0;
            long lineNo = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                row++;
                List<String> fields = fields(line);
                if (index >= fields.size()) {
                    throw new IOException("row " + row + " (line " + lineNo + ") has " + fields.size()
                            + " fields, no value in column '" + column + "'");
                }
                String value = fields.get(index);
                if (!NUMBER.matcher(value).matches()) {
                    throw new IOException("row " + row + " (line " + lineNo + "): column '" + column + "' holds '"
                            + abbreviate(value) + "', not a number");
                }
                double v = Double.parseDouble(value);
                if (!Double.isFinite(v)) {
                    throw new IOException("row " + row + " (line " + lineNo + "): column '" + column + "' value "
                            + abbreviate(value) + " is out of range");
                }
                try {
                    stats = stats.add(v);
                } catch (ArithmeticException e) {
                    throw new IOException("row " + row + " (line " + lineNo + "): " + e.getMessage(), e);
                }
            }
            return stats;
        }
    }

    private static List<String> fields(String line) {
        return java.util.Arrays.stream(line.split(",", -1)).map(ColumnReader::unquote).toList();
    }

    private static String unquote(String field) {
        String f = field.strip();
        return f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1) : f;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
