/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The signature algorithms of decision M2 on BouncyCastle: SHA256_ECDSA (DER), SHA256_RSA (PKCS#1
 * v1.5, at least 2048 bits), SM3_SM2 (SM2 with SM3 and the default user id) and CERT (the algorithm of
 * the certificate's key).
 */
final class SignatureSchemes {

    // A private provider instance: registering BouncyCastle globally would change other bundles' JCA choices.
    static final Provider BC = new BouncyCastleProvider();

    private static final Map<String, SignatureScheme> ALL = Map.of(
            "SHA256_ECDSA", new KeyScheme("SHA256_ECDSA", "EC", "SHA256withECDSA"),
            "SHA256_RSA", new KeyScheme("SHA256_RSA", "RSA", "SHA256withRSA"),
            "SM3_SM2", new KeyScheme("SM3_SM2", "EC", "SM3withSM2"),
            "CERT", new CertScheme());

    private SignatureSchemes() {
    }

    static Optional<SignatureScheme> of(String authType) {
        return Optional.ofNullable(authType == null ? null : ALL.get(authType));
    }

    static java.util.Set<String> names() {
        return new java.util.TreeSet<>(ALL.keySet());
    }

    static byte[] pemBody(String pem) {
        String b64 = pem.replaceAll("-----(BEGIN|END) [A-Z0-9 ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth_credential is neither PEM nor Base64");
        }
    }

    static PublicKey publicKey(String credential, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm, BC).generatePublic(new X509EncodedKeySpec(pemBody(credential)));
    }

    private record KeyScheme(String authType, String keyAlgorithm, String jcaAlgorithm) implements SignatureScheme {

        @Override
        public boolean verify(String credential, byte[] data, byte[] signature) throws GeneralSecurityException {
            PublicKey key = publicKey(credential, keyAlgorithm);
            if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
                throw new GeneralSecurityException("RSA key of " + rsa.getModulus().bitLength() + " bits; at least 2048 required");
            }
            Signature s = Signature.getInstance(jcaAlgorithm, BC);
            s.initVerify(key);
            s.update(data);
            try {
                return s.verify(signature);
            } catch (java.security.SignatureException malformed) {
                return false;
            }
        }

        @Override
        public byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
            Signature s = Signature.getInstance(jcaAlgorithm, BC);
            s.initSign(key);
            s.update(data);
            return s.sign();
        }
    }

    /** CERT: the credential is an X.509 certificate; the key inside says which algorithm signs. */
    private static final class CertScheme implements SignatureScheme {

        @Override
        public String authType() {
            return "CERT";
        }

        private static String algorithmOf(PublicKey key) {
            if (key instanceof RSAPublicKey) {
                return "SHA256withRSA";
            }
            if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256
                    && ec.getParams().getCurve().getA().toString(16).startsWith("fffffffeffffffff")) {
                return "SM3withSM2"; // sm2p256v1's a = FFFFFFFE FFFFFFFF ... (P-256's a begins ffffffff00000001)
            }
            return "SHA256withECDSA";
        }

        @Override
        public boolean verify(String credential, byte[] data, byte[] signature) throws GeneralSecurityException {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", BC)
                    .generateCertificate(new ByteArrayInputStream(credential.getBytes(StandardCharsets.US_ASCII)));
            cert.checkValidity();
            Signature s = Signature.getInstance(algorithmOf(cert.getPublicKey()), BC);
            s.initVerify(cert.getPublicKey());
            s.update(data);
            try {
                return s.verify(signature);
            } catch (java.security.SignatureException malformed) {
                return false;
            }
        }

        @Override
        public byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
            String alg = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            Signature s = Signature.getInstance(alg, BC);
            s.initSign(key);
            s.update(data);
            return s.sign();
        }
    }
}
