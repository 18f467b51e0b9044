/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks a peer's server certificate as a route says: its chain against the route's trust (when it has
 * one), the host name (only when trust comes from a store and no pin is set) and the SHA-256 pin of
 * the leaf certificate.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {

    /** The leaf certificate is not the pinned one. */
    static final class PinMismatch extends CertificateException {
        private static final long serialVersionUID = 1L;

        PinMismatch(String message) {
            super(message);
        }
    }

    private final X509ExtendedTrustManager chain;
    private final String pin;
    private final boolean verifyHostname;
    private final String peer;

    /**
     * @param chain          validates the chain; {@code null} to rely on the pin alone
     * @param pin            lower-case hex SHA-256 of the leaf certificate's DER, empty for none
     * @param verifyHostname whether the chain check includes the host name
     * @param peer           names the peer in failures
     */
    PinningTrustManager(X509ExtendedTrustManager chain, String pin, boolean verifyHostname, String peer) {
        if (chain == null && pin.isEmpty()) {
            throw new IllegalArgumentException("neither a trust store nor a pin");
        }
        this.chain = chain;
        this.pin = pin;
        this.verifyHostname = verifyHostname && pin.isEmpty();
        this.peer = peer;
    }

    static String sha256(X509Certificate cert) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        if (chain != null) {
            if (verifyHostname) {
                chain.checkServerTrusted(certs, authType, engine);
            } else {
                chain.checkServerTrusted(certs, authType);
            }
        }
        checkPin(certs);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        if (chain != null) {
            if (verifyHostname) {
                chain.checkServerTrusted(certs, authType, socket);
            } else {
                chain.checkServerTrusted(certs, authType);
            }
        }
        checkPin(certs);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        if (chain != null) {
            chain.checkServerTrusted(certs, authType);
        }
        checkPin(certs);
    }

    private void checkPin(X509Certificate[] certs) throws CertificateException {
        if (pin.isEmpty()) {
            return;
        }
        if (certs == null || certs.length == 0) {
            throw new PinMismatch(peer + " presented no certificate");
        }
        String actual = sha256(certs[0]);
        if (!actual.equals(pin)) {
            throw new PinMismatch("certificate of " + peer + " (" + certs[0].getSubjectX500Principal().getName() + ") has SHA-256 "
                    + actual + ", but the route pins " + pin);
        }
        if (chain == null) {
            // the pin replaces the chain check, not the validity period
            certs[0].checkValidity();
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a route's trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a route's trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        throw new CertificateException("a route's trust manager checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain == null ? new X509Certificate[0] : chain.getAcceptedIssuers();
    }
}
