/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import io.hutong.protocol.interconnection.ErrorCode;

/** An ECDH-PSI handshake that did not lead to an agreement, with the open algorithm protocol's error code. */
public final class HandshakeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public HandshakeException(int errorCode, String message) {
        super(message + " (" + name(errorCode) + ")");
        this.errorCode = errorCode;
    }

    /** @return the {@code org.interconnection.ErrorCode} number, e.g. 31100200 for HANDSHAKE_REFUSED */
    public int errorCode() {
        return errorCode;
    }

    private static String name(int code) {
        ErrorCode known = ErrorCode.forNumber(code);
        return known == null ? "error " + code : known.name() + " " + code;
    }
}
