/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import io.hutong.api.http.Envelope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

/**
 * The apply, confirm and terminate endpoints every approval kind has (spec 10 §1.3); the subclass
 * fixes the kind and its path, and adds {@code audit/query} where the standard defines it.
 */
public abstract class AuditEndpoints extends InterconnEndpoints {

    abstract AuditKind kind();

    @POST
    @Path("audit/apply")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> apply(@Context ContainerRequestContext ctx, String body) {
        Governance.Caller caller = caller(ctx);
        gov().auditApply(kind(), caller, Json.object(body));
        return ok();
    }

    @POST
    @Path("audit/confirm")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> confirm(@Context ContainerRequestContext ctx, String body) {
        Governance.Caller caller = caller(ctx);
        gov().auditConfirm(kind(), caller, Json.object(body));
        return ok();
    }

    @POST
    @Path("audit/terminate")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> terminate(@Context ContainerRequestContext ctx, String body) {
        Governance.Caller caller = caller(ctx);
        gov().auditTerminate(kind(), caller, Json.object(body));
        return ok();
    }

    Envelope<Object> status(ContainerRequestContext ctx, String auditId) {
        Governance.Caller caller = caller(ctx);
        return ok(java.util.Map.of("status", gov().auditQuery(kind(), caller, auditId).name()));
    }
}
