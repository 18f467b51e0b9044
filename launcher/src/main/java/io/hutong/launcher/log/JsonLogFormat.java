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

import io.hutong.launcher.JsonText;

/**
 * One JSON object per line, for log shippers (Loki, Elasticsearch, Cloud Logging):
 * {@code {"time":"…Z","level":"INFO","logger":"…","thread":17,"message":"…","exception":"…"}}.
 * The message is formatted ({@code {0}} parameters filled); {@code exception} (with its stack
 * trace) is present only when the record has one.
 */
public final class JsonLogFormat extends Formatter {

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
        // only strings and numbers go in
        return JsonText.write(line, false) + System.lineSeparator();
    }
}
