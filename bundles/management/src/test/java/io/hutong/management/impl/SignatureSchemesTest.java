/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each auth_type verifies its own signatures and refuses a forged or foreign one. */
class SignatureSchemesTest {

    static final byte[] DATA = "POST\n/v1/interconn/flow/audit/apply\n\nalice\nbob\nn\n1\nabc".getBytes(StandardCharsets.UTF_8);

    static KeyPair keys(String authType) throws Exception {
        KeyPairGenerator g;
        switch (authType) {
            case "SHA256_RSA" -> {
                g = KeyPairGenerator.getInstance("RSA", SignatureSchemes.BC);
                g.initialize(2048);
            }
            case "SM3_SM2" -> {
                g = KeyPairGenerator.getInstance("EC", SignatureSchemes.BC);
                g.initialize(new ECGenParameterSpec("sm2p256v1"));
            }
            default -> {
                g = KeyPairGenerator.getInstance("EC", SignatureSchemes.BC);
                g.initialize(new ECGenParameterSpec("secp256r1"));
            }
        }
        return g.generateKeyPair();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA256_ECDSA", "SHA256_RSA", "SM3_SM2"})
    void aKeySchemeVerifiesItsSignaturesAndRefusesOthers(String authType) throws Exception {
        SignatureScheme s = SignatureSchemes.of(authType).orElseThrow();
        KeyPair kp = keys(authType);
        String credential = pem("PUBLIC KEY", kp.getPublic().getEncoded());
        byte[] sig = s.sign(kp.getPrivate(), DATA);
        assertTrue(s.verify(credential, DATA, sig));
        // the bare Base64 DER form is accepted as well
        assertTrue(s.verify(Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()), DATA, sig));
        byte[] other = DATA.clone();
        other[0] = 'G';
        assertFalse(s.verify(credential, other, sig), "a changed request does not verify");
        assertFalse(s.verify(pem("PUBLIC KEY", keys(authType).getPublic().getEncoded()), DATA, sig), "another key does not verify");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA256_ECDSA", "SHA256_RSA", "SM3_SM2"})
    void certVerifiesWithTheAlgorithmOfTheCertificatesKey(String keyType) throws Exception {
        KeyPair kp = keys(keyType);
        String alg = switch (keyType) {
            case "SHA256_RSA" -> "SHA256withRSA";
            case "SM3_SM2" -> "SM3withSM2";
            default -> "SHA256withECDSA";
        };
        X509CertificateHolder cert = new JcaX509v3CertificateBuilder(new X500Name("CN=alice"), BigInteger.ONE,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 3_600_000), new X500Name("CN=alice"),
                kp.getPublic()).build(new JcaContentSignerBuilder(alg).setProvider(SignatureSchemes.BC).build(kp.getPrivate()));
        String credential = pem("CERTIFICATE", cert.getEncoded());
        byte[] sig = SignatureSchemes.of(keyType).orElseThrow().sign(kp.getPrivate(), DATA);
        SignatureScheme certScheme = SignatureSchemes.of("CERT").orElseThrow();
        assertTrue(certScheme.verify(credential, DATA, sig));
        assertFalse(certScheme.verify(credential, "other".getBytes(), sig));
    }

    @org.junit.jupiter.api.Test
    void shortRsaKeysAndUnreadableCredentialsAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair weak = g.generateKeyPair();
        SignatureScheme rsa = SignatureSchemes.of("SHA256_RSA").orElseThrow();
        assertThrows(java.security.GeneralSecurityException.class,
                () -> rsa.verify(pem("PUBLIC KEY", weak.getPublic().getEncoded()), DATA, rsa.sign(weak.getPrivate(), DATA)));
        assertTrue(GovernanceTest.message(() -> Governance.requireReadableCredential("SHA256_ECDSA", "not a key"))
                .startsWith("400 auth_credential is not a readable SHA256_ECDSA credential"));
        assertTrue(GovernanceTest.message(() -> Governance.requireReadableCredential("MD5_RSA", "x"))
                .startsWith("400 auth_type must be one of [CERT, SHA256_ECDSA, SHA256_RSA, SM3_SM2]"));
    }
}
