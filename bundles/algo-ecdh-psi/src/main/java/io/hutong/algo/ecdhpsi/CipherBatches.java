/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;

import io.hutong.protocol.interconnection.v2.runtime.EcdhPsiCipherBatch;

/**
 * The batching rules of ECDH-PSI run data (spec 50 §2.3, 51 §3): at most {@value #BATCH_SIZE} ciphertexts per
 * {@code EcdhPsiCipherBatch}, batch indexes from 0 increasing by one, every data batch with
 * {@code is_last_batch = false}, and the stream closed by one more batch with {@code count = 0} and
 * {@code is_last_batch = true} — also when there was no data at all.
 */
public final class CipherBatches {

    /** Items per batch. */
    public static final int BATCH_SIZE = 4096;
    /** {@code type} of first-stage batches. */
    public static final String ENC = "enc";
    /** {@code type} of second-stage batches. */
    public static final String DUAL_ENC = "dual.enc";

    private CipherBatches() {
    }

    /**
     * @param type         {@link #ENC} or {@link #DUAL_ENC}
     * @param index        the batch index
     * @param ciphertexts  the batch's ciphertexts concatenated
     * @param count        how many ciphertexts that is (1 to {@value #BATCH_SIZE})
     * @return a data batch
     */
    public static EcdhPsiCipherBatch data(String type, int index, byte[] ciphertexts, int count) {
        if (count < 1 || count > BATCH_SIZE) {
            throw new IllegalArgumentException("a data batch holds 1 to " + BATCH_SIZE + " items, not " + count);
        }
        return EcdhPsiCipherBatch.newBuilder().setType(type).setBatchIndex(index).setIsLastBatch(false)
                .setCount(count).setCiphertext(ByteString.copyFrom(ciphertexts)).build();
    }

    /** @return the empty batch that closes a stream of {@code index} data batches */
    public static EcdhPsiCipherBatch last(String type, int index) {
        return EcdhPsiCipherBatch.newBuilder().setType(type).setBatchIndex(index).setIsLastBatch(true).setCount(0)
                .build();
    }

    /**
     * Splits a whole list of equally long ciphertexts into the batches of one stream, closing batch included
     * (for tests and small inputs; the component streams with {@link #data} and {@link #last}).
     */
    public static List<EcdhPsiCipherBatch> split(String type, List<byte[]> ciphertexts) {
        List<EcdhPsiCipherBatch> batches = new ArrayList<>();
        int index = 0;
        for (int from = 0; from < ciphertexts.size(); from += BATCH_SIZE) {
            int count = Math.min(BATCH_SIZE, ciphertexts.size() - from);
            int length = ciphertexts.get(from).length;
            byte[] joined = new byte[count * length];
            for (int i = 0; i < count; i++) {
                byte[] c = ciphertexts.get(from + i);
                if (c.length != length) {
                    throw new IllegalArgumentException("ciphertexts of one stream have one length");
                }
                System.arraycopy(c, 0, joined, i * length, length);
            }
            batches.add(data(type, index++, joined, count));
        }
        batches.add(last(type, index));
        return batches;
    }

    /**
     * Checks the batches of one incoming stream as they arrive and hands out their ciphertexts; one reader per
     * stream and thread.
     */
    public static final class Reader {

        private final String type;
        private final int elementLength;
        private int expectedIndex;
        private boolean finished;
        private long items;

        /**
         * @param type          the stream's type, {@link #ENC} or {@link #DUAL_ENC}
         * @param elementLength bytes per ciphertext: the point length for {@code enc},
         *                      {@link EcdhCipher#DUAL_LENGTH} for {@code dual.enc}
         */
        public Reader(String type, int elementLength) {
            this.type = type;
            this.elementLength = elementLength;
        }

        /**
         * Accepts the next batch.
         *
         * @return the batch's ciphertexts, one array each (empty for the closing batch)
         * @throws IllegalArgumentException naming the rule a batch breaks: wrong type, out-of-order index, batch after
         *                                  the closing one, count above {@value #BATCH_SIZE} or not matching the
         *                                  ciphertext length, data in the closing batch
         */
        public List<byte[]> accept(EcdhPsiCipherBatch batch) {
            if (finished) {
                throw new IllegalArgumentException(type + " batch " + batch.getBatchIndex()
                        + " arrived after the stream's closing batch");
            }
            if (!type.equals(batch.getType())) {
                throw new IllegalArgumentException("expected a '" + type + "' batch, got '" + batch.getType() + "'");
            }
            if (batch.getBatchIndex() != expectedIndex) {
                throw new IllegalArgumentException(type + " batch index " + batch.getBatchIndex() + " where "
                        + expectedIndex + " was expected");
            }
            int count = batch.getCount();
            if (count < 0 || count > BATCH_SIZE) {
                throw new IllegalArgumentException(type + " batch " + expectedIndex + " claims " + count
                        + " items; a batch holds at most " + BATCH_SIZE);
            }
            if ((long) count * elementLength != batch.getCiphertext().size()) {
                throw new IllegalArgumentException(type + " batch " + expectedIndex + " claims " + count
                        + " items of " + elementLength + " bytes but carries " + batch.getCiphertext().size()
                        + " bytes");
            }
            expectedIndex++;
            if (count == 0) {
                // the reference stops on count 0; is_last_batch is informative
                finished = true;
                return List.of();
            }
            byte[] all = batch.getCiphertext().toByteArray();
            List<byte[]> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] c = new byte[elementLength];
                System.arraycopy(all, i * elementLength, c, 0, elementLength);
                out.add(c);
            }
            items += count;
            return out;
        }

        /** @return whether the closing batch has arrived */
        public boolean finished() {
            return finished;
        }

        /** @return ciphertexts received so far */
        public long items() {
            return items;
        }
    }
}
