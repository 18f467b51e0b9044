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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

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
    public Envelope<Object> apply(@Context UriInfo uri, @Context HttpHeaders h, String body) {
        Governance.Caller caller = signedPost(uri, h, body);
        gov().auditApply(kind(), caller, Json.object(body));
        return ok();
    }

    @POST
    @Path("audit/confirm")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> confirm(@Context UriInfo uri, @Context HttpHeaders h, String body) {
        Governance.Caller caller = signedPost(uri, h, body);
        gov().auditConfirm(kind(), caller, Json.object(body));
        return ok();
    }

    @POST
    @Path("audit/terminate")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> terminate(@Context UriInfo uri, @Context HttpHeaders h, String body) {
        Governance.Caller caller = signedPost(uri, h, body);
        gov().auditTerminate(kind(), caller, Json.object(body));
        return ok();
    }

    Envelope<Object> status(UriInfo uri, HttpHeaders h, String auditId) {
        Governance.Caller caller = signedGet(uri, h);
        return ok(java.util.Map.of("status", gov().auditQuery(kind(), caller, auditId).name()));
    }
}
