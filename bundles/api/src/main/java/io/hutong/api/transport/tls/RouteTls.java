/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport.tls;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code tls} object of a route, checked: how this node reaches the peer over TLS.
 *
 * <p>Store paths are as the operator wrote them, relative to the node's {@code etc/} folder or
 * absolute; {@link PeerTls} resolves and reads them. A non-empty {@code tls} object means TLS unless
 * it says {@code "enabled":"false"}, so a route given a pin or a trust store is never silently
 * plaintext.
 *
 * @param enabled            whether the route uses TLS
 * @param trustStore         {@value #TRUST_STORE}: PKCS12 or JKS store of the certificates (or CAs) the
 *                           peer's chain must end in; empty = the JDK's default trust, or the pin alone
 *                           when {@code pinnedSha256} is set
 * @param trustStorePassword {@value #TRUST_STORE_PASSWORD}, may be empty
 * @param trustStoreType     {@value #TRUST_STORE_TYPE}: {@code PKCS12} or {@code JKS}; empty = from the
 *                           file name ({@code .jks} → JKS, otherwise PKCS12)
 * @param keyStore           {@value #KEY_STORE}: this node's client key and certificate for mTLS; empty = no
 *                           client certificate
 * @param keyStorePassword   {@value #KEY_STORE_PASSWORD}, also the key's password
 * @param keyStoreType       {@value #KEY_STORE_TYPE}, as {@code trustStoreType}
 * @param pinnedSha256       {@value #PINNED_SHA256}: SHA-256 of the DER of the peer's leaf certificate,
 *                           64 lower-case hex digits (given with or without colons, in any case); empty
 *                           = no pin
 * @param verifyHostname     {@value #VERIFY_HOSTNAME}: check the address's host against the certificate
 *                           when trust comes from a store; default true (never needed with a pin)
 */
public record RouteTls(boolean enabled, String trustStore, String trustStorePassword, String trustStoreType,
                       String keyStore, String keyStorePassword, String keyStoreType, String pinnedSha256,
                       boolean verifyHostname) {

    public static final String ENABLED = "enabled";
    public static final String TRUST_STORE = "trust_store";
    public static final String TRUST_STORE_PASSWORD = "trust_store_password";
    public static final String TRUST_STORE_TYPE = "trust_store_type";
    public static final String KEY_STORE = "key_store";
    public static final String KEY_STORE_PASSWORD = "key_store_password";
    public static final String KEY_STORE_TYPE = "key_store_type";
    public static final String PINNED_SHA256 = "pinned_sha256";
    public static final String VERIFY_HOSTNAME = "verify_hostname";

    /** Every key a route's {@code tls} object may hold. */
    public static final Set<String> KEYS = Set.of(ENABLED, TRUST_STORE, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE,
            KEY_STORE, KEY_STORE_PASSWORD, KEY_STORE_TYPE, PINNED_SHA256, VERIFY_HOSTNAME);

    /** The protocols Hutong speaks east-west, newest first: TLS 1.0 and 1.1 are refused. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Plaintext. */
    public static final RouteTls PLAINTEXT = new RouteTls(false, "", "", "", "", "", "", "", true);

    public RouteTls {
        trustStore = nz(trustStore);
        trustStorePassword = nz(trustStorePassword);
        trustStoreType = nz(trustStoreType);
        keyStore = nz(keyStore);
        keyStorePassword = nz(keyStorePassword);
        keyStoreType = nz(keyStoreType);
        pinnedSha256 = nz(pinnedSha256);
    }

    /**
     * Reads a route's {@code tls} object.
     *
     * @throws IllegalArgumentException naming the offending key: an unknown key, a boolean that is
     *                                  not {@code true}/{@code false}, a store type other than PKCS12
     *                                  or JKS, a pin that is not 32 bytes of hex
     */
    public static RouteTls parse(Map<String, String> tls) {
        if (tls == null || tls.isEmpty()) {
            return PLAINTEXT;
        }
        Set<String> unknown = new TreeSet<>(tls.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown tls key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; the keys are " + String.join(", ", new TreeSet<>(KEYS)));
        }
        boolean enabled = bool(tls, ENABLED, true);
        boolean verify = bool(tls, VERIFY_HOSTNAME, true);
        String pin = nz(tls.get(PINNED_SHA256)).replace(":", "").strip().toLowerCase(Locale.ROOT);
        if (!pin.isEmpty()) {
            if (pin.length() != 64 || !pin.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("tls." + PINNED_SHA256 + " must be the SHA-256 of the peer's certificate"
                        + " (64 hex digits), not '" + tls.get(PINNED_SHA256) + "'");
            }
            HexFormat.of().parseHex(pin);
        }
        String trustStore = nz(tls.get(TRUST_STORE)).strip();
        String keyStore = nz(tls.get(KEY_STORE)).strip();
        return new RouteTls(enabled, trustStore, nz(tls.get(TRUST_STORE_PASSWORD)), type(tls, TRUST_STORE_TYPE, trustStore),
                keyStore, nz(tls.get(KEY_STORE_PASSWORD)), type(tls, KEY_STORE_TYPE, keyStore), pin, verify);
    }

    private static boolean bool(Map<String, String> tls, String key, boolean dflt) {
        String v = nz(tls.get(key)).strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return dflt;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("tls." + key + " must be true or false, not '" + tls.get(key) + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static String type(Map<String, String> tls, String key, String store) {
        String v = nz(tls.get(key)).strip().toUpperCase(Locale.ROOT);
        if (v.isEmpty()) {
            return store.isEmpty() ? "" : storeType(store);
        }
        if (!v.equals("PKCS12") && !v.equals("JKS")) {
            throw new IllegalArgumentException("tls." + key + " must be PKCS12 or JKS, not '" + tls.get(key) + "'");
        }
        return v;
    }

    /** @return the store type a file name suggests: {@code JKS} for {@code *.jks}, otherwise {@code PKCS12} */
    public static String storeType(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Passwords are left out, so settings can be logged. */
    @Override
    public String toString() {
        return "RouteTls[enabled=" + enabled + ", trust_store=" + trustStore + ", key_store=" + keyStore
                + ", pinned_sha256=" + pinnedSha256 + ", verify_hostname=" + verifyHostname + "]";
    }
}
