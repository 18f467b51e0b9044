/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.impl.Crypto;
import io.hutong.tee.attestation.impl.Pem;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;

/**
 * TEE node registration with a UAS acting as a certificate authority (spec 60 §6.1 option 1): the node
 * sends the public key it generated inside its TEE with a report binding that key, and receives a
 * certificate for it issued by the UAS.
 *
 * <p>The report is required so that only a key proven to live in an attested TEE is certified: its
 * {@code hex_hash_or_pem_pubkey} must be the SHA-256 of the PEM sent (spec 60 §7).
 */
public final class TeeNodeRegistration {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate caCertificate;
    private final KeyPair caKey;
    private final Function<String, Optional<TeeVerifier>> verifiers;
    private final Duration validity;
    private final boolean acceptDebugEnclaves;

    /**
     * A registration that refuses keys of debug enclaves.
     *
     * @param caCertificate the UAS issuing certificate (from a third-party CA, or self-signed for a private UAS)
     * @param caKey         its key pair
     * @param verifiers     the verifier deployed for a platform
     * @param validity      how long issued certificates are valid
     */
    public TeeNodeRegistration(X509Certificate caCertificate, KeyPair caKey,
            Function<String, Optional<TeeVerifier>> verifiers, Duration validity) {
        this(caCertificate, caKey, verifiers, validity, false);
    }

    /**
     * @param caCertificate       the UAS issuing certificate
     * @param caKey               its key pair
     * @param verifiers           the verifier deployed for a platform
     * @param validity            how long issued certificates are valid
     * @param acceptDebugEnclaves whether a key bound by a debug enclave is certified (its memory, and so the
     *                            private key, is readable by the host; test systems only)
     */
    public TeeNodeRegistration(X509Certificate caCertificate, KeyPair caKey,
            Function<String, Optional<TeeVerifier>> verifiers, Duration validity, boolean acceptDebugEnclaves) {
        this.caCertificate = Objects.requireNonNull(caCertificate, "caCertificate");
        this.caKey = Objects.requireNonNull(caKey, "caKey");
        this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.acceptDebugEnclaves = acceptDebugEnclaves;
    }

    /** @return the certificate the UAS issues node certificates under (the "UAS root" returned to nodes) */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /**
     * Registers a node.
     *
     * @param nodeId       the node's id, the subject common name of its certificate
     * @param pemPublicKey the node's {@code ak.pub} as PEM
     * @param reportJson   a UnifiedAttestationReport binding that key
     * @param at           the registration time
     * @return the issued certificate
     * @throws GeneralSecurityException naming the failed check when the report does not verify or does
     *                                  not bind the key
     */
    public X509Certificate register(String nodeId, String pemPublicKey, String reportJson, Instant at)
            throws GeneralSecurityException {
        UnifiedAttestationReport report;
        try {
            report = AttestationJson.read(reportJson, UnifiedAttestationReport.class);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("report: " + e.getMessage(), e);
        }
        Optional<String> header = UnifiedAttestationReport.headerProblem(report.toTeeReport(),
                UnifiedAttestationReport.PLATFORM_TYPES);
        if (header.isPresent()) {
            throw new GeneralSecurityException("report: " + header.get());
        }
        TeeVerifier verifier = verifiers.apply(report.teePlatform() == null ? "" : report.teePlatform())
                .orElseThrow(() -> new GeneralSecurityException("unsupported: no verifier deployed for str_tee_platform \""
                        + report.teePlatform() + "\""));
        TeeVerification verdict = verifier.verify(report.toTeeReport(), at);
        if (!verdict.verified()) {
            throw new GeneralSecurityException("report: " + verdict.failure() + ": " + verdict.message());
        }
        if ("false".equals(verdict.attributes().get(TeeAttributes.DEBUG_DISABLED)) && !acceptDebugEnclaves) {
            throw new GeneralSecurityException("bool_debug_disabled: the enclave runs with debugging enabled, so its "
                    + "key is readable by the host; debug enclaves are refused");
        }
        String bound = verdict.attributes().getOrDefault(TeeAttributes.HASH_OR_PEM_PUBKEY, "");
        String expected = Pem.sha256Hex(pemPublicKey);
        if (!expected.equalsIgnoreCase(bound)) {
            throw new GeneralSecurityException(TeeAttributes.HASH_OR_PEM_PUBKEY + ": expected " + expected
                    + " (SHA-256 of the registered key), actual " + (bound.isEmpty() ? "(empty)" : bound));
        }
        return issue(nodeId, Pem.publicKey(pemPublicKey), at);
    }

    /**
     * Issues a node certificate without a report, for keys vouched for otherwise (an operator's decision).
     */
    public X509Certificate issue(String nodeId, PublicKey nodeKey, Instant at) throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, nodeId).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate,
                    new BigInteger(127, RANDOM), Date.from(at.minusSeconds(60)), Date.from(at.plus(validity)), subject, nodeKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(nodeKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
            return new JcaX509CertificateConverter().setProvider(Crypto.PROVIDER).getCertificate(
                    builder.build(new JcaContentSignerBuilder(UasSigningKey.algorithm(caKey.getPublic()))
                            .setProvider(Crypto.PROVIDER).build(caKey.getPrivate())));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot issue a certificate for " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a self-signed issuing certificate, for a UAS without a third-party CA (tests, private deployments).
     */
    public static X509Certificate selfSigned(String name, KeyPair key, Instant from, Duration validity)
            throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, RANDOM),
                    Date.from(from), Date.from(from.plus(validity)), subject, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key.getPublic()));
            return new JcaX509CertificateConverter().setProvider(Crypto.PROVIDER).getCertificate(
                    builder.build(new JcaContentSignerBuilder(UasSigningKey.algorithm(key.getPublic()))
                            .setProvider(Crypto.PROVIDER).build(key.getPrivate())));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make the UAS certificate: " + e.getMessage(), e);
        }
    }
}
