/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.Set;

/**
 * The states of a contract and of every approval (spec 10 §1.3): APPLIED → APPROVED | REJECTED,
 * APPROVED → TERMINATED. Nothing else moves; REJECTED and TERMINATED are final.
 */
enum ApprovalStatus {
    APPLIED, APPROVED, REJECTED, TERMINATED;

    private Set<ApprovalStatus> next() {
        return switch (this) {
            case APPLIED -> Set.of(APPROVED, REJECTED);
            case APPROVED -> Set.of(TERMINATED);
            default -> Set.of();
        };
    }

    /**
     * @param what names the object in the message, e.g. "contract c-1"
     * @throws jakarta.ws.rs.WebApplicationException 409 naming both states when the move is illegal
     */
    void requireMove(ApprovalStatus to, String what) {
        if (!next().contains(to)) {
            throw Refusal.conflict(what + " is " + this + " and cannot become " + to
                    + (next().isEmpty() ? " (" + this + " is final)" : " (only " + next() + " from " + this + ")"));
        }
    }

    static ApprovalStatus confirmed(String status) {
        if ("APPROVED".equals(status)) {
            return APPROVED;
        }
        if ("REJECTED".equals(status)) {
            return REJECTED;
        }
        throw Refusal.badRequest("status must be APPROVED or REJECTED, got '" + status + "'");
    }
}
