/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.auth;

/**
 * A call that failed its checks: the HTTP status to answer (400, 401, 403, 500) and a message naming the
 * header at fault, answered in the standard's envelope.
 */
public class CallRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public CallRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return the HTTP status to answer */
    public int status() {
        return status;
    }
}
