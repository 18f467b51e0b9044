/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.policy;

/**
 * The outcome of evaluating a policy: pass, or fail with a reason naming the attribute and both values.
 *
 * @param passed whether the report satisfies the policy
 * @param reason for a failure, what did not match; empty for a pass
 */
public record PolicyVerdict(boolean passed, String reason) {

    static final PolicyVerdict PASS = new PolicyVerdict(true, "");

    static PolicyVerdict fail(String reason) {
        return new PolicyVerdict(false, reason);
    }
}
