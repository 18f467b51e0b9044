/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Certificate;

import io.hutong.api.tee.TeeVerification.Failure;

/**
 * Intel SGX PKI checks: certificate chains that must end in a pinned Intel SGX Root CA, their validity
 * at the verification time, and revocation by Intel's CRLs.
 *
 * <p>Chains are checked link by link rather than through PKIX: Intel's chains are short and fixed
 * (leaf, Processor/Platform CA or TCB signing, root), and a link-by-link check names the certificate
 * that failed, which PKIX's path builder does not.
 */
public final class IntelPki {

    private final Set<String> pinnedRoots;

    /**
     * @param pinnedRoots SHA-256 fingerprints of accepted root certificates, hex (colons and case ignored)
     */
    public IntelPki(Set<String> pinnedRoots) {
        this.pinnedRoots = pinnedRoots.stream().map(IntelPki::normaliseFingerprint)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** @return the fingerprint as 64 upper-case hex digits without separators */
    public static String normaliseFingerprint(String fingerprint) {
        return fingerprint.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /**
     * Parses a PEM certificate chain, leaf first.
     *
     * @param what name of the chain for messages
     * @param pem  concatenated PEM certificates (trailing NUL bytes, as quotes carry them, are ignored)
     */
    public static List<X509Certificate> parseChain(String what, String pem) throws Rejection {
        if (pem == null || pem.isBlank()) {
            throw new Rejection(Failure.MALFORMED, what + ": no certificates");
        }
        try {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.replace("\0", "").trim()
                            .getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> chain = new ArrayList<>();
            for (java.security.cert.Certificate c : certs) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new Rejection(Failure.CERTIFICATE_INVALID, what + ": no certificates");
            }
            return chain;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Rejection(Failure.CERTIFICATE_INVALID, what + ": unreadable certificate: " + e.getMessage());
        }
    }

    /**
     * Parses a CRL given as PEM, hex of DER (Intel PCS answers and dcap collateral ≥ 3.1) or Base64 of DER.
     */
    public static X509CRL parseCrl(String what, String text) throws Rejection {
        if (text == null || text.isBlank()) {
            throw new Rejection(Failure.MALFORMED, what + ": missing from the collateral");
        }
        String t = text.replace("\0", "").trim();
        byte[] der;
        try {
            if (t.startsWith("-----BEGIN")) {
                der = t.getBytes(StandardCharsets.US_ASCII);
            } else if (t.matches("(?s)[0-9A-Fa-f]+")) {
                der = HexFormat.of().parseHex(t);
            } else {
                der = Base64.getMimeDecoder().decode(t);
            }
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Rejection(Failure.COLLATERAL_INVALID, what + ": unreadable CRL: " + e.getMessage());
        }
    }

    /**
     * Checks a chain: each certificate signed by the next, the last a self-signed pinned root, every
     * certificate valid at {@code at}, every non-leaf a CA.
     *
     * @param what  name of the chain for messages
     * @param chain leaf first, root last
     * @param at    verification time
     */
    public void checkChain(String what, List<X509Certificate> chain, Instant at) throws Rejection {
        X509Certificate root = chain.get(chain.size() - 1);
        String fingerprint = fingerprint(root);
        if (!pinnedRoots.contains(fingerprint)) {
            throw new Rejection(Failure.UNTRUSTED_ROOT, what + ": root \"" + root.getSubjectX500Principal().getName()
                    + "\" has SHA-256 fingerprint " + fingerprint + ", which is not a pinned Intel SGX root");
        }
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate issuer = chain.get(Math.min(i + 1, chain.size() - 1));
            String name = what + " certificate " + i + " (" + cert.getSubjectX500Principal().getName() + ")";
            if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                throw new Rejection(Failure.CERTIFICATE_INVALID, name + ": issuer \""
                        + cert.getIssuerX500Principal().getName() + "\" is not the next certificate \""
                        + issuer.getSubjectX500Principal().getName() + "\"");
            }
            requireDer(name, cert);
            verifySignature(name, cert, issuer.getPublicKey());
            if (i > 0 && cert.getBasicConstraints() < 0) {
                throw new Rejection(Failure.CERTIFICATE_INVALID, name + ": issues certificates but is not a CA");
            }
            checkWindow(name, cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), at);
        }
    }

    /**
     * Checks a CRL: signed by {@code issuer}, current at {@code at}; then that none of the
     * certificates is on it.
     */
    public static void checkRevocation(String what, X509CRL crl, X509Certificate issuer, Instant at,
            List<X509Certificate> certs) throws Rejection {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new Rejection(Failure.COLLATERAL_INVALID, what + ": issued by \"" + crl.getIssuerX500Principal().getName()
                    + "\", expected \"" + issuer.getSubjectX500Principal().getName() + "\"");
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Rejection(Failure.COLLATERAL_INVALID, what + ": signature does not verify with the key of \""
                    + issuer.getSubjectX500Principal().getName() + "\"");
        }
        Instant next = crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant();
        checkWindow(what, crl.getThisUpdate().toInstant(), next, at);
        for (X509Certificate cert : certs) {
            if (crl.isRevoked(cert)) {
                throw new Rejection(Failure.REVOKED, "certificate \"" + cert.getSubjectX500Principal().getName()
                        + "\" (serial " + cert.getSerialNumber().toString(16) + ") is revoked by " + what);
            }
        }
    }

    /**
     * @throws Rejection {@link Failure#NOT_YET_VALID} before {@code from}, {@link Failure#EXPIRED} after
     *                   {@code until}
     */
    public static void checkWindow(String what, Instant from, Instant until, Instant at) throws Rejection {
        if (at.isBefore(from)) {
            throw new Rejection(Failure.NOT_YET_VALID, what + ": valid from " + from + ", verification time " + at);
        }
        if (at.isAfter(until)) {
            throw new Rejection(Failure.EXPIRED, what + ": valid until " + until + ", verification time " + at);
        }
    }

    /** @return the certificate's SHA-256 fingerprint, upper-case hex */
    public static String fingerprint(X509Certificate cert) throws Rejection {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new Rejection(Failure.CERTIFICATE_INVALID, "cannot encode certificate: " + e.getMessage());
        }
    }

    /*
     * The signature covers only the TBS part, so bytes outside it (the signature's BIT STRING padding,
     * non-minimal lengths) could change without the signature noticing; a certificate must therefore be
     * exactly the DER encoding of what it says.
     */
    private static void requireDer(String name, X509Certificate cert) throws Rejection {
        try {
            byte[] der = cert.getEncoded();
            Certificate parsed = Certificate.getInstance(der);
            if (parsed.getSignature().getPadBits() != 0 || !Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), der)) {
                throw new Rejection(Failure.CERTIFICATE_INVALID, name + ": not strictly DER-encoded");
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new Rejection(Failure.CERTIFICATE_INVALID, name + ": unreadable: " + e.getMessage());
        }
    }

    private static void verifySignature(String name, X509Certificate cert, PublicKey issuerKey) throws Rejection {
        try {
            cert.verify(issuerKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Rejection(Failure.CERTIFICATE_INVALID, name + ": signature does not verify with its issuer's key");
        }
    }
}
