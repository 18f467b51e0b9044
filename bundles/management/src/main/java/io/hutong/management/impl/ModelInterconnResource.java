/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

/** The model approval endpoints of spec 10 (`/v1/interconn/model/audit/...`). */
@Component(service = ModelInterconnResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/interconn/model")
public class ModelInterconnResource extends AuditEndpoints {

    @Reference
    ManagementPlane plane;

    @Override
    ManagementPlane plane() {
        return plane;
    }

    @Override
    AuditKind kind() {
        return AuditKind.MODEL;
    }

    @GET
    @Path("audit/query")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> query(@Context ContainerRequestContext ctx, @QueryParam("audit_id") String auditId) {
        return status(ctx, auditId);
    }
}
