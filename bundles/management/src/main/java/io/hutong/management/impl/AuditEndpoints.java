/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;

import io.hutong.api.http.Envelope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Providers;

/**
 * The apply, confirm and terminate endpoints every approval kind has (spec 10 §1.3); the subclass
 * fixes the kind and its path, and adds {@code audit/query} where the standard defines it.
 */
public abstract class AuditEndpoints extends InterconnEndpoints {

    abstract AuditKind kind();

    /** @return the DTO of this kind's apply body (spec 10 §3-§8) */
    Class<? extends Requests.Body> applyType() {
        return switch (kind()) {
            case DATASET -> Requests.DatasetApply.class;
            case PROJECT -> Requests.ProjectApply.class;
            case FLOW -> Requests.FlowApply.class;
            case JOB -> Requests.JobApply.class;
            case MODEL -> Requests.ModelApply.class;
        };
    }

    @POST
    @Path("audit/apply")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> apply(@Context ContainerRequestContext ctx, @Context Providers providers) throws IOException {
        Governance.Caller caller = caller(ctx);
        // bound and validated by the plane's JSON reader, as a typed parameter would be, to this kind's DTO
        Class<? extends Requests.Body> type = applyType();
        @SuppressWarnings("unchecked")
        MessageBodyReader<Requests.Body> reader = (MessageBodyReader<Requests.Body>) (MessageBodyReader<?>)
                providers.getMessageBodyReader(type, type, new Annotation[0], MediaType.APPLICATION_JSON_TYPE);
        Requests.Body body = reader.readFrom((Class<Requests.Body>) (Class<?>) type, type, new Annotation[0], MediaType.APPLICATION_JSON_TYPE,
                ctx.getHeaders(), new ByteArrayInputStream(call(ctx).body()));
        gov().auditApply(kind(), caller, body.json());
        return ok();
    }

    @POST
    @Path("audit/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> confirm(@Context ContainerRequestContext ctx, Requests.AuditConfirm body) {
        Governance.Caller caller = caller(ctx);
        gov().auditConfirm(kind(), caller, body.json());
        return ok();
    }

    @POST
    @Path("audit/terminate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> terminate(@Context ContainerRequestContext ctx, Requests.AuditTerminate body) {
        Governance.Caller caller = caller(ctx);
        gov().auditTerminate(kind(), caller, body.json());
        return ok();
    }

    Envelope<Object> status(ContainerRequestContext ctx, String auditId) {
        Governance.Caller caller = caller(ctx);
        return ok(java.util.Map.of("status", gov().auditQuery(kind(), caller, auditId).name()));
    }
}
