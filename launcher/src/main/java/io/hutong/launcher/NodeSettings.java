/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a node is started with: built-in defaults, overridden by {@code etc/hutong.properties},
 * overridden by command-line flags.
 *
 * @param home        the installation (holds bin/, etc/, features/, system/, deploy/)
 * @param data        the node's data directory (database, run/ready.json, console credentials)
 * @param logs        where the node log goes
 * @param profile     the feature profile to start, {@code node} by default
 * @param nodeId      the node id to create on first start; empty = keep the stored one or generate
 * @param host        address the east-west listener binds
 * @param adminHost   address the admin listener binds
 * @param eastWestPort port of the east-west plane (cross-node traffic), 7304 by default
 * @param adminPort   port of the admin plane (operator API, web console), 8080 by default
 * @param grpcPort    port of PTP over gRPC; 0 = the east-west port + 1
 * @param tls         the east-west TLS listeners, {@link NodeTls#NONE} by default
 * @param noShell     {@code --no-shell}: the Gogo shell never reads stdin, even in a foreground terminal
 */
public record NodeSettings(Path home, Path data, Path logs, String profile, String nodeId,
                           String host, String adminHost, int eastWestPort, int adminPort, int grpcPort, NodeTls tls,
                           boolean noShell) {

    /** Settings without TLS listeners. */
    public NodeSettings(Path home, Path data, Path logs, String profile, String nodeId,
                        String host, String adminHost, int eastWestPort, int adminPort, int grpcPort) {
        this(home, data, logs, profile, nodeId, host, adminHost, eastWestPort, adminPort, grpcPort, NodeTls.NONE, false);
    }

    /** Settings with the Gogo shell allowed (in a foreground terminal). */
    public NodeSettings(Path home, Path data, Path logs, String profile, String nodeId,
                        String host, String adminHost, int eastWestPort, int adminPort, int grpcPort, NodeTls tls) {
        this(home, data, logs, profile, nodeId, host, adminHost, eastWestPort, adminPort, grpcPort, tls, false);
    }

    public NodeSettings {
        tls = tls == null ? NodeTls.NONE : tls;
    }

    /**
     * Reads {@code <home>/etc/hutong.properties} (if present) and applies what {@code hutong start} was given.
     *
     * @param given values by option name without its dashes ({@code port}, {@code no-shell} …); the command
     *              line itself is parsed by picocli ({@code StartCommand})
     * @throws IllegalArgumentException on an unknown option or a bad port, naming it
     */
    public static NodeSettings from(Path home, Map<String, String> given) throws IOException {
        Properties p = properties(home);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("data", p.getProperty("data", "data"));
        v.put("logs", p.getProperty("logs", "logs"));
        v.put("profile", p.getProperty("profile", "node"));
        v.put("node-id", p.getProperty("node.id", ""));
        v.put("host", p.getProperty("host", "127.0.0.1"));
        v.put("admin-host", p.getProperty("admin.host", "127.0.0.1"));
        v.put("port", p.getProperty("port.east_west", "7304"));
        v.put("admin-port", p.getProperty("port.admin", "8080"));
        v.put("grpc-port", p.getProperty("port.grpc", "0"));
        v.put("tls-port", p.getProperty("tls.port.east_west", "0"));
        v.put("grpc-tls-port", p.getProperty("tls.port.grpc", "0"));
        v.put("tls-key-store", p.getProperty("tls.key_store", ""));
        v.put("tls-key-store-type", p.getProperty("tls.key_store_type", ""));
        v.put("tls-trust-store", p.getProperty("tls.trust_store", ""));
        v.put("tls-trust-store-type", p.getProperty("tls.trust_store_type", ""));
        v.put("tls-client-auth", p.getProperty("tls.client_auth", "none"));
        v.put("no-shell", p.getProperty("shell", "true").strip().equalsIgnoreCase("false") ? "true" : "false");
        for (Map.Entry<String, String> g : given.entrySet()) {
            if (!v.containsKey(g.getKey())) {
                throw new IllegalArgumentException("unknown flag --" + g.getKey());
            }
            v.put(g.getKey(), g.getValue());
        }
        // passwords never on the command line (ps shows it): the file, or the environment, which wins
        v.put("tls-key-store-password", env("HUTONG_TLS_KEY_STORE_PASSWORD", p.getProperty("tls.key_store_password", "")));
        v.put("tls-trust-store-password", env("HUTONG_TLS_TRUST_STORE_PASSWORD", p.getProperty("tls.trust_store_password", "")));
        NodeTls tls = NodeTls.from(v, home.resolve("etc"));
        Path data = home.resolve(v.get("data")).toAbsolutePath().normalize();
        // logs default to the data directory's sibling only for the default data dir, so two nodes
        // with different --data never write one log file
        Path logs = v.get("data").equals(p.getProperty("data", "data")) ? home.resolve(v.get("logs")) : data.resolve("logs");
        return new NodeSettings(home.toAbsolutePath().normalize(), data, logs.toAbsolutePath().normalize(),
                v.get("profile"), v.get("node-id").strip(), v.get("host"), v.get("admin-host"),
                port("--port", v.get("port")), port("--admin-port", v.get("admin-port")),
                "0".equals(v.get("grpc-port").strip()) ? 0 : port("--grpc-port", v.get("grpc-port")), tls,
                Boolean.parseBoolean(v.get("no-shell")));
    }

    /** @return {@code <home>/etc/hutong.properties}, empty when there is none */
    public static Properties properties(Path home) throws IOException {
        Properties p = new Properties();
        Path file = home.resolve("etc/hutong.properties");
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }

    private static String env(String name, String dflt) {
        String e = System.getenv(name);
        return e == null || e.isEmpty() ? dflt : e;
    }

    static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a port number 1-65535, got '" + value + "'");
        }
    }

    /**
     * @return the values feature placeholders ({@code ${hutong.*}}) are filled from; no secret among them, those
     *         reach the configurations as {@code $[secret:…]} ({@link LauncherSecrets})
     */
    public Map<String, String> placeholders(String consoleUser) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hutong.home", home.toString());
        m.put("hutong.data", data.toString());
        m.put("hutong.node.id", nodeId);
        m.put("hutong.host", host);
        m.put("hutong.admin.host", adminHost);
        m.put("hutong.port.east_west", Integer.toString(eastWestPort));
        m.put("hutong.port.admin", Integer.toString(adminPort));
        m.put("hutong.port.grpc", Integer.toString(grpcPort == 0 ? eastWestPort + 1 : grpcPort));
        m.put("hutong.console.user", consoleUser);
        m.putAll(tls.placeholders());
        return m;
    }
}
