/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;

import io.hutong.protocol.interconnection.ErrorCode;
import io.hutong.protocol.interconnection.v2.AlgoType;
import io.hutong.protocol.interconnection.v2.HandshakeRequest;
import io.hutong.protocol.interconnection.v2.HandshakeResponse;
import io.hutong.protocol.interconnection.v2.ProtocolFamily;
import io.hutong.protocol.interconnection.v2.algos.PsiDataIoProposal;
import io.hutong.protocol.interconnection.v2.protocol.EccProtocolProposal;
import io.hutong.protocol.interconnection.v2.protocol.EccProtocolResult;

/**
 * Handshake messages as a reference peer reads them: version 2, each family's parameters at the family's position,
 * {@code Any} type URLs of the interconnection protos; and reading a peer's message that lacks a family, packs the
 * wrong type or carries bytes that do not parse.
 */
class HandshakeMessagesTest {

    private static final EccProtocolProposal ECC = EccProtocolProposal.newBuilder().addSupportedVersions(1)
            .addPointOctetFormats(1).build();
    private static final PsiDataIoProposal IO = PsiDataIoProposal.newBuilder().setItemNum(3).setResultToRank(-1)
            .build();

    @Test
    void aRequestPairsEachFamilyWithItsParametersAsTheReferenceLaysThemOut() {
        HandshakeRequest r = HandshakeMessages.request(1, List.of(AlgoType.ALGO_TYPE_ECDH_PSI),
                Map.of(ProtocolFamily.PROTOCOL_FAMILY_ECC, ECC), IO);
        HandshakeRequest byHand = HandshakeRequest.newBuilder().setVersion(2).setRequesterRank(1)
                .addSupportedAlgos(1).addProtocolFamilies(1).addProtocolFamilyParams(Any.pack(ECC))
                .setIoParam(Any.pack(IO)).build();
        assertArrayEquals(byHand.toByteArray(), r.toByteArray());
        assertEquals("type.googleapis.com/org.interconnection.v2.protocol.EccProtocolProposal",
                r.getProtocolFamilyParams(0).getTypeUrl());
        assertEquals(Optional.of(ECC), HandshakeMessages.familyParams(r, ProtocolFamily.PROTOCOL_FAMILY_ECC,
                EccProtocolProposal.class));
    }

    @Test
    void familiesKeepTheirOrderSoTheirPositionsStayPaired() {
        Map<ProtocolFamily, Message> families = new LinkedHashMap<>();
        families.put(ProtocolFamily.PROTOCOL_FAMILY_SS, IO);
        families.put(ProtocolFamily.PROTOCOL_FAMILY_ECC, ECC);
        HandshakeRequest r = HandshakeMessages.request(2, List.of(AlgoType.ALGO_TYPE_ECDH_PSI), families, null);
        assertEquals(List.of(2, 1), r.getProtocolFamiliesList());
        assertEquals(Optional.of(ECC), HandshakeMessages.familyParams(r, ProtocolFamily.PROTOCOL_FAMILY_ECC,
                EccProtocolProposal.class));
        assertTrue(!r.hasIoParam());
    }

    @Test
    void responsesAreAcceptedWithCodeZeroOrRefusedWithTheReferenceCode() {
        EccProtocolResult result = EccProtocolResult.newBuilder().setPointOctetFormat(1).build();
        HandshakeResponse ok = HandshakeMessages.accepted(AlgoType.ALGO_TYPE_ECDH_PSI,
                Map.of(ProtocolFamily.PROTOCOL_FAMILY_ECC, result), IO);
        assertEquals(ErrorCode.OK_VALUE, ok.getHeader().getErrorCode());
        assertEquals(1, ok.getAlgo());
        assertEquals(Optional.of(result), HandshakeMessages.familyParams(ok, ProtocolFamily.PROTOCOL_FAMILY_ECC,
                EccProtocolResult.class));
        HandshakeResponse no = HandshakeMessages.refused(ErrorCode.HANDSHAKE_REFUSED_VALUE, "negotiate ec suits failed");
        assertEquals(ErrorCode.HANDSHAKE_REFUSED_VALUE, no.getHeader().getErrorCode());
        assertEquals("negotiate ec suits failed", no.getHeader().getErrorMsg());
        assertEquals(0, no.getProtocolFamiliesCount());
    }

    @Test
    void aMissingFamilyAWrongTypeOrBytesThatDoNotParseReadAsNothing() {
        HandshakeRequest noParams = HandshakeRequest.newBuilder().addProtocolFamilies(1).build();
        assertEquals(Optional.empty(), HandshakeMessages.familyParams(noParams, ProtocolFamily.PROTOCOL_FAMILY_ECC,
                EccProtocolProposal.class));
        HandshakeRequest wrongType = HandshakeRequest.newBuilder().addProtocolFamilies(1)
                .addProtocolFamilyParams(Any.pack(IO)).build();
        assertEquals(Optional.empty(), HandshakeMessages.familyParams(wrongType, ProtocolFamily.PROTOCOL_FAMILY_ECC,
                EccProtocolProposal.class));
        Any garbage = Any.newBuilder().setTypeUrl(Any.pack(ECC).getTypeUrl())
                .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})).build();
        assertEquals(Optional.empty(), HandshakeMessages.unpack(garbage, EccProtocolProposal.class));
        assertEquals(Optional.empty(), HandshakeMessages.familyParams(HandshakeResponse.getDefaultInstance(),
                ProtocolFamily.PROTOCOL_FAMILY_ECC, EccProtocolResult.class));
    }
}
