/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.hutong.algo.link.LinkOptions;
import io.hutong.algo.link.LinkWire;
import io.hutong.protocol.interconnection.link.ChunkInfo;
import io.hutong.protocol.interconnection.link.PushRequest;
import io.hutong.protocol.interconnection.link.TransType;

/**
 * A hostile or broken peer's CHUNKED pushes: a chunk outside the message, chunks disagreeing on the length, a length
 * above the limit, two different chunks at one offset, overlapping or empty chunks. Each fails the link with a
 * message naming what was wrong, and no claimed length is allocated before its bytes arrive.
 */
class HostileChunksTest {

    private static final Duration LONG = Duration.ofSeconds(120);

    private final MemoryWires wires = new MemoryWires();
    private final PushLink link = new PushLink(wires.side(1), 1, 0, 2, LinkOptions.defaults());

    @AfterEach
    void close() {
        link.close();
    }

    private void chunk(String key, long length, long offset, byte[] value) {
        wires.deliverTo(1, PushRequest.newBuilder().setSenderRank(0).setKey(key + LinkWire.SEPARATOR + "1")
                .setValue(ByteString.copyFrom(value)).setTransType(TransType.CHUNKED)
                .setChunkInfo(ChunkInfo.newBuilder().setMessageLength(length).setChunkOffset(offset)).build());
    }

    private String failure() {
        return assertThrows(IOException.class, () -> link.receive("k", LONG)).getMessage();
    }

    @Test
    void aChunkOutsideTheMessageFailsTheLink() {
        chunk("k", 100, 90, new byte[20]);
        String m = failure();
        assertTrue(m.contains("broke the link protocol: its message k\\x01\\x021 has a chunk of 20 bytes at offset 90,"
                + " outside the 100-byte message"), m);
        // and the link stays failed: nothing more is sent on it
        IOException e = assertThrows(IOException.class, () -> link.send("x", new byte[1]));
        assertTrue(e.getMessage().contains("outside the 100-byte message"), e.getMessage());
    }

    @Test
    void anOffsetBeyondTheSignedRangeIsOutsideTheMessage() {
        chunk("k", 100, -8, new byte[4]);   // uint64 18446744073709551608 on the wire
        assertTrue(failure().contains("at offset 18446744073709551608, outside the 100-byte message"));
    }

    @Test
    void chunksDisagreeingOnTheLengthFailTheLink() {
        chunk("k", 100, 0, new byte[50]);
        chunk("k", 200, 50, new byte[50]);
        String m = failure();
        assertTrue(m.contains("announces a message of 200 bytes, an earlier chunk of it 100"), m);
    }

    @Test
    void aLengthAboveTheLimitFailsTheLinkBeforeAnythingIsAllocated() {
        chunk("k", 1L << 40, 0, new byte[10]);
        String m = failure();
        assertTrue(m.contains("announces a message of 1099511627776 bytes; this link accepts at most 268435456"), m);
    }

    @Test
    void aLengthBeyondTheSignedRangeFailsTheLink() {
        chunk("k", -1, 0, new byte[10]);
        assertTrue(failure().contains("announces a message of 18446744073709551615 bytes"));
    }

    @Test
    void claimedLengthsAreNotAllocatedUntilTheirBytesArrive() throws Exception {
        // 64 messages claiming 256 MiB each: 16 GiB if the claims were believed, a few bytes in fact
        for (int i = 0; i < 64; i++) {
            chunk("claim" + i, LinkOptions.MAX_MESSAGE_BYTES, 0, new byte[] {1});
        }
        wires.deliverTo(1, PushRequest.newBuilder().setSenderRank(0).setKey("k" + LinkWire.SEPARATOR + "2")
                .setValue(ByteString.copyFromUtf8("still here")).build());
        assertArrayEquals("still here".getBytes(), link.receive("k", LONG));
    }

    @Test
    void twoDifferentChunksAtOneOffsetFailTheLinkButARepeatDoesNot() {
        chunk("k", 100, 0, new byte[50]);
        chunk("k", 100, 0, new byte[50]);   // the same piece again: a carrier repeat, dropped
        byte[] other = new byte[50];
        Arrays.fill(other, (byte) 7);
        chunk("k", 100, 0, other);
        String m = failure();
        assertTrue(m.contains("has two different chunks at offset 0"), m);
    }

    @Test
    void overlappingChunksFailTheLink() {
        chunk("k", 100, 0, new byte[50]);
        chunk("k", 100, 40, new byte[20]);
        String m = failure();
        assertTrue(m.contains("has overlapping chunks at offsets 0 and 40"), m);
    }

    @Test
    void anEmptyChunkOfANonEmptyMessageFailsTheLink() {
        chunk("k", 100, 0, new byte[0]);
        assertTrue(failure().contains("has a chunk of 0 bytes at offset 0, outside the 100-byte message"));
    }
}
