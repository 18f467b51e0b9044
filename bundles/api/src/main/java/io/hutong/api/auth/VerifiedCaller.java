/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.auth;

/**
 * The caller of an east-west call after its checks: the node named by {@code x-source-node-id} and, for a
 * signed call, the APPROVED contract whose key verified {@code x-auth-sign}.
 *
 * @param nodeId     the calling node's id
 * @param contractId the contract whose credential verified the signature; null for an {@link Unsigned} call
 */
public record VerifiedCaller(String nodeId, String contractId) {

    /** Request property under which the filter leaves the verified caller for the resource. */
    public static final String PROPERTY = "hutong.east_west.caller";

    /** @return true when the call was signed and verified */
    public boolean signed() {
        return contractId != null;
    }
}
