/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import java.util.Map;

import io.hutong.algo.link.handshake.HandshakeMessages;
import io.hutong.protocol.interconnection.ErrorCode;
import io.hutong.protocol.interconnection.v2.AlgoType;
import io.hutong.protocol.interconnection.v2.HandshakeRequest;
import io.hutong.protocol.interconnection.v2.HandshakeResponse;
import io.hutong.protocol.interconnection.v2.ProtocolFamily;
import io.hutong.protocol.interconnection.v2.algos.PsiDataIoProposal;
import io.hutong.protocol.interconnection.v2.algos.PsiDataIoResult;
import io.hutong.protocol.interconnection.v2.protocol.EcSuit;
import io.hutong.protocol.interconnection.v2.protocol.EccProtocolProposal;
import io.hutong.protocol.interconnection.v2.protocol.EccProtocolResult;

/**
 * The ECDH-PSI handshake of the open algorithm protocol, version 2, as the reference runs it (spec 50 §2.1–2.2,
 * 51 §2, decision P2), written as pure functions: every rank but 0 sends {@link #request}; rank 0 collects one
 * request per peer and answers all of them with the one response {@link #respond} builds; each requester reads it
 * with {@link #accept}.
 *
 * <p>Rank 0 decides against its own settings and never negotiates a different suite: a requester that does not
 * offer rank 0's suite, point format or {@code result_to_rank} is refused.
 */
public final class EcdhPsiHandshake {

    /** The handshake version Hutong speaks. */
    public static final int VERSION = HandshakeMessages.VERSION;
    /** The ECC proposal's {@code supported_versions} and the io proposal's, as the reference sends them. */
    static final int PARAMS_VERSION = 1;

    private EcdhPsiHandshake() {
    }

    /**
     * One party's side of the negotiation.
     *
     * @param suite                   the suite the party runs
     * @param format                  how it writes points
     * @param resultToRank            the rank that receives the result, -1 for every party
     * @param itemNum                 the party's number of items (informative)
     * @param bitLengthAfterTruncated bits kept of a dual point when truncating, -1 for none (the comparison always
     *                                uses 96 bits; this only travels in the handshake)
     */
    public record Settings(EcSuite suite, PointFormat format, int resultToRank, long itemNum,
            int bitLengthAfterTruncated) {

        public Settings {
            if (!suite.supports(format.code())) {
                throw new IllegalArgumentException(suite + " cannot write points as " + format);
            }
            if (resultToRank < -1) {
                throw new IllegalArgumentException("result_to_rank is -1 or a rank, not " + resultToRank);
            }
        }
    }

    /**
     * What both sides run after a successful handshake.
     *
     * @param peerItemNum the responder's item count when its response says it, else -1
     */
    public record Agreement(EcSuite suite, PointFormat format, int resultToRank, int bitLengthAfterTruncated,
            long peerItemNum) {
    }

    /** Rank 0's answer: the response to send to every requester, and the agreement when it is a success. */
    public record Decision(HandshakeResponse response, Optional<Agreement> agreement) {

        /** @return whether the handshake succeeded */
        public boolean accepted() {
            return agreement.isPresent();
        }
    }

    /** @return the request rank {@code rank} (not 0) sends to rank 0 */
    public static HandshakeRequest request(Settings own, int rank) {
        EccProtocolProposal ecc = EccProtocolProposal.newBuilder().addSupportedVersions(PARAMS_VERSION)
                .addEcSuits(own.suite().toProto()).addPointOctetFormats(own.format().code())
                .setSupportPointTruncation(own.bitLengthAfterTruncated() != -1).build();
        PsiDataIoProposal io = PsiDataIoProposal.newBuilder().addSupportedVersions(PARAMS_VERSION)
                .setItemNum(own.itemNum()).setResultToRank(own.resultToRank()).build();
        return HandshakeMessages.request(rank, List.of(AlgoType.ALGO_TYPE_ECDH_PSI),
                Map.of(ProtocolFamily.PROTOCOL_FAMILY_ECC, ecc), io);
    }

