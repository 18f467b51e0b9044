/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link.handshake;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.hutong.protocol.interconnection.ErrorCode;
import io.hutong.protocol.interconnection.ResponseHeader;
import io.hutong.protocol.interconnection.v2.AlgoType;
import io.hutong.protocol.interconnection.v2.HandshakeRequest;
import io.hutong.protocol.interconnection.v2.HandshakeResponse;
import io.hutong.protocol.interconnection.v2.ProtocolFamily;

/**
 * Builds and reads the handshake messages of the interconnection protocol, version 2 (spec 51 §2), the way the
 * reference pairs them: {@code protocol_families[i]} is described by {@code protocol_family_params[i]}, an
 * {@code Any} of the family's proposal (in a request) or result (in a response); {@code io_param} is an {@code Any}
 * of the algorithm's io proposal. What an algorithm proposes and decides stays with the algorithm (ECDH-PSI's
 * {@code EcdhPsiHandshake}); this class only lays the messages out.
 */
public final class HandshakeMessages {

    /** The handshake version Hutong speaks. */
    public static final int VERSION = 2;

    private HandshakeMessages() {
    }

    /**
     * @param requesterRank the rank sending the request (not 0: rank 0 answers)
     * @param algos         the algorithms offered, in order of preference
     * @param families      each protocol family offered with its proposal, in the order to send them
     * @param ioParam       the algorithm's io proposal, or {@code null} for none
     * @return the request of version {@value #VERSION}
     */
    public static HandshakeRequest request(int requesterRank, List<AlgoType> algos,
            Map<ProtocolFamily, ? extends Message> families, Message ioParam) {
        HandshakeRequest.Builder b = HandshakeRequest.newBuilder().setVersion(VERSION).setRequesterRank(requesterRank);
        algos.forEach(a -> b.addSupportedAlgos(a.getNumber()));
        families.forEach((family, params) -> b.addProtocolFamilies(family.getNumber())
                .addProtocolFamilyParams(Any.pack(params)));
        if (ioParam != null) {
            b.setIoParam(Any.pack(ioParam));
        }
        return b.build();
    }

    /**
     * @param algo     the algorithm chosen
     * @param families each protocol family chosen with its result, in the order to send them
     * @param ioParam  the io parameters both sides use, or {@code null} for none
     * @return rank 0's success answer (error code 0)
     */
    public static HandshakeResponse accepted(AlgoType algo, Map<ProtocolFamily, ? extends Message> families,
            Message ioParam) {
        HandshakeResponse.Builder b = HandshakeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setErrorCode(ErrorCode.OK_VALUE)).setAlgo(algo.getNumber());
        families.forEach((family, result) -> b.addProtocolFamilies(family.getNumber())
                .addProtocolFamilyParams(Any.pack(result)));
        if (ioParam != null) {
            b.setIoParam(Any.pack(ioParam));
        }
        return b.build();
    }

    /** @return rank 0's refusal with one of the reference's error codes and its message */
    public static HandshakeResponse refused(int errorCode, String message) {
        return HandshakeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setErrorCode(errorCode).setErrorMsg(message)).build();
    }

    /** @return the proposal a request carries for a family, or empty when it offers none of that type */
    public static <T extends Message> Optional<T> familyParams(HandshakeRequest request, ProtocolFamily family,
            Class<T> type) {
        int index = request.getProtocolFamiliesList().indexOf(family.getNumber());
        return index < 0 || index >= request.getProtocolFamilyParamsCount() ? Optional.empty()
                : unpack(request.getProtocolFamilyParams(index), type);
    }

    /** @return the result a response carries for a family, or empty when it has none of that type */
    public static <T extends Message> Optional<T> familyParams(HandshakeResponse response, ProtocolFamily family,
            Class<T> type) {
        int index = response.getProtocolFamiliesList().indexOf(family.getNumber());
        return index < 0 || index >= response.getProtocolFamilyParamsCount() ? Optional.empty()
                : unpack(response.getProtocolFamilyParams(index), type);
    }

    /** @return the message packed in {@code any}, or empty when it holds another type or does not parse */
    public static <T extends Message> Optional<T> unpack(Any any, Class<T> type) {
        if (!any.is(type)) {
            return Optional.empty();
        }
        try {
            return Optional.of(any.unpack(type));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
