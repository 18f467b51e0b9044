/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $[env:NAME]} and {@code $[secret:NAME]} references of a profile's configurations, which Felix's
 * ConfigAdmin interpolation plugin fills each time it hands a configuration to a component (decision FM3).
 *
 * <p>The plugin leaves a reference it cannot fill as it is, so a component would get the text
 * {@code $[env:NAME]} for a password and fail somewhere later, or not at all. The launcher therefore checks,
 * before any bundle starts, that each reference without a {@code default=} can be filled: the variable is set,
 * the secret is a regular file inside the secrets directory. It never reads a secret's content nor prints a
 * value, only the PID, the key and the name the reference gives.
 */
public final class ExternalValues {

    /** Framework property naming the interpolation plugin's secrets directory (set by the {@code core} feature). */
    public static final String SECRETS_DIR = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";

    // $[type:name;directive=value;…]; a default may hold a reference of its own, which the plugin fills too
    private static final Pattern REFERENCE = Pattern.compile("\\$\\[(env|secret):([^;\\]]*)((?:;[^\\]]*)?)]");

    private ExternalValues() {
    }

    /**
     * Creates the secrets directory the framework properties name, readable by its owner only.
     *
     * @return the directory, or null when the properties name none
     */
    public static Path secretsDirectory(Map<String, String> frameworkProperties) throws IOException {
        String dir = frameworkProperties.get(SECRETS_DIR);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path p = Path.of(dir).toAbsolutePath().normalize();
        Files.createDirectories(p);
        AdminToken.ownerOnly(p);
        return p;
    }

    /**
     * Checks every reference without a default in {@code configurations}.
     *
     * @param env     the environment ({@code System::getenv})
     * @param secrets the secrets directory, null when there is none
     * @throws IllegalStateException naming each reference that cannot be filled, by PID and key
     */
    public static void requireFillable(Map<String, Map<String, Object>> configurations, Function<String, String> env,
                                       Path secrets) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> c : configurations.entrySet()) {
            for (Map.Entry<String, Object> v : c.getValue().entrySet()) {
                for (String text : texts(v.getValue())) {
                    Matcher m = REFERENCE.matcher(text);
                    while (m.find()) {
                        if (m.group(3).contains(";default=")) {
                            continue;
                        }
                        String problem = "env".equals(m.group(1)) ? env(m.group(2), env) : secret(m.group(2), secrets);
                        if (problem != null) {
                            problems.add(c.getKey() + " " + v.getKey() + ": " + problem);
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("configuration values that cannot be filled: " + String.join("; ", problems));
        }
    }

    private static List<String> texts(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(o -> out.add(String.valueOf(o)));
        } else if (value instanceof Object[] array) {
            for (Object o : array) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    private static String env(String name, Function<String, String> env) {
        return env.apply(name) == null ? "environment variable " + name + " is not set" : null;
    }

    private static String secret(String name, Path secrets) throws IOException {
        if (secrets == null) {
            return "$[secret:" + name + "] but no secrets directory is configured (" + SECRETS_DIR + ")";
        }
        Path file = secrets.resolve(name).normalize();
        // the plugin refuses "..", and a name that leaves the directory once resolved (an absolute one); a link
        // inside the directory that points elsewhere is refused here too, so no file outside it becomes a value
        if (name.isEmpty() || name.contains("..") || !file.startsWith(secrets) || file.equals(secrets)) {
            return "secret '" + name + "' names a file outside " + secrets;
        }
        if (!Files.isRegularFile(file)) {
            return "no secret file " + file;
        }
        if (!file.toRealPath().startsWith(secrets.toRealPath())) {
            return "secret '" + name + "' links to a file outside " + secrets;
        }
        return null;
    }
}
