/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM public keys and the hex SHA-256 the standard binds them by (spec 60 §5.1, §7).
 */
public final class Pem {

    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private Pem() {
    }

    /**
     * The hash a report binds a public key by: SHA-256 over the exact PEM text, as the reference
     * implementation computes it, in upper-case hex (spec 60 §3).
     *
     * @param pem the PEM text, unchanged
     * @return 64 upper-case hex digits
     */
    public static String sha256Hex(String pem) {
        return UPPER_HEX.formatHex(sha256(pem.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the SHA-256 of the bytes */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /** @return bytes as upper-case hex, the standard's {@code hex_} format */
    public static String hex(byte[] data) {
        return UPPER_HEX.formatHex(data);
    }

    /**
     * Reads a PEM public key: {@code PUBLIC KEY} (SubjectPublicKeyInfo, RSA, EC or SM2) or
     * {@code RSA PUBLIC KEY} (PKCS#1).
     *
     * @throws GeneralSecurityException when the text holds no public key
     */
    public static PublicKey publicKey(String pem) throws GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            SubjectPublicKeyInfo info;
            if (o instanceof SubjectPublicKeyInfo spki) {
                info = spki;
            } else if (o instanceof RSAPublicKey rsa) {
                info = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa);
            } else {
                throw new GeneralSecurityException("no PEM public key found");
            }
            return new JcaPEMKeyConverter().setProvider(Crypto.PROVIDER).getPublicKey(info);
        } catch (IOException e) {
            throw new GeneralSecurityException("unreadable PEM public key: " + e.getMessage(), e);
        }
    }
}
