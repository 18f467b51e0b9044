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
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * The node endpoints of spec 10 §2: contract apply, confirm, terminate and query, node update, node
 * query and the health probe, on the east-west plane.
 */
@Component(service = NodeInterconnResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/interconn/node")
public class NodeInterconnResource extends InterconnEndpoints {

    @Reference
    ManagementPlane plane;

    @Override
    ManagementPlane plane() {
        return plane;
    }

    @POST
    @Path("contract/apply")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> contractApply(@Context UriInfo uri, @Context HttpHeaders h, String body) {
        Governance.Caller caller = gov().check(EastWestRequest.of("POST", uri, h, body), false);
        return ok(Map.of("contract_id", gov().contractApply(caller, Json.object(body))));
    }

    @POST
    @Path("contract/confirm")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> contractConfirm(@Context UriInfo uri, @Context HttpHeaders h, String body) {
        EastWestRequest r = EastWestRequest.of("POST", uri, h, body);
        Governance.Caller caller = gov().check(r, false);
        gov().contractConfirm(caller, r, Json.object(body));
        return ok();
    }

    @POST
    @Path("contract/terminate")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> contractTerminate(@Context UriInfo uri, @Context HttpHeaders h, String body) {
        Governance.Caller caller = signedPost(uri, h, body);
        gov().contractTerminate(caller, Json.object(body));
        return ok();
    }

    @POST
    @Path("update")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> update(@Context UriInfo uri, @Context HttpHeaders h, String body) {
        Governance.Caller caller = signedPost(uri, h, body);
        gov().nodeUpdate(caller, Json.object(body));
        return ok();
    }

    @GET
    @Path("contract/query")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> contractQuery(@Context UriInfo uri, @Context HttpHeaders h, @QueryParam("contract_id") String id) {
        Governance.Caller caller = signedGet(uri, h);
        return ok(Map.of("status", gov().contractQuery(caller, id).name()));
    }

    @GET
    @Path("query")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> query(@Context UriInfo uri, @Context HttpHeaders h, @QueryParam("node_id") String nodeId) {
        gov().check(EastWestRequest.of("GET", uri, h, null), false);
        return ok(gov().nodeQuery(nodeId));
    }

    /** The liveness probe (M7). Unchecked: load balancers and operators probe it without headers. */
    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> health() {
        return ok(Map.of("status", "ok"));
    }
}
