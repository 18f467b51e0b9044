/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.KeyAgreement;

import org.junit.jupiter.api.Test;

import io.hutong.crypto.x25519.fast.FastX25519;
import io.hutong.protocol.interconnection.v2.runtime.EcdhPsiCipherBatch;

/**
 * ECDH-PSI on Curve25519 computes the reference's bytes (51 §3): enc = X25519(sk, SHA-256(item)) and
 * dual = X25519(sk, peer enc), checked against the JDK's own XDH, and a tiny two-party run finds exactly the
 * common items.
 */
class Curve25519CipherTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ALICE = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] BOB = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");

    @Test
    void hashesAnItemToTheRawSha256DigestAsU() throws Exception {
        byte[] item = "id-42".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(item), Curve25519Cipher.hashToPoint(item));
        assertEquals("a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3",
                HEX.formatHex(Curve25519Cipher.hashToPoint("123".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void encryptsAndDualEncryptsExactlyAsTheJdkXdhDoes() throws Exception {
        EcdhCipher alice = new Curve25519Cipher(new FastX25519(), ALICE);
        EcdhCipher bob = new Curve25519Cipher(new FastX25519(), BOB);
        for (String id : List.of("alice@example.com", "13800000000", "张三,110101199003077777", "", "x")) {
            byte[] item = id.getBytes(StandardCharsets.UTF_8);
            byte[] u = MessageDigest.getInstance("SHA-256").digest(item);
            byte[] enc = alice.encrypt(item);
            assertEquals(HEX.formatHex(jdkX25519(ALICE, u)), HEX.formatHex(enc), id);
            byte[] dual = bob.dual(enc);
            assertEquals(HEX.formatHex(jdkX25519(BOB, jdkX25519(ALICE, u))), HEX.formatHex(dual), id);
            // the other order gives the same point: that is what makes the comparison work
            assertArrayEquals(dual, alice.dual(bob.encrypt(item)));
            assertEquals(12, EcdhCipher.dualTail(dual).length);
            assertArrayEquals(java.util.Arrays.copyOfRange(dual, 20, 32), EcdhCipher.dualTail(dual));
        }
    }

    @Test
    void aTinyTwoPartyRunFindsExactlyTheCommonItemsInInputOrder() {
        List<String> aliceItems = List.of("u1", "u2", "u3", "u4", "u5", "u2");
        List<String> bobItems = List.of("u9", "u4", "u2", "u7", "u1");
        EcdhCipher alice = new Curve25519Cipher(new FastX25519(), ALICE);
        EcdhCipher bob = new Curve25519Cipher(new FastX25519(), BOB);

        List<byte[]> aliceEnc = aliceItems.stream().map(s -> alice.encrypt(s.getBytes(StandardCharsets.UTF_8))).toList();
        List<byte[]> bobEnc = bobItems.stream().map(s -> bob.encrypt(s.getBytes(StandardCharsets.UTF_8))).toList();

        // Each side receives the other's enc batches, dual-encrypts them and sends back the 12-byte tails.
        List<byte[]> aliceDualFromBob = tails(bob, received(CipherBatches.split(CipherBatches.ENC, aliceEnc), 32));
        List<byte[]> bobDualFromAlice = tails(alice, received(CipherBatches.split(CipherBatches.ENC, bobEnc), 32));
        List<byte[]> bobDualsAtAlice = received(CipherBatches.split(CipherBatches.DUAL_ENC, bobDualFromAlice), 12);

        DualSet peer = new DualSet(bobDualsAtAlice.size());
        bobDualsAtAlice.forEach(d -> peer.add(d, 0));
        List<String> result = new ArrayList<>();
        for (int i = 0; i < aliceItems.size(); i++) {
            if (peer.contains(aliceDualFromBob.get(i), 0)) {
                result.add(aliceItems.get(i));
            }
        }
        assertEquals(List.of("u1", "u2", "u4", "u2"), result);
        Set<String> distinct = new LinkedHashSet<>(result);
        assertEquals(Set.of("u1", "u2", "u4"), distinct);
    }

    @Test
    void refusesACiphertextOfTheWrongLength() {
        EcdhCipher alice = new Curve25519Cipher(new FastX25519(), ALICE);
        assertThrows(IllegalArgumentException.class, () -> alice.dual(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> new Curve25519Cipher(new FastX25519(), new byte[31]));
    }

    private static List<byte[]> received(List<EcdhPsiCipherBatch> batches, int length) {
        CipherBatches.Reader reader = new CipherBatches.Reader(batches.get(0).getType(), length);
        List<byte[]> out = new ArrayList<>();
        for (EcdhPsiCipherBatch b : batches) {
            // through the wire format, as a peer would see them
            try {
                out.addAll(reader.accept(EcdhPsiCipherBatch.parseFrom(b.toByteArray())));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(true, reader.finished());
        return out;
    }

    private static List<byte[]> tails(EcdhCipher cipher, List<byte[]> peerEnc) {
        return peerEnc.stream().map(c -> EcdhCipher.dualTail(cipher.dual(c))).toList();
    }

    /** X25519 by the JDK, u decoded as RFC 7748 §5 does. */
    static byte[] jdkX25519(byte[] k, byte[] u) throws Exception {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = u[31 - i];
        }
        be[0] &= 0x7f;
        KeyFactory factory = KeyFactory.getInstance("XDH");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k)));
        agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be))),
                true);
        return agreement.generateSecret();
    }
}
