/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import io.hutong.api.tee.TeeVerification.Failure;

/**
 * A failed check inside quote verification, carrying the kind of failure the verdict reports.
 */
public final class Rejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final Failure failure;

    /**
     * @param failure the kind of failure
     * @param message what failed, naming the field and both values where there are two
     */
    public Rejection(Failure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    /** @return the kind of failure */
    public Failure failure() {
        return failure;
    }
}
