/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One JSON object per line, for log shippers (Loki, Elasticsearch, Cloud Logging):
 * {@code {"time":"…Z","level":"INFO","logger":"…","thread":17,"message":"…","exception":"…"}}.
 * The message is formatted ({@code {0}} parameters filled); {@code exception} (with its stack
 * trace) is present only when the record has one.
 */
public final class JsonLogFormat extends Formatter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format(LogRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName() == null ? "" : record.getLoggerName());
        line.put("thread", record.getLongThreadID());
        line.put("message", formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("exception", trace.toString());
        }
        try {
            return JSON.writeValueAsString(line) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            // only strings and numbers go in: cannot happen, but a log line must never be lost to it
            return "{\"level\":\"SEVERE\",\"message\":\"unformattable log record\"}" + System.lineSeparator();
        }
    }
}
