/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV dataset is read as the reference reads it and the result keeps the header and the rows in input order. */
class CsvItemsTest {

    @TempDir
    Path dir;

    @Test
    void streamsItemBytesOfEveryRowAndCountsThem() throws IOException {
        Path csv = write("\uFEFFid,name,phone\r\n1, 张三 ,138\r\n2,李四,139\r\n3,,\r\n");
        assertEquals(3, CsvItems.countRows(csv));
        List<String> items = new ArrayList<>();
        CsvItems.items(csv, List.of("phone", "name")).forEachRemaining(b -> items.add(new String(b,
                StandardCharsets.UTF_8)));
        assertEquals(List.of("138,张三", "139,李四", ","), items);
    }

    @Test
    void writesTheHeaderAndTheSelectedRowsInInputOrder() throws IOException {
        Path csv = write("id,v\na,1\nb,2\nc,3\nd,4\n");
        BitSet rows = new BitSet();
        rows.set(3);
        rows.set(0);
        Path out = dir.resolve("out.csv");
        assertEquals(2, CsvItems.writeRows(csv, rows, out));
        assertEquals("id,v\na,1\nd,4\n", Files.readString(out));
        assertEquals(0, CsvItems.writeRows(csv, new BitSet(), out));
        assertEquals("id,v\n", Files.readString(out));
    }

    @Test
    void anEmptyDatasetHasAHeaderAndNoRows() throws IOException {
        Path csv = write("id\n");
        assertEquals(0, CsvItems.countRows(csv));
        assertFalse(CsvItems.items(csv, List.of("id")).hasNext());
        assertThrows(IOException.class, () -> CsvItems.countRows(write("")));
    }

    @Test
    void namesTheFileAndLineOfARowWithoutTheKey() throws IOException {
        Path csv = write("id,phone\n1,138\n2\n");
        Iterator<byte[]> items = CsvItems.items(csv, List.of("phone"));
        items.next();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, items::next);
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'phone'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvItems.items(csv, List.of("email")));
    }

    private Path write(String content) throws IOException {
        Path p = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }
}
