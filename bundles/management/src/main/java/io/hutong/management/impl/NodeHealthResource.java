/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import io.hutong.api.node.NodeIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The liveness probe of the management layer (spec 10, M7 {@code GET /v1/interconn/node/health}).
 * It answers only once the node has its identity, so "ok" means the node can take part.
 */
@Component(service = NodeHealthResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/interconn/node")
public class NodeHealthResource {

    @Reference
    NodeIdentity identity;

    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Map<String, String>> health() {
        return Envelope.ok(Map.of("status", "ok"));
    }
}
