/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.tls.ClientTls;
import io.hutong.api.transport.tls.PeerTls;
import io.hutong.api.transport.tls.RouteTls;

/**
 * Builds client TLS for routes from PKCS12 or JKS stores in the node's {@code etc/} folder, and
 * rebuilds it when a route's settings or a store file change, so a renewed certificate is picked up
 * without a restart.
 */
@Component(service = PeerTls.class)
public class KeystorePeerTls implements PeerTls {

    private final Path etc;
    private final Map<String, ClientTls> built = new ConcurrentHashMap<>();

    @Activate
    public KeystorePeerTls(BundleContext context) {
        this(etcOf(context.getProperty("hutong.home")));
    }

    KeystorePeerTls(Path etc) {
        this.etc = etc;
    }

    private static Path etcOf(String home) {
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize().resolve("etc");
    }

    /** @return {@code file} resolved against {@code etc/} unless absolute */
    Path resolve(String file) {
        return etc.resolve(file).normalize();
    }

    @Override
    public RouteTls check(Map<String, String> tls) {
        RouteTls t = RouteTls.parse(tls);
        if (t.enabled()) {
            if (!t.trustStore().isEmpty()) {
                load(RouteTls.TRUST_STORE, t.trustStore(), t.trustStorePassword(), t.trustStoreType());
            }
            if (!t.keyStore().isEmpty()) {
                KeyStore ks = load(RouteTls.KEY_STORE, t.keyStore(), t.keyStorePassword(), t.keyStoreType());
                keyManager(ks, t);
            }
        }
        return t;
    }

    @Override
    public Optional<ClientTls> client(Route route) {
        RouteTls t;
        try {
            t = RouteTls.parse(route.tls());
        } catch (IllegalArgumentException e) {
            throw new PtpException(PtpCodes.UNREACHABLE, "route to node " + route.nodeId() + ": " + e.getMessage());
        }
        if (!t.enabled()) {
            return Optional.empty();
        }
        String key = route.nodeId() + '|' + route.address() + '|' + t + '|' + t.trustStorePassword() + '|' + t.keyStorePassword()
                + '|' + stamp(t.trustStore()) + '|' + stamp(t.keyStore());
        ClientTls c = built.get(key);
        if (c == null) {
            try {
                c = build(t, "node " + route.nodeId() + " at " + route.address(), id(key));
            } catch (IllegalArgumentException e) {
                throw new PtpException(PtpCodes.UNREACHABLE, "TLS to node " + route.nodeId() + ": " + e.getMessage());
            }
            // drop what an older version of this route's settings built
            built.keySet().removeIf(k -> k.startsWith(route.nodeId() + '|'));
            built.put(key, c);
        }
        return Optional.of(c);
    }

    private ClientTls build(RouteTls t, String peer, String id) {
        try {
            X509ExtendedTrustManager chain = null;
            if (!t.trustStore().isEmpty() || t.pinnedSha256().isEmpty()) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                // no trust store and no pin: the JDK's default CAs, as for any HTTPS client
                tmf.init(t.trustStore().isEmpty() ? null
                        : load(RouteTls.TRUST_STORE, t.trustStore(), t.trustStorePassword(), t.trustStoreType()));
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509ExtendedTrustManager x) {
                        chain = x;
                    }
                }
            }
            X509ExtendedTrustManager trust = new PinningTrustManager(chain, t.pinnedSha256(), t.verifyHostname(), peer);
            KeyManager key = t.keyStore().isEmpty() ? null
                    : keyManager(load(RouteTls.KEY_STORE, t.keyStore(), t.keyStorePassword(), t.keyStoreType()), t);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(key == null ? null : new KeyManager[] {key}, new TrustManager[] {trust}, null);
            return new ClientTls(id, ctx, key, trust, RouteTls.PROTOCOLS);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private KeyStore load(String what, String file, String password, String type) {
        Path p = resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("tls." + what + " " + p + " does not exist (paths are relative to " + etc + ")");
        }
        try (InputStream in = Files.newInputStream(p)) {
            KeyStore ks = KeyStore.getInstance(type.isEmpty() ? RouteTls.storeType(file) : type);
            ks.load(in, password.toCharArray());
            if (ks.size() == 0) {
                throw new IllegalArgumentException("tls." + what + " " + p + " holds no entry");
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong password or not a " + (type.isEmpty() ? RouteTls.storeType(file) : type) + " store" : String.valueOf(e.getMessage());
            throw new IllegalArgumentException("tls." + what + " " + p + " cannot be read: " + why, e);
        }
    }

    private KeyManager keyManager(KeyStore ks, RouteTls t) {
        try {
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException("tls." + RouteTls.KEY_STORE + " " + resolve(t.keyStore())
                        + " holds no private key (it must hold this node's client key and certificate)");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, t.keyStorePassword().toCharArray());
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager) {
                    return km;
                }
            }
            throw new IllegalArgumentException("no X.509 key manager for " + t.keyStore());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls." + RouteTls.KEY_STORE + " " + resolve(t.keyStore())
                    + ": the key cannot be read with key_store_password (" + e.getMessage() + ")", e);
        }
    }

    private String stamp(String file) {
        if (file.isEmpty()) {
            return "";
        }
        try {
            Path p = resolve(file);
            return Files.getLastModifiedTime(p).toMillis() + ":" + Files.size(p);
        } catch (IOException e) {
            return "missing";
        }
    }

    private static String id(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<String> explain(Throwable failure) {
        boolean tls = false;
        String last = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            String lm = m.toLowerCase(Locale.ROOT);
            if (t instanceof PinningTrustManager.PinMismatch) {
                return Optional.of("pinned certificate mismatch: " + m);
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return Optional.of("peer certificate outside its validity period: " + m);
            }
            if (t instanceof CertPathValidatorException || lm.contains("pkix path")) {
                return Optional.of("peer certificate not trusted (not issued by a certificate in the route's trust store): " + m);
            }
            if (lm.contains("no subject alternative") || lm.contains("no name matching")) {
                return Optional.of("peer certificate does not name the route's host (set tls.verify_hostname=false or pin it): " + m);
            }
            if (lm.contains("certificate_required") || lm.contains("fatal alert: bad_certificate")
                    || lm.contains("fatal alert: certificate_unknown") || lm.contains("fatal alert: unknown_ca")) {
                return Optional.of("the peer refused this node's client certificate or requires one (mTLS: set tls.key_store): " + m);
            }
            if (lm.contains("protocol_version") || lm.contains("no appropriate protocol")) {
                return Optional.of("no common TLS protocol (Hutong speaks TLS 1.2 and 1.3 only): " + m);
            }
            if (lm.contains("not an ssl/tls record") || lm.contains("unrecognized ssl message")) {
                return Optional.of("the peer does not speak TLS on this port: " + m);
            }
            if (t instanceof SSLException) {
                tls = true;
                last = m;
            }
        }
        return tls ? Optional.of("TLS handshake failed: " + last) : Optional.empty();
    }
}
