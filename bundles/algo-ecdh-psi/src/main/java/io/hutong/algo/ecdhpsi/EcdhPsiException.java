/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

/** An ECDH-PSI run that failed, with a message saying why in terms a task log reader understands. */
public final class EcdhPsiException extends Exception {

    private static final long serialVersionUID = 1L;

    public EcdhPsiException(String message) {
        super(message);
    }

    public EcdhPsiException(String message, Throwable cause) {
        super(message, cause);
    }
}
