/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.Objects;

/**
 * A transport failure with the standard code an adapter answers with (spec 40 §6, decision T11);
 * the message names the cause.
 */
public class PtpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code    one of the {@link PtpCodes} values
     * @param message what went wrong, naming the offending header, field or peer
     */
    public PtpException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @param code    one of the {@link PtpCodes} values
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public PtpException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** @return the standard code, e.g. {@code E0000000608} */
    public String code() {
        return code;
    }
}
