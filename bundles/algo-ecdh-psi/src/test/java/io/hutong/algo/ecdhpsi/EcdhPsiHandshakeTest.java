/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;

import io.hutong.algo.ecdhpsi.EcdhPsiHandshake.Agreement;
import io.hutong.algo.ecdhpsi.EcdhPsiHandshake.Decision;
import io.hutong.algo.ecdhpsi.EcdhPsiHandshake.Settings;
import io.hutong.protocol.interconnection.ErrorCode;
import io.hutong.protocol.interconnection.ResponseHeader;
import io.hutong.protocol.interconnection.v2.HandshakeRequest;
import io.hutong.protocol.interconnection.v2.HandshakeResponse;
import io.hutong.protocol.interconnection.v2.algos.PsiDataIoProposal;
import io.hutong.protocol.interconnection.v2.algos.PsiDataIoResult;
import io.hutong.protocol.interconnection.v2.protocol.EccProtocolProposal;
import io.hutong.protocol.interconnection.v2.protocol.EccProtocolResult;

/** The version-2 handshake agrees, and refuses, exactly where the reference does (51 §2). */
class EcdhPsiHandshakeTest {

    private static final Settings CURVE25519 = new Settings(EcSuite.CURVE25519_SHA256_DIRECT, PointFormat.X25519_U, -1,
            1000, -1);
    private static final Settings SM2 = new Settings(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_COMPRESSED, -1, 50,
            -1);

    @Test
    void rankZeroAcceptsAMatchingRequestAndBothSidesAgree() throws Exception {
        HandshakeRequest request = EcdhPsiHandshake.request(CURVE25519, 1);
        Decision decision = EcdhPsiHandshake.respond(CURVE25519, List.of(wire(request)));
        assertTrue(decision.accepted());

        HandshakeResponse response = HandshakeResponse.parseFrom(decision.response().toByteArray());
        assertEquals(0, response.getHeader().getErrorCode());
        assertEquals(1, response.getAlgo());
        assertEquals(List.of(1), response.getProtocolFamiliesList());
        EccProtocolResult ecc = response.getProtocolFamilyParams(0).unpack(EccProtocolResult.class);
        assertEquals(0, ecc.getVersion());
        assertEquals(EcSuite.CURVE25519_SHA256_DIRECT.toProto(), ecc.getEcSuit());
        assertEquals(1, ecc.getPointOctetFormat());
        assertEquals(-1, ecc.getBitLengthAfterTruncated());
        // as the reference: the io answer is a proposal, carrying rank 0's item count
        assertEquals("type.googleapis.com/org.interconnection.v2.algos.PsiDataIoProposal",
                response.getIoParam().getTypeUrl());

        Agreement requester = EcdhPsiHandshake.accept(CURVE25519, response);
        assertEquals(EcSuite.CURVE25519_SHA256_DIRECT, requester.suite());
        assertEquals(-1, requester.resultToRank());
        assertEquals(1000, requester.peerItemNum());
        assertEquals(decision.agreement().get().suite(), requester.suite());
    }

    @Test
    void theRequestCarriesOneSuiteOneFormatAndTheIoProposal() throws Exception {
        HandshakeRequest request = EcdhPsiHandshake.request(new Settings(EcSuite.SM2_SHA256_REHASH,
                PointFormat.X962_COMPRESSED, 0, 7, 96), 1);
        assertEquals(2, request.getVersion());
        assertEquals(1, request.getRequesterRank());
        assertEquals(List.of(1), request.getSupportedAlgosList());
        assertEquals(List.of(1), request.getProtocolFamiliesList());
        EccProtocolProposal ecc = request.getProtocolFamilyParams(0).unpack(EccProtocolProposal.class);
        assertEquals(List.of(1), ecc.getSupportedVersionsList());
        assertEquals(List.of(EcSuite.SM2_SHA256_REHASH.toProto()), ecc.getEcSuitsList());
        assertEquals(List.of(2), ecc.getPointOctetFormatsList());
        assertTrue(ecc.getSupportPointTruncation());
        PsiDataIoProposal io = request.getIoParam().unpack(PsiDataIoProposal.class);
        assertEquals(7, io.getItemNum());
        assertEquals(0, io.getResultToRank());
    }