    /**
     * Rank 0's decision over the requests of every other rank, in the reference's order of checks: versions
     * (all equal to {@value #VERSION}, else HANDSHAKE_REFUSED), ECC parameters present (else INVALID_REQUEST),
     * own suite offered by everyone, own point format offered by everyone (else HANDSHAKE_REFUSED), truncation
     * only if everyone supports it, io parameters present (else INVALID_REQUEST), and one {@code result_to_rank}
     * shared by everyone and equal to rank 0's (else HANDSHAKE_REFUSED).
     *
     * @throws HandshakeException when a request's version is below 1: the reference then sends no answer at all,
     *                            so neither does Hutong (the task fails; the requester runs into its timeout)
     */
    public static Decision respond(Settings own, List<HandshakeRequest> requests) throws HandshakeException {
        int version = 0;
        boolean consistent = true;
        for (HandshakeRequest r : requests) {
            if (r.getVersion() < 1) {
                throw new HandshakeException(ErrorCode.INVALID_REQUEST_VALUE, "handshake request of rank "
                        + r.getRequesterRank() + " has version " + r.getVersion() + "; not answered");
            }
            if (version != 0 && version != r.getVersion()) {
                consistent = false;
            }
            version = r.getVersion();
        }
        if (!consistent || version != VERSION) {
            return refuse(ErrorCode.HANDSHAKE_REFUSED_VALUE, "handshake versions inconsistent");
        }

        Set<EcSuit> suites = null;
        Set<Integer> formats = null;
        boolean truncation = true;
        for (HandshakeRequest r : requests) {
            Optional<EccProtocolProposal> ecc = eccProposal(r);
            if (ecc.isEmpty()) {
                return refuse(ErrorCode.INVALID_REQUEST_VALUE, "certain request has no ecc params");
            }
            suites = intersect(suites, new HashSet<>(ecc.get().getEcSuitsList()));
            formats = intersect(formats, new HashSet<>(ecc.get().getPointOctetFormatsList()));
            truncation &= ecc.get().getSupportPointTruncation();
        }
        if (suites == null || !suites.contains(own.suite().toProto())) {
            return refuse(ErrorCode.HANDSHAKE_REFUSED_VALUE, "negotiate ec suits failed");
        }
        if (!formats.contains(own.format().code())) {
            return refuse(ErrorCode.HANDSHAKE_REFUSED_VALUE, "negotiate point octet format failed");
        }
        int bitLength = truncation ? own.bitLengthAfterTruncated() : -1;

        Integer resultToRank = null;
        boolean aligned = true;
        for (HandshakeRequest r : requests) {
            Optional<PsiDataIoProposal> io = HandshakeMessages.unpack(r.getIoParam(), PsiDataIoProposal.class);
            if (!r.hasIoParam() || io.isEmpty()) {
                return refuse(ErrorCode.INVALID_REQUEST_VALUE, "certain request has no psi io params");
            }
            if (resultToRank != null && resultToRank != io.get().getResultToRank()) {
                aligned = false;
            }
            resultToRank = io.get().getResultToRank();
        }
        if (!aligned || resultToRank != own.resultToRank()) {
            return refuse(ErrorCode.HANDSHAKE_REFUSED_VALUE, "negotiate result_to_rank failed");
        }

        // version stays 0 in the result, and io_param is a PsiDataIoProposal: both as the reference sends them
        EccProtocolResult result = EccProtocolResult.newBuilder().setEcSuit(own.suite().toProto())
                .setPointOctetFormat(own.format().code()).setBitLengthAfterTruncated(bitLength).build();
        PsiDataIoProposal io = PsiDataIoProposal.newBuilder().setItemNum(own.itemNum())
                .setResultToRank(own.resultToRank()).build();
        HandshakeResponse response = HandshakeMessages.accepted(AlgoType.ALGO_TYPE_ECDH_PSI,
                Map.of(ProtocolFamily.PROTOCOL_FAMILY_ECC, result), io);
        return new Decision(response, Optional.of(new Agreement(own.suite(), own.format(), own.resultToRank(),
                bitLength, -1)));
    }

