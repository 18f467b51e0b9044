/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.hutong.protocol.interconnection.v2.runtime.EcdhPsiCipherBatch;

/** Batches follow the reference's rules (51 §3): 4096 per batch, indexes by one, an empty closing batch. */
class CipherBatchesTest {

    @Test
    void noItemsIsOneEmptyClosingBatchWithIndexZero() {
        List<EcdhPsiCipherBatch> batches = CipherBatches.split(CipherBatches.ENC, List.of());
        assertEquals(1, batches.size());
        EcdhPsiCipherBatch last = batches.get(0);
        assertEquals(0, last.getBatchIndex());
        assertEquals(0, last.getCount());
        assertTrue(last.getIsLastBatch());
        assertTrue(last.getCiphertext().isEmpty());
    }

    @Test
    void fullBatchesOf4096AreFollowedByTheClosingBatch() {
        List<EcdhPsiCipherBatch> exact = CipherBatches.split(CipherBatches.ENC, items(4096, 32));
        assertEquals(List.of(4096, 0), exact.stream().map(EcdhPsiCipherBatch::getCount).toList());
        assertEquals(List.of(0, 1), exact.stream().map(EcdhPsiCipherBatch::getBatchIndex).toList());
        assertEquals(List.of(false, true), exact.stream().map(EcdhPsiCipherBatch::getIsLastBatch).toList());

        List<EcdhPsiCipherBatch> more = CipherBatches.split(CipherBatches.DUAL_ENC, items(4097, 12));
        assertEquals(List.of(4096, 1, 0), more.stream().map(EcdhPsiCipherBatch::getCount).toList());
        assertEquals(4096 * 12, more.get(0).getCiphertext().size());
        assertEquals("dual.enc", more.get(2).getType());
    }

    @Test
    void aReaderReturnsTheCiphertextsInOrderAndSeesTheEnd() {
        List<byte[]> sent = items(5000, 12);
        CipherBatches.Reader reader = new CipherBatches.Reader(CipherBatches.DUAL_ENC, 12);
        List<byte[]> got = new ArrayList<>();
        for (EcdhPsiCipherBatch b : CipherBatches.split(CipherBatches.DUAL_ENC, sent)) {
            assertFalse(reader.finished());
            got.addAll(reader.accept(b));
        }
        assertTrue(reader.finished());
        assertEquals(5000, reader.items());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), got.get(i));
        }
    }

    @Test
    void aReaderRefusesEveryBrokenRuleWithAReason() {
        List<EcdhPsiCipherBatch> batches = CipherBatches.split(CipherBatches.ENC, items(5000, 32));

        CipherBatches.Reader skipped = new CipherBatches.Reader(CipherBatches.ENC, 32);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> skipped.accept(batches.get(1)))
                .getMessage().contains("index 1 where 0"));

        CipherBatches.Reader wrongType = new CipherBatches.Reader(CipherBatches.DUAL_ENC, 32);
        assertThrows(IllegalArgumentException.class, () -> wrongType.accept(batches.get(0)));

        CipherBatches.Reader wrongLength = new CipherBatches.Reader(CipherBatches.ENC, 33);
        assertThrows(IllegalArgumentException.class, () -> wrongLength.accept(batches.get(0)));

        EcdhPsiCipherBatch lying = batches.get(1).toBuilder().setBatchIndex(0).setCount(905).build();
        assertThrows(IllegalArgumentException.class, () -> new CipherBatches.Reader(CipherBatches.ENC, 32).accept(lying));

        EcdhPsiCipherBatch oversized = EcdhPsiCipherBatch.newBuilder().setType("enc").setCount(4097)
                .setCiphertext(ByteString.copyFrom(new byte[4097 * 32])).build();
        assertThrows(IllegalArgumentException.class,
                () -> new CipherBatches.Reader(CipherBatches.ENC, 32).accept(oversized));

        CipherBatches.Reader done = new CipherBatches.Reader(CipherBatches.ENC, 32);
        batches.forEach(done::accept);
        assertThrows(IllegalArgumentException.class, () -> done.accept(CipherBatches.last(CipherBatches.ENC, 3)));
        assertThrows(IllegalArgumentException.class, () -> CipherBatches.data(CipherBatches.ENC, 0, new byte[0], 0));
    }

    private static List<byte[]> items(int n, int length) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[length];
            b[0] = (byte) i;
            b[1] = (byte) (i >> 8);
            out.add(b);
        }
        return out;
    }
}
