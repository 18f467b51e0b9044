/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import io.hutong.launcher.NodeSettings;

/**
 * How a node writes its logs: {@code log.*} in {@code etc/hutong.properties}, each overridable from the
 * environment ({@code HUTONG_LOG_FORMAT}, {@code HUTONG_LOG_MAX_MB}, {@code HUTONG_LOG_FILES},
 * {@code HUTONG_LOG_STDOUT}) so a container sets them without a mounted file.
 *
 * @param json   one JSON object per line instead of the text lines
 * @param maxMb  size at which {@code hutong.log} (and {@code audit.log}) is rolled over, in MiB
 * @param files  how many rolled files are kept beside the live one
 * @param stdout also write every record to standard output (containers: {@code docker logs})
 */
public record LogOptions(boolean json, int maxMb, int files, boolean stdout) {

    /** Text lines, 50 MiB per file, 10 rolled files kept, no copy on stdout. */
    public static final LogOptions DEFAULTS = new LogOptions(false, 50, 10, false);

    /**
     * @throws IllegalArgumentException naming the setting whose value is not one of the accepted ones
     */
    public static LogOptions from(Path home, Map<String, String> env) throws IOException {
        Properties p = NodeSettings.properties(home);
        String format = value(p, env, "log.format", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("log.format must be text or json, got '" + format + "'");
        }
        return new LogOptions(format.equals("json"),
                number(p, env, "log.max_mb", DEFAULTS.maxMb(), 1, 10_240),
                number(p, env, "log.files", DEFAULTS.files(), 0, 1_000),
                bool(p, env, "log.stdout"));
    }

    /** @return the environment's value (HUTONG_LOG_X for log.x) if set, else the file's, else {@code dflt} */
    private static String value(Properties p, Map<String, String> env, String key, String dflt) {
        String e = env.get("HUTONG_" + key.replace('.', '_').toUpperCase(Locale.ROOT));
        return (e != null && !e.isBlank() ? e : p.getProperty(key, dflt)).strip();
    }

    private static int number(Properties p, Map<String, String> env, String key, int dflt, int min, int max) {
        String v = value(p, env, key, Integer.toString(dflt));
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw new IllegalArgumentException(key + " must be a whole number " + min + "-" + max + ", got '" + v + "'");
    }

    private static boolean bool(Properties p, Map<String, String> env, String key) {
        String v = value(p, env, key, "false").toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }
}
