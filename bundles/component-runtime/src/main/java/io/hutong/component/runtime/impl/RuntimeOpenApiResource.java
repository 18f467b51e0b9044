/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Planes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/admin/runtime/openapi.json} on the admin plane: the OpenAPI description of the task
 * endpoints (kept outside {@code /v1/admin/tasks/} so it shadows no task id).
 */
@Component(service = RuntimeOpenApiResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin/runtime")
public class RuntimeOpenApiResource {

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openapi() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/openapi/tasks.json")) {
            return Response.ok(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
    }
}
