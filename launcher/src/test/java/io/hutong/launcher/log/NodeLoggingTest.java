/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLoggingTest {

    @TempDir
    Path dir;

    private static LogRecord record(String message) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setLoggerName("io.hutong.test");
        return r;
    }

    @Test
    void theLiveFileKeepsItsNameAndOnlyTheConfiguredNumberOfRolledFilesIsKept() throws IOException {
        Path log = dir.resolve("hutong.log");
        RollingLogFile h = new RollingLogFile(log, 2_000, 2, new SimpleFormatter());
        for (int i = 0; i < 200; i++) {
            h.publish(record("line " + i + " " + "x".repeat(80)));
        }
        h.close();
        assertTrue(Files.isRegularFile(log));
        assertTrue(Files.isRegularFile(dir.resolve("hutong.log.1")));
        assertTrue(Files.isRegularFile(dir.resolve("hutong.log.2")));
        assertFalse(Files.exists(dir.resolve("hutong.log.3")), "older files are deleted");
        for (String name : List.of("hutong.log", "hutong.log.1", "hutong.log.2")) {
            assertTrue(Files.size(dir.resolve(name)) < 2_000 + 400, name + " stays near the limit");
        }
        String newest = Files.readString(log) + Files.readString(dir.resolve("hutong.log.1"));
        assertTrue(newest.contains("line 199 "), "the newest records are in the live file or the newest rolled one");
        assertFalse(Files.readString(dir.resolve("hutong.log.2")).contains("line 199 "));
        assertTrue(Files.readString(dir.resolve("hutong.log.1")).contains("line "));
    }

    @Test
    void aRestartAppendsAndCountsWhatTheFileAlreadyHolds() throws IOException {
        Path log = dir.resolve("hutong.log");
        Files.writeString(log, "y".repeat(1_990) + "\n");
        RollingLogFile h = new RollingLogFile(log, 2_000, 3, new SimpleFormatter());
        h.publish(record("after the restart"));
        h.close();
        assertTrue(Files.readString(dir.resolve("hutong.log.1")).startsWith("y".repeat(1_990)),
                "the earlier content is kept, rolled over once the limit is passed");
        assertTrue(Files.readString(dir.resolve("hutong.log.1")).contains("after the restart"));
    }

    @Test
    void noRolledFilesMeansTheLiveFileStartsOver() throws IOException {
        Path log = dir.resolve("hutong.log");
        RollingLogFile h = new RollingLogFile(log, 1_000, 0, new SimpleFormatter());
        for (int i = 0; i < 50; i++) {
            h.publish(record("line " + i + " " + "x".repeat(80)));
        }
        h.close();
        assertFalse(Files.exists(dir.resolve("hutong.log.1")));
        assertTrue(Files.size(log) < 1_000);
    }

    @Test
    void jsonLinesAreOneObjectPerLineWithTheExceptionWhenThereIsOne() throws IOException {
        Path log = dir.resolve("hutong.log");
        RollingLogFile h = new RollingLogFile(log, 1_000_000, 1, new JsonLogFormat());
        LogRecord failed = record("peer {0} said \"no\"\nsecond line");
        failed.setParameters(new Object[] {"bob"});
        failed.setLevel(Level.SEVERE);
        failed.setThrown(new IllegalStateException("boom"));
        h.publish(failed);
        h.publish(record("plain"));
        h.close();
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), "a newline in a message stays inside its JSON line: " + lines);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertEquals("SEVERE", first.path("level").asText());
        assertEquals("io.hutong.test", first.path("logger").asText());
        assertEquals("peer bob said \"no\"\nsecond line", first.path("message").asText());
        assertTrue(first.path("exception").asText().startsWith("java.lang.IllegalStateException: boom"));
        assertTrue(first.path("time").asText().endsWith("Z"));
        JsonNode second = json.readTree(lines.get(1));
        assertFalse(second.has("exception"));
        assertEquals("plain", second.path("message").asText());
    }

    @Test
    void optionsComeFromTheFileAndTheEnvironmentWins() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/hutong.properties"), "log.format=json\nlog.max_mb=5\nlog.files=3\n");
        assertEquals(new LogOptions(true, 5, 3, false), LogOptions.from(dir, Map.of()));
        assertEquals(new LogOptions(false, 5, 7, true), LogOptions.from(dir,
                Map.of("HUTONG_LOG_FORMAT", "TEXT", "HUTONG_LOG_FILES", "7", "HUTONG_LOG_STDOUT", "true")));
        assertEquals(LogOptions.DEFAULTS, LogOptions.from(dir.resolve("none"), Map.of()));
    }

    @Test
    void aBadValueIsRefusedNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LogOptions.from(dir, Map.of("HUTONG_LOG_FORMAT", "xml"))).getMessage().contains("log.format"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LogOptions.from(dir, Map.of("HUTONG_LOG_MAX_MB", "0"))).getMessage().contains("log.max_mb"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LogOptions.from(dir, Map.of("HUTONG_LOG_FILES", "ten"))).getMessage().contains("log.files"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LogOptions.from(dir, Map.of("HUTONG_LOG_STDOUT", "yes"))).getMessage().contains("log.stdout"));
    }

    @Test
    void attachingKeepsTheServersOwnHandlersAndDetachingTakesOutOnlyTheNodes() throws IOException {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Handler servers = new java.util.logging.ConsoleHandler();
        root.addHandler(servers);
        int before = root.getHandlers().length;
        try {
            NodeLogging.attach(dir, LogOptions.DEFAULTS);
            assertEquals(before + 1, root.getHandlers().length, "hutong.log is added beside what the server logs to");
            assertTrue(List.of(root.getHandlers()).contains(servers));
            java.util.logging.Logger.getLogger("io.hutong.test").info("from the node");
            java.util.logging.Logger.getLogger("hutong.audit").info("who=token action=x");
            NodeLogging.flush();
            assertTrue(Files.readString(dir.resolve("hutong.log")).contains("from the node"));
            assertTrue(Files.readString(dir.resolve("audit.log")).contains("who=token action=x"));
        } finally {
            NodeLogging.detach();
        }
        assertEquals(before, root.getHandlers().length, "undeploying leaves the server's logging as it was");
        assertTrue(List.of(root.getHandlers()).contains(servers));
        assertEquals(0, java.util.logging.Logger.getLogger("hutong.audit").getHandlers().length);
        root.removeHandler(servers);
    }
}
