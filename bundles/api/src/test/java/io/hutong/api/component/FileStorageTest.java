/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {

    @TempDir
    Path data;

    @Test
    void anIdentifierIsNamespaceThenName() throws IOException {
        FileStorage storage = FileStorage.in(data.resolve("storage"));
        assertEquals("file://" + data.toAbsolutePath() + "/storage/", storage.uri());
        Path out = storage.write(new DataRef("job-1-guest-0", "task_1-data0.csv"));
        assertEquals(data.resolve("storage/job-1-guest-0/task_1-data0.csv"), out);
        assertTrue(Files.isDirectory(out.getParent()), "the parent exists for the component to write into");
        Files.writeString(out, "id\n1\n");
        assertEquals(out, storage.read(new DataRef("job-1-guest-0", "task_1-data0.csv")));
    }

    @Test
    void readingMissingDataNamesIt() {
        FileStorage storage = FileStorage.in(data.resolve("storage"));
        IOException e = assertThrows(IOException.class, () -> storage.read(new DataRef("testspace", "nothing.csv")));
        assertTrue(e.getMessage().contains("holds no data {namespace: testspace, name: nothing.csv}"), e.getMessage());
    }

    @Test
    void identifiersCannotLeaveTheStorage() {
        FileStorage storage = FileStorage.in(data.resolve("storage"));
        for (DataRef bad : new DataRef[] {new DataRef("..", "secret"), new DataRef("ns", "../../x"),
                new DataRef("/etc", "passwd"), new DataRef("ns/..", "x")}) {
            IOException e = assertThrows(IOException.class, () -> storage.write(bad), bad.toString());
            assertTrue(e.getMessage().contains("points outside the storage"), e.getMessage());
        }
    }

    @Test
    void onlyFileUris() {
        assertThrows(IllegalArgumentException.class, () -> new FileStorage("hdfs://h:9000?dir=x"));
    }
}
