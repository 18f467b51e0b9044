/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.channel;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.hutong.tee.attestation.impl.Crypto;

/**
 * The digital envelope of spec 60 §9: data encrypted under a fresh content key, the content key
 * encrypted to the recipient's public key — AES-256-GCM with RSA-OAEP (SHA-256) for RSA recipients,
 * SM4-GCM with SM2 (C1C3C2) for SM2 recipients (decision A-17: SM2, not SM3, is the asymmetric part).
 */
public final class DigitalEnvelope {

    /** {@code str_cipher_mode} of the international suite. */
    public static final String AES_GCM_RSA_OAEP = "AES-256-GCM+RSA-OAEP-SHA256";
    /** {@code str_cipher_mode} of the Chinese commercial suite. */
    public static final String SM4_GCM_SM2 = "SM4-GCM+SM2";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TAG_BITS = 128;
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    /**
     * A sealed envelope, the ciphertext form of the envelope's {@code json_data}.
     *
     * @param cipherMode   {@code str_cipher_mode}
     * @param encryptedKey {@code b64_encrypted_key}: the content key encrypted to the recipient
     * @param iv           {@code b64_iv}: the GCM nonce (12 bytes)
     * @param cipherText   {@code b64_cipher_text}: ciphertext with the GCM tag appended
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Sealed(
            @JsonProperty("str_cipher_mode") String cipherMode,
            @JsonProperty("b64_encrypted_key") String encryptedKey,
            @JsonProperty("b64_iv") String iv,
            @JsonProperty("b64_cipher_text") String cipherText) {
    }

    private DigitalEnvelope() {
    }

    /**
     * @param plain     the data
     * @param aad       data authenticated but not encrypted (for example the sender's id), may be empty
     * @param recipient an RSA (≥ 3072 bit recommended, spec asks 4096) or SM2 public key
     * @return the envelope
     */
    public static Sealed seal(byte[] plain, byte[] aad, PublicKey recipient) throws GeneralSecurityException {
        boolean rsa = recipient instanceof RSAKey;
        byte[] contentKey = new byte[rsa ? 32 : 16];
        byte[] iv = new byte[12];
        RANDOM.nextBytes(contentKey);
        RANDOM.nextBytes(iv);
        Cipher data = rsa ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("SM4/GCM/NoPadding", Crypto.PROVIDER);
        data.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(contentKey, rsa ? "AES" : "SM4"), new GCMParameterSpec(TAG_BITS, iv));
        data.updateAAD(aad);
        byte[] cipherText = data.doFinal(plain);
        byte[] wrapped;
        if (rsa) {
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.ENCRYPT_MODE, recipient, OAEP);
            wrapped = oaep.doFinal(contentKey);
        } else {
            wrapped = sm2(true, ECUtil.generatePublicKeyParameter(recipient), contentKey);
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return new Sealed(rsa ? AES_GCM_RSA_OAEP : SM4_GCM_SM2, b64.encodeToString(wrapped), b64.encodeToString(iv),
                b64.encodeToString(cipherText));
    }

    /**
     * @param sealed    the envelope
     * @param aad       the same authenticated data as at sealing
     * @param recipient the recipient's private key
     * @return the data
     * @throws GeneralSecurityException when the key is not the recipient's, or anything was changed
     */
    public static byte[] open(Sealed sealed, byte[] aad, PrivateKey recipient) throws GeneralSecurityException {
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] wrapped;
        byte[] iv;
        byte[] cipherText;
        try {
            wrapped = b64.decode(sealed.encryptedKey());
            iv = b64.decode(sealed.iv());
            cipherText = b64.decode(sealed.cipherText());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new GeneralSecurityException("envelope: a b64_ field is missing or not Base64");
        }
        byte[] contentKey;
        Cipher data;
        String algorithm;
        switch (sealed.cipherMode() == null ? "" : sealed.cipherMode()) {
            case AES_GCM_RSA_OAEP -> {
                Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
                oaep.init(Cipher.DECRYPT_MODE, recipient, OAEP);
                contentKey = oaep.doFinal(wrapped);
                data = Cipher.getInstance("AES/GCM/NoPadding");
                algorithm = "AES";
            }
            case SM4_GCM_SM2 -> {
                contentKey = sm2(false, ECUtil.generatePrivateKeyParameter(recipient), wrapped);
                data = Cipher.getInstance("SM4/GCM/NoPadding", Crypto.PROVIDER);
                algorithm = "SM4";
            }
            default -> throw new GeneralSecurityException("str_cipher_mode \"" + sealed.cipherMode()
                    + "\" is neither " + AES_GCM_RSA_OAEP + " nor " + SM4_GCM_SM2);
        }
        data.init(Cipher.DECRYPT_MODE, new SecretKeySpec(contentKey, algorithm), new GCMParameterSpec(TAG_BITS, iv));
        data.updateAAD(aad);
        return data.doFinal(cipherText);
    }

    private static byte[] sm2(boolean encrypt, org.bouncycastle.crypto.params.AsymmetricKeyParameter key, byte[] in)
            throws GeneralSecurityException {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(encrypt, encrypt ? new ParametersWithRandom(key, RANDOM) : key);
        try {
            return engine.processBlock(in, 0, in.length);
        } catch (InvalidCipherTextException e) {
            throw new GeneralSecurityException("SM2: cannot decrypt the content key with this key", e);
        }
    }
}
