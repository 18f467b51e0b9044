/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.Map;

import io.hutong.api.auth.EastWestCall;
import io.hutong.api.auth.VerifiedCaller;
import io.hutong.api.http.Envelope;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * What every east-west management resource shares: the caller the http bundle's filter verified (M2, M3,
 * AUTH1) and the hand-over to {@link Governance}.
 */
public abstract class InterconnEndpoints {

    abstract ManagementPlane plane();

    Governance gov() {
        return plane().governance();
    }

    /** @return the caller the east-west filter verified, with its APPROVED contract when the call was signed */
    Governance.Caller caller(ContainerRequestContext ctx) {
        if (!(ctx.getProperty(VerifiedCaller.PROPERTY) instanceof VerifiedCaller v)) {
            // the filter did not run: refuse rather than serve an unchecked call
            throw Refusal.unauthorized("the call was not authenticated");
        }
        GovernanceStore.Contract contract = null;
        if (v.signed()) {
            contract = gov().approvedContractWith(v.nodeId()).filter(c -> c.contractId().equals(v.contractId()))
                    .orElseThrow(() -> Refusal.forbidden("no APPROVED contract with node " + v.nodeId()));
        }
        return new Governance.Caller(v.nodeId(), contract);
    }

    /** @return the call as the filter read it, body bytes included */
    static EastWestRequest call(ContainerRequestContext ctx) {
        if (!(ctx.getProperty(EastWestCall.PROPERTY) instanceof EastWestCall c)) {
            throw Refusal.unauthorized("the call was not authenticated");
        }
        return EastWestRequest.of(c);
    }

    static Envelope<Object> ok(Object data) {
        return Envelope.ok(data == null ? Map.of() : data);
    }

    static Envelope<Object> ok() {
        return Envelope.ok(Map.of());
    }
}
