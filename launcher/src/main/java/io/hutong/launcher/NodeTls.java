/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * The node's east-west TLS listeners: HTTPS beside the east-west HTTP port and gRPC over TLS beside
 * the gRPC port, with this node's key and, for mTLS, the client certificates it accepts.
 *
 * @param eastWestPort       HTTPS port of the east-west plane, 0 = none
 * @param grpcPort           port of PTP over gRPC with TLS, 0 = none
 * @param keyStore           absolute path of the PKCS12/JKS store with the node's key and certificate
 * @param keyStorePassword   its password (also the key's)
 * @param keyStoreType       {@code PKCS12} or {@code JKS}
 * @param trustStore         absolute path of the store of accepted client certificates, empty = none
 * @param trustStorePassword its password
 * @param trustStoreType     {@code PKCS12} or {@code JKS}
 * @param clientAuth         {@code need} (mTLS: refuse clients without an accepted certificate) or {@code none}
 */
public record NodeTls(int eastWestPort, int grpcPort, String keyStore, String keyStorePassword, String keyStoreType,
                      String trustStore, String trustStorePassword, String trustStoreType, String clientAuth) {

    /** No TLS listener. */
    public static final NodeTls NONE = new NodeTls(0, 0, "", "", "PKCS12", "", "", "PKCS12", "none");

    /** @return whether any TLS listener is configured */
    public boolean enabled() {
        return eastWestPort > 0 || grpcPort > 0;
    }

    /**
     * Reads and checks the settings: stores are resolved against {@code etc}, must exist and open
     * with their passwords, so a node never starts with a TLS listener that cannot serve.
     *
     * @param v settings by flag name ({@code tls-port}, {@code grpc-tls-port}, {@code tls-key-store},
     *          {@code tls-key-store-password}, {@code tls-key-store-type}, {@code tls-trust-store}, …)
     * @throws IllegalArgumentException naming the setting and what is wrong with it
     */
    static NodeTls from(Map<String, String> v, Path etc) {
        int ew = v.get("tls-port").isBlank() || "0".equals(v.get("tls-port").strip()) ? 0 : NodeSettings.port("--tls-port", v.get("tls-port"));
        int grpc = v.get("grpc-tls-port").isBlank() || "0".equals(v.get("grpc-tls-port").strip()) ? 0
                : NodeSettings.port("--grpc-tls-port", v.get("grpc-tls-port"));
        String clientAuth = v.get("tls-client-auth").strip().toLowerCase(Locale.ROOT);
        if (!clientAuth.equals("none") && !clientAuth.equals("need")) {
            throw new IllegalArgumentException("--tls-client-auth must be none or need, not '" + v.get("tls-client-auth") + "'");
        }
        if (ew == 0 && grpc == 0) {
            return NONE;
        }
        if (v.get("tls-key-store").isBlank()) {
            throw new IllegalArgumentException("a TLS listener (--tls-port/--grpc-tls-port) needs --tls-key-store (tls.key_store):"
                    + " a PKCS12 or JKS store with this node's key and certificate");
        }
        String keyStore = etc.resolve(v.get("tls-key-store").strip()).toAbsolutePath().normalize().toString();
        String keyType = type(v.get("tls-key-store-type"), keyStore, "--tls-key-store-type");
        KeyStore keys = load("--tls-key-store", keyStore, v.get("tls-key-store-password"), keyType);
        try {
            if (Collections.list(keys.aliases()).stream().noneMatch(a -> isKey(keys, a))) {
                throw new IllegalArgumentException("--tls-key-store " + keyStore + " holds no private key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-key-store " + keyStore + ": " + e.getMessage(), e);
        }
        String trustStore = "";
        String trustType = "PKCS12";
        if (!v.get("tls-trust-store").isBlank()) {
            trustStore = etc.resolve(v.get("tls-trust-store").strip()).toAbsolutePath().normalize().toString();
            trustType = type(v.get("tls-trust-store-type"), trustStore, "--tls-trust-store-type");
            load("--tls-trust-store", trustStore, v.get("tls-trust-store-password"), trustType);
        } else if (clientAuth.equals("need")) {
            throw new IllegalArgumentException("--tls-client-auth need needs --tls-trust-store (tls.trust_store): the client"
                    + " certificates (or their CAs) to accept");
        }
        return new NodeTls(ew, grpc, keyStore, v.get("tls-key-store-password"), keyType, trustStore,
                v.get("tls-trust-store-password"), trustType, clientAuth);
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String type(String given, String file, String flag) {
        String t = given == null ? "" : given.strip().toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            return file.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        }
        if (!t.equals("PKCS12") && !t.equals("JKS")) {
            throw new IllegalArgumentException(flag + " must be PKCS12 or JKS, not '" + given + "'");
        }
        return t;
    }

    private static KeyStore load(String flag, String file, String password, String type) {
        if (!password.equals(password.strip())) {
            // the password reaches Jetty and gRPC through $[secret:…], which ConfigAdmin's plugin trims (FM6):
            // the store would open here and not there
            throw new IllegalArgumentException(flag + " " + file + ": its password begins or ends with white space, which"
                    + " the node cannot hand over; change the store's password");
        }
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(flag + " " + file + " does not exist (relative paths are read from etc/)");
        }
        try (InputStream in = Files.newInputStream(p)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(flag + " " + file + " cannot be opened as " + type + " with its password: "
                    + e.getMessage(), e);
        }
    }

    /** @return the feature placeholders {@code ${hutong.tls.*}}; the passwords are secrets, see {@link #secrets()} */
    Map<String, String> placeholders() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("hutong.tls.https.enable", Boolean.toString(eastWestPort > 0));
        m.put("hutong.tls.port.east_west", Integer.toString(eastWestPort));
        m.put("hutong.tls.port.grpc", Integer.toString(grpcPort));
        m.put("hutong.tls.key_store", keyStore);
        m.put("hutong.tls.key_store_type", keyStoreType);
        m.put("hutong.tls.trust_store", trustStore);
        m.put("hutong.tls.trust_store_type", trustStoreType);
        m.put("hutong.tls.client_auth", clientAuth);
        // Felix HTTP's vocabulary for the same choice
        m.put("hutong.tls.client_certificate", "need".equals(clientAuth) ? "needs" : "none");
        return m;
    }

    /**
     * @return the store passwords by the secret name the features give them ({@code $[secret:…]}, decision FM6);
     *         empty strings when there is no TLS listener
     */
    Map<String, String> secrets() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(LauncherSecrets.TLS_KEY_STORE_PASSWORD, keyStorePassword);
        // without a trust store Jetty opens the key store as one, with the trust store password
        m.put(LauncherSecrets.TLS_TRUST_STORE_PASSWORD, trustStore.isEmpty() ? keyStorePassword : trustStorePassword);
        return m;
    }

    /** Passwords are left out. */
    @Override
    public String toString() {
        return "NodeTls[https=" + eastWestPort + ", grpc_tls=" + grpcPort + ", key_store=" + keyStore + ", trust_store=" + trustStore
                + ", client_auth=" + clientAuth + "]";
    }
}