    /**
     * A requester's reading of rank 0's response: the agreement, or why there is none.
     *
     * @throws HandshakeException with rank 0's error code when it refused, or UNEXPECTED_ERROR when a success
     *                            response names another algorithm, suite or point format than this party proposed,
     *                            lacks the ECC result, or truncates when this party did not offer to
     */
    public static Agreement accept(Settings own, HandshakeResponse response) throws HandshakeException {
        int code = response.getHeader().getErrorCode();
        if (code != ErrorCode.OK_VALUE) {
            throw new HandshakeException(code, "rank 0 refused the handshake: " + response.getHeader().getErrorMsg());
        }
        if (response.getAlgo() != AlgoType.ALGO_TYPE_ECDH_PSI_VALUE) {
            throw unexpected("rank 0 chose algorithm " + response.getAlgo() + ", not ECDH-PSI");
        }
        Optional<EccProtocolResult> ecc = HandshakeMessages.familyParams(response, ProtocolFamily.PROTOCOL_FAMILY_ECC,
                EccProtocolResult.class);
        if (ecc.isEmpty()) {
            throw unexpected("rank 0's response has no ECC result");
        }
        if (!ecc.get().getEcSuit().equals(own.suite().toProto())) {
            throw unexpected("rank 0 chose suite " + ecc.get().getEcSuit().toString().replace('\n', ' ').trim()
                    + ", this party runs " + own.suite());
        }
        if (ecc.get().getPointOctetFormat() != own.format().code()) {
            throw unexpected("rank 0 chose point format " + ecc.get().getPointOctetFormat() + ", this party writes "
                    + own.format());
        }
        int bitLength = ecc.get().getBitLengthAfterTruncated();
        if (bitLength != -1 && own.bitLengthAfterTruncated() == -1) {
            throw unexpected("rank 0 truncates to " + bitLength + " bits, which this party did not offer");
        }
        long peerItems = -1;
        int resultToRank = own.resultToRank();
        // the reference packs a PsiDataIoProposal here; a PsiDataIoResult is accepted too
        Optional<PsiDataIoProposal> proposal = HandshakeMessages.unpack(response.getIoParam(), PsiDataIoProposal.class);
        Optional<PsiDataIoResult> result = HandshakeMessages.unpack(response.getIoParam(), PsiDataIoResult.class);
        if (proposal.isPresent()) {
            peerItems = proposal.get().getItemNum();
            resultToRank = proposal.get().getResultToRank();
        } else if (result.isPresent()) {
            resultToRank = result.get().getResultToRank();
        }
        if (response.hasIoParam() && resultToRank != own.resultToRank()) {
            throw unexpected("rank 0 sends the result to rank " + resultToRank + ", this party expects "
                    + own.resultToRank());
        }
        return new Agreement(own.suite(), own.format(), own.resultToRank(), bitLength, peerItems);
    }

    private static Decision refuse(int code, String message) {
        return new Decision(HandshakeMessages.refused(code, message), Optional.empty());
    }

    private static HandshakeException unexpected(String message) {
        return new HandshakeException(ErrorCode.UNEXPECTED_ERROR_VALUE, message);
    }

    /** The ECC proposal at the position of the ECC family, as the reference pairs them. */
    private static Optional<EccProtocolProposal> eccProposal(HandshakeRequest r) {
        return HandshakeMessages.familyParams(r, ProtocolFamily.PROTOCOL_FAMILY_ECC, EccProtocolProposal.class);
    }

    private static <T> Set<T> intersect(Set<T> sofar, Set<T> next) {
        if (sofar == null) {
            return next;
        }
        sofar.retainAll(next);
        return sofar;
    }
}