    @Test
    void refusesVersionsOtherThanTwoOrDifferingBetweenRequesters() throws Exception {
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "versions inconsistent",
                EcdhPsiHandshake.respond(CURVE25519, List.of(request(CURVE25519).setVersion(1).build())));
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "versions inconsistent",
                EcdhPsiHandshake.respond(CURVE25519, List.of(request(CURVE25519).setVersion(3).build())));
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "versions inconsistent", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(CURVE25519).build(), request(CURVE25519).setVersion(3).build())));
        // version 0: the reference does not answer at all
        HandshakeException none = assertThrows(HandshakeException.class,
                () -> EcdhPsiHandshake.respond(CURVE25519, List.of(request(CURVE25519).setVersion(0).build())));
        assertTrue(none.getMessage().contains("not answered"), none.getMessage());
    }

    @Test
    void refusesMissingParametersAsInvalidRequests() throws Exception {
        assertRefused(ErrorCode.INVALID_REQUEST, "no ecc params", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(CURVE25519).clearProtocolFamilies().clearProtocolFamilyParams().build())));
        assertRefused(ErrorCode.INVALID_REQUEST, "no ecc params", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(CURVE25519).setProtocolFamilyParams(0, Any.pack(PsiDataIoResult.getDefaultInstance()))
                        .build())));
        assertRefused(ErrorCode.INVALID_REQUEST, "no ecc params", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(CURVE25519).build(), request(CURVE25519).clearProtocolFamilyParams().build())));
        assertRefused(ErrorCode.INVALID_REQUEST, "no psi io params", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(CURVE25519).clearIoParam().build())));
        assertRefused(ErrorCode.INVALID_REQUEST, "no psi io params", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(CURVE25519).setIoParam(Any.pack(PsiDataIoResult.getDefaultInstance())).build())));
    }

    @Test
    void refusesASuiteOrPointFormatNotOfferedByEveryRequester() throws Exception {
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "ec suits", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(SM2).build())));
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "ec suits", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(CURVE25519).build(), request(SM2).build())));
        Settings uncompressed = new Settings(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_UNCOMPRESSED, -1, 5, -1);
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "point octet format", EcdhPsiHandshake.respond(SM2,
                List.of(request(uncompressed).build())));
        // the suite is checked before the io parameters, as in the reference
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "ec suits", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(SM2).clearIoParam().build())));
    }

    @Test
    void refusesADifferentOrDisputedResultReceiver() throws Exception {
        Settings toRankOne = new Settings(EcSuite.CURVE25519_SHA256_DIRECT, PointFormat.X25519_U, 1, 10, -1);
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "result_to_rank", EcdhPsiHandshake.respond(CURVE25519,
                List.of(request(toRankOne).build())));
        assertRefused(ErrorCode.HANDSHAKE_REFUSED, "result_to_rank", EcdhPsiHandshake.respond(toRankOne,
                List.of(request(toRankOne).build(), request(CURVE25519).build())));
        assertTrue(EcdhPsiHandshake.respond(toRankOne, List.of(request(toRankOne).build())).accepted());
    }

    @Test
    void truncatesOnlyWhenEveryRequesterSupportsIt() throws Exception {
        Settings truncating = new Settings(EcSuite.CURVE25519_SHA256_DIRECT, PointFormat.X25519_U, -1, 10, 96);
        assertEquals(-1, EcdhPsiHandshake.respond(truncating, List.of(request(CURVE25519).build())).agreement().get()
                .bitLengthAfterTruncated());
        Decision both = EcdhPsiHandshake.respond(truncating, List.of(request(truncating).build()));
        assertEquals(96, both.agreement().get().bitLengthAfterTruncated());
        assertEquals(96, EcdhPsiHandshake.accept(truncating, both.response()).bitLengthAfterTruncated());
        // a requester that did not offer truncation does not accept it
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> EcdhPsiHandshake.accept(CURVE25519, both.response()));
        assertEquals(ErrorCode.UNEXPECTED_ERROR_VALUE, e.errorCode());
    }

    @Test
    void aRequesterReportsRankZerosRefusalAndRejectsAnAnswerItDidNotAskFor() throws Exception {
        Decision refused = EcdhPsiHandshake.respond(CURVE25519, List.of(request(SM2).build()));
        HandshakeException e = assertThrows(HandshakeException.class, () -> EcdhPsiHandshake.accept(SM2,
                refused.response()));
        assertEquals(ErrorCode.HANDSHAKE_REFUSED_VALUE, e.errorCode());
        assertTrue(e.getMessage().contains("negotiate ec suits failed") && e.getMessage().contains("31100200"),
                e.getMessage());

        HandshakeResponse curveAnswer = EcdhPsiHandshake.respond(CURVE25519, List.of(request(CURVE25519).build()))
                .response();
        assertEquals(ErrorCode.UNEXPECTED_ERROR_VALUE, assertThrows(HandshakeException.class,
                () -> EcdhPsiHandshake.accept(SM2, curveAnswer)).errorCode());
        assertEquals(ErrorCode.UNEXPECTED_ERROR_VALUE, assertThrows(HandshakeException.class,
                () -> EcdhPsiHandshake.accept(CURVE25519, curveAnswer.toBuilder().setAlgo(2).build())).errorCode());
        assertEquals(ErrorCode.UNEXPECTED_ERROR_VALUE, assertThrows(HandshakeException.class,
                () -> EcdhPsiHandshake.accept(CURVE25519, curveAnswer.toBuilder().clearProtocolFamilyParams().build()))
                .errorCode());
        // a PsiDataIoResult in io_param is read as well as the reference's proposal
        HandshakeResponse withResult = curveAnswer.toBuilder()
                .setIoParam(Any.pack(PsiDataIoResult.newBuilder().setVersion(1).setResultToRank(-1).build())).build();
        Agreement agreement = EcdhPsiHandshake.accept(CURVE25519, withResult);
        assertEquals(-1, agreement.peerItemNum());
        HandshakeResponse otherReceiver = curveAnswer.toBuilder()
                .setIoParam(Any.pack(PsiDataIoResult.newBuilder().setResultToRank(0).build())).build();
        assertThrows(HandshakeException.class, () -> EcdhPsiHandshake.accept(CURVE25519, otherReceiver));
        HandshakeResponse headerOnly = HandshakeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setErrorCode(ErrorCode.UNSUPPORTED_PARAMS_VALUE)).build();
        assertEquals(ErrorCode.UNSUPPORTED_PARAMS_VALUE, assertThrows(HandshakeException.class,
                () -> EcdhPsiHandshake.accept(CURVE25519, headerOnly)).errorCode());
    }

    private static HandshakeRequest.Builder request(Settings settings) {
        return EcdhPsiHandshake.request(settings, 1).toBuilder();
    }

    private static HandshakeRequest wire(HandshakeRequest r) throws Exception {
        return HandshakeRequest.parseFrom(r.toByteArray());
    }

    private static void assertRefused(ErrorCode code, String reason, Decision decision) {
        assertFalse(decision.accepted());
        assertEquals(code.getNumber(), decision.response().getHeader().getErrorCode());
        assertTrue(decision.response().getHeader().getErrorMsg().contains(reason),
                decision.response().getHeader().getErrorMsg());
        // a refusal carries the header only
        assertEquals(0, decision.response().getAlgo());
        assertEquals(0, decision.response().getProtocolFamilyParamsCount());
    }
}
