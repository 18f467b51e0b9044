/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.protocol.interconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;

import io.hutong.protocol.interconnection.link.ChunkInfo;
import io.hutong.protocol.interconnection.link.PushRequest;
import io.hutong.protocol.interconnection.link.TransType;
import io.hutong.protocol.interconnection.v2.HandshakeRequest;
import io.hutong.protocol.interconnection.v2.HandshakeResponse;
import io.hutong.protocol.interconnection.v2.algos.PsiDataIoProposal;
import io.hutong.protocol.interconnection.v2.protocol.EcSuit;
import io.hutong.protocol.interconnection.v2.protocol.EccProtocolResult;
import io.hutong.protocol.interconnection.v2.runtime.EcdhPsiCipherBatch;

/**
 * The open algorithm protocol's messages put the reference implementation's bytes on the wire: field numbers,
 * wire types and Any type URLs (spec 51 §1), checked against encodings written out by hand.
 */
class InterconnectionWireTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void cipherBatchUsesFieldsThreeFourSixAndSeven() {
        EcdhPsiCipherBatch batch = EcdhPsiCipherBatch.newBuilder().setType("enc").setBatchIndex(1)
                .setIsLastBatch(true).setCount(2).setCiphertext(ByteString.copyFrom(new byte[] {1, 2})).build();
        // 1:"enc", 3:1, 4:true, 6:2, 7:0x0102
        assertEquals("0a03656e63" + "1801" + "2001" + "3002" + "3a020102", HEX.formatHex(batch.toByteArray()));
    }

    @Test
    void pushRequestCarriesRankKeyValueTransTypeAndChunkInfo() {
        PushRequest push = PushRequest.newBuilder().setSenderRank(1).setKey("k").setValue(ByteString.copyFrom(
                new byte[] {(byte) 0xff})).setTransType(TransType.CHUNKED)
                .setChunkInfo(ChunkInfo.newBuilder().setMessageLength(3).setChunkOffset(1)).build();
        assertEquals("0801" + "12016b" + "1a01ff" + "2001" + "2a0408031001", HEX.formatHex(push.toByteArray()));
    }

    @Test
    void handshakeMessagesUseTheReferenceNumbersAndTypeUrls() throws Exception {
        PsiDataIoProposal io = PsiDataIoProposal.newBuilder().addSupportedVersions(1).setItemNum(5).setResultToRank(-1)
                .build();
        HandshakeRequest request = HandshakeRequest.newBuilder().setVersion(2).setRequesterRank(1).addSupportedAlgos(1)
                .addProtocolFamilies(1).setIoParam(Any.pack(io)).build();
        assertEquals("type.googleapis.com/org.interconnection.v2.algos.PsiDataIoProposal",
                request.getIoParam().getTypeUrl());
        String bytes = HEX.formatHex(request.toByteArray());
        // 1:2, 2:1, 3:[1] packed, 7:[1] packed, then 9: the Any
        assertEquals("0802" + "1001" + "1a0101" + "3a0101" + "4a", bytes.substring(0, 22));
        assertEquals(io, HandshakeRequest.parseFrom(request.toByteArray()).getIoParam().unpack(PsiDataIoProposal.class));

        EccProtocolResult ecc = EccProtocolResult.newBuilder().setEcSuit(EcSuit.newBuilder().setCurve(1).setHash(11)
                .setHash2CurveStrategy(3)).setPointOctetFormat(1).setBitLengthAfterTruncated(-1).build();
        assertEquals("1206080110" + "0b18" + "03" + "1801" + "20ffffffffffffffffff01", HEX.formatHex(ecc.toByteArray()));
        HandshakeResponse response = HandshakeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setErrorCode(ErrorCode.HANDSHAKE_REFUSED_VALUE)).build();
        // 1: header { 1: 31100200 }
        assertEquals("0a05" + "08a89aea0e", HEX.formatHex(response.toByteArray()));
    }
}
