/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hutong.tee.attestation.channel.DigitalEnvelope.Sealed;
import io.hutong.tee.attestation.impl.Crypto;
import io.hutong.tee.attestation.model.AttestationJson;

class DigitalEnvelopeTest {

    private static final byte[] DATA = "{\"raw_data\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "node-a".getBytes(StandardCharsets.UTF_8);

    private static KeyPair teeRsa;
    private static KeyPair ownerRsa;
    private static KeyPair teeSm2;
    private static KeyPair ownerSm2;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(4096); // spec 60 §9: RSA 4096+ for the envelope
        teeRsa = rsa.generateKeyPair();
        ownerRsa = rsa.generateKeyPair();
        KeyPairGenerator sm2 = KeyPairGenerator.getInstance("EC", Crypto.PROVIDER);
        sm2.initialize(new ECGenParameterSpec("sm2p256v1"));
        teeSm2 = sm2.generateKeyPair();
        ownerSm2 = sm2.generateKeyPair();
    }

    @Test
    void anRsaEnvelopeOpensOnlyWithTheRecipientsKeyInBothDirections() throws Exception {
        // data owner (REE) to TEE, then TEE back to the data owner
        for (KeyPair[] pair : new KeyPair[][] {{teeRsa, ownerRsa}, {ownerRsa, teeRsa}}) {
            Sealed sealed = DigitalEnvelope.seal(DATA, AAD, pair[0].getPublic());
            assertEquals(DigitalEnvelope.AES_GCM_RSA_OAEP, sealed.cipherMode());
            assertArrayEquals(DATA, DigitalEnvelope.open(sealed, AAD, pair[0].getPrivate()));
            assertThrows(GeneralSecurityException.class, () -> DigitalEnvelope.open(sealed, AAD, pair[1].getPrivate()));
        }
    }

    @Test
    void anSm2EnvelopeOpensOnlyWithTheRecipientsKeyInBothDirections() throws Exception {
        for (KeyPair[] pair : new KeyPair[][] {{teeSm2, ownerSm2}, {ownerSm2, teeSm2}}) {
            Sealed sealed = DigitalEnvelope.seal(DATA, AAD, pair[0].getPublic());
            assertEquals(DigitalEnvelope.SM4_GCM_SM2, sealed.cipherMode());
            assertArrayEquals(DATA, DigitalEnvelope.open(sealed, AAD, pair[0].getPrivate()));
            assertThrows(GeneralSecurityException.class, () -> DigitalEnvelope.open(sealed, AAD, pair[1].getPrivate()));
        }
    }

    @Test
    void aChangedCipherTextOrAuthenticatedDataIsRefused() throws Exception {
        for (KeyPair tee : new KeyPair[] {teeRsa, teeSm2}) {
            Sealed sealed = DigitalEnvelope.seal(DATA, AAD, tee.getPublic());
            byte[] c = Base64.getDecoder().decode(sealed.cipherText());
            c[0] ^= 1;
            Sealed changed = new Sealed(sealed.cipherMode(), sealed.encryptedKey(), sealed.iv(),
                    Base64.getEncoder().encodeToString(c));
            assertThrows(GeneralSecurityException.class, () -> DigitalEnvelope.open(changed, AAD, tee.getPrivate()));
            assertThrows(GeneralSecurityException.class,
                    () -> DigitalEnvelope.open(sealed, "node-b".getBytes(StandardCharsets.UTF_8), tee.getPrivate()));
        }
    }

    @Test
    void theEnvelopeTravelsAsJsonWithPrefixedKeys() throws Exception {
        Sealed sealed = DigitalEnvelope.seal(DATA, AAD, teeSm2.getPublic());
        String json = AttestationJson.write(sealed);
        Sealed back = AttestationJson.read(json, Sealed.class);
        assertEquals(sealed, back);
        assertArrayEquals(DATA, DigitalEnvelope.open(back, AAD, teeSm2.getPrivate()));
    }
}
