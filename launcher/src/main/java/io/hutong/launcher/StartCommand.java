/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hutong.launcher.cli.Subcommand;
import io.hutong.launcher.cli.Values;
import io.hutong.launcher.log.LogOptions;
import io.hutong.launcher.log.NodeLogging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hutong start}: runs a node in the foreground until SIGTERM or Ctrl-C. The options override
 * {@code etc/hutong.properties} ({@link NodeSettings#from}); returns only if the node fails to start, the
 * shutdown hook ends the process.
 */
@Command(name = "start", sortOptions = false, sortSynopsis = false, description = {
        "Runs a node until SIGTERM or Ctrl-C. Options override etc/hutong.properties.",
        "In the foreground of a terminal the node reads Gogo shell commands from stdin (try lb);",
        "in the background (hutong start ... &), without a terminal or with --no-shell it never reads stdin.",
        "Store passwords: tls.key_store_password / tls.trust_store_password in etc/hutong.properties,",
        "or HUTONG_TLS_KEY_STORE_PASSWORD / HUTONG_TLS_TRUST_STORE_PASSWORD."})
public final class StartCommand extends Subcommand {

    @Option(names = "--node-id", paramLabel = "ID", description = "The node id to create on first start (default: generated).")
    String nodeId;
    @Option(names = "--data", paramLabel = "DIR", description = "The data directory (default: data).")
    String data;
    @Option(names = "--logs", paramLabel = "DIR", description = "The log directory (default: logs, or <data>/logs with --data).")
    String logs;
    @Option(names = "--port", paramLabel = "7304", converter = Values.Port.class, description = "The east-west port.")
    Integer port;
    @Option(names = "--admin-port", paramLabel = "8080", converter = Values.Port.class, description = "The admin port.")
    Integer adminPort;
    @Option(names = "--grpc-port", paramLabel = "7305", converter = Values.Port.class,
            description = "The PTP gRPC port (default: --port + 1).")
    Integer grpcPort;
    @Option(names = "--host", paramLabel = "127.0.0.1", description = "The address the east-west listeners bind.")
    String host;
    @Option(names = "--admin-host", paramLabel = "127.0.0.1", description = "The address the admin listener binds.")
    String adminHost;
    @Option(names = "--profile", paramLabel = "node", description = "The feature profile to start.")
    String profile;
    @Option(names = "--tls-port", paramLabel = "PORT", converter = Values.Port.class, description = "The east-west HTTPS port.")
    Integer tlsPort;
    @Option(names = "--grpc-tls-port", paramLabel = "PORT", converter = Values.Port.class, description = "The PTP gRPC port with TLS.")
    Integer grpcTlsPort;
    @Option(names = "--tls-key-store", paramLabel = "FILE", description = "The node's key and certificate (PKCS#12 or JKS).")
    String keyStore;
    @Option(names = "--tls-key-store-type", paramLabel = "TYPE", description = "PKCS12 or JKS (default: from the file).")
    String keyStoreType;
    @Option(names = "--tls-trust-store", paramLabel = "FILE", description = "The certificates the node trusts.")
    String trustStore;
    @Option(names = "--tls-trust-store-type", paramLabel = "TYPE", description = "PKCS12 or JKS (default: from the file).")
    String trustStoreType;
    @Option(names = "--tls-client-auth", paramLabel = "none|need", description = "Whether peers must present a certificate.")
    String clientAuth;
    @Option(names = "--no-shell", description = "Never read Gogo shell commands from stdin.")
    boolean noShell;

    /** @return the options given, by name, as {@link NodeSettings#from} takes them */
    Map<String, String> given() {
        Map<String, String> g = new LinkedHashMap<>();
        Object[][] options = {{"node-id", nodeId}, {"data", data}, {"logs", logs}, {"port", port}, {"admin-port", adminPort},
                {"grpc-port", grpcPort}, {"host", host}, {"admin-host", adminHost}, {"profile", profile}, {"tls-port", tlsPort},
                {"grpc-tls-port", grpcTlsPort}, {"tls-key-store", keyStore}, {"tls-key-store-type", keyStoreType},
                {"tls-trust-store", trustStore}, {"tls-trust-store-type", trustStoreType}, {"tls-client-auth", clientAuth}};
        for (Object[] o : options) {
            if (o[1] != null) {
                g.put((String) o[0], o[1].toString());
            }
        }
        if (noShell) {
            g.put("no-shell", "true");
        }
        return g;
    }

    @Override
    public Integer call() throws Exception {
        NodeSettings settings = NodeSettings.from(home(), given());
        NodeLogging.configure(settings.logs(), LogOptions.from(settings.home(), System.getenv()));
        try {
            return Main.start(settings);
        } catch (IOException | IllegalStateException e) {
            // expected failures (a port in use, a node identity that does not match): one line, no stack trace
            Logger.getLogger(Main.class.getName()).severe("start failed: " + e.getMessage());
            throw e;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            Logger.getLogger(Main.class.getName()).log(Level.SEVERE, "start failed", e);
            throw e;
        }
    }
}
