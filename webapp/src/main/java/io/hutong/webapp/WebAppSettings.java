/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.webapp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import io.hutong.launcher.NodeSettings;

/**
 * The settings of the node a web application runs, from what an application server offers: system properties
 * ({@code -Dhutong.port=7304}), the environment ({@code HUTONG_PORT=7304}) and the node home's
 * {@code etc/hutong.properties}, in that order of precedence. The names are those of {@code hutong start}'s options.
 */
public final class WebAppSettings {

    /** The options of {@code hutong start} a web application takes, as {@link NodeSettings#from} names them. */
    static final List<String> OPTIONS = List.of("data", "logs", "profile", "node-id", "host", "admin-host", "port",
            "admin-port", "grpc-port", "tls-port", "grpc-tls-port", "tls-key-store", "tls-key-store-type", "tls-trust-store",
            "tls-trust-store-type", "tls-client-auth");

    /** The profile a web application runs unless told otherwise: east-west behind the Felix HTTP bridge (WAR6). */
    static final String WAR_PROFILE = "war";

    /** What the web application ships and links into the node's home. */
    static final List<String> SHIPPED = List.of("features", "system");

    private WebAppSettings() {
    }

    /**
     * @return the node's home: {@code hutong.home}, else {@code HUTONG_HOME}, else {@code hutong} in the server's
     *         working directory
     */
    public static Path home(Properties system, Map<String, String> env) {
        String h = system.getProperty("hutong.home");
        if (h == null || h.isBlank()) {
            h = env.get("HUTONG_HOME");
        }
        return Path.of(h == null || h.isBlank() ? system.getProperty("user.dir", ".") + "/hutong" : h).toAbsolutePath().normalize();
    }

    /**
     * @return the options given through system properties ({@code hutong.<option>}) or, where none is, the environment
     *         ({@code HUTONG_<OPTION>}, dashes as underscores); never the shell, which nothing in a server reads
     */
    public static Map<String, String> given(Properties system, Map<String, String> env) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String option : OPTIONS) {
            String v = system.getProperty("hutong." + option);
            if (v == null) {
                v = env.get("HUTONG_" + option.replace('-', '_').toUpperCase(Locale.ROOT));
            }
            if (v != null && !v.isBlank()) {
                given.put(option, v.strip());
            }
        }
        // etc/hutong.properties may name a profile for `hutong start` of the same home; a server runs the war profile
        given.putIfAbsent("profile", WAR_PROFILE);
        given.put("no-shell", "true");
        return given;
    }

    /**
     * Makes {@code home} an installation: {@code etc/} and {@code deploy/} of its own (an operator may mount them),
     * {@code features/} and {@code system/} links to what the web application ships, renewed at every deployment so a
     * new WAR brings its bundles. A real directory of that name is an installation's own and kept.
     *
     * @param shipped the exploded web application's {@code WEB-INF/hutong}
     */
    public static void prepare(Path home, Path shipped) throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("deploy"));
        for (String name : SHIPPED) {
            Path link = home.resolve(name);
            if (Files.isSymbolicLink(link)) {
                Files.delete(link);
            } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createSymbolicLink(link, shipped.resolve(name));
        }
    }

    /** @return the settings of the node in {@code home}, as {@code hutong start} would read them with these options */
    public static NodeSettings read(Path home, Properties system, Map<String, String> env) throws IOException {
        return NodeSettings.from(home, given(system, env));
    }
}
