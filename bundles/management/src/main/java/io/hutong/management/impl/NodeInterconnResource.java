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

import io.hutong.api.auth.Unsigned;
import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

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
    @Unsigned(reason = "spec 10 §2: the applicant has no contract yet; its key arrives in this call")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> contractApply(@Context ContainerRequestContext ctx, Requests.ContractApply body) {
        Governance.Caller caller = caller(ctx);
        return ok(Map.of("contract_id", gov().contractApply(caller, body.json())));
    }

    @POST
    @Path("contract/confirm")
    @Unsigned(reason = "spec 10 §2: no contract key exists yet; an approval must instead be signed with the key it carries"
            + " and answer a contract this node applied for to the caller (AUTH2, checked by Governance.contractConfirm)")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> contractConfirm(@Context ContainerRequestContext ctx, Requests.ContractConfirm body) {
        gov().contractConfirm(caller(ctx), call(ctx), body.json());
        return ok();
    }

    @POST
    @Path("contract/terminate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> contractTerminate(@Context ContainerRequestContext ctx, Requests.ContractTerminate body) {
        Governance.Caller caller = caller(ctx);
        gov().contractTerminate(caller, body.json());
        return ok();
    }

    @POST
    @Path("update")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> update(@Context ContainerRequestContext ctx, Requests.NodeUpdate body) {
        Governance.Caller caller = caller(ctx);
        gov().nodeUpdate(caller, body.json());
        return ok();
    }

    @GET
    @Path("contract/query")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> contractQuery(@Context ContainerRequestContext ctx, @QueryParam("contract_id") String id) {
        Governance.Caller caller = caller(ctx);
        return ok(Map.of("status", gov().contractQuery(caller, id).name()));
    }

    @GET
    @Path("query")
    @Unsigned(reason = "spec 10 §2: a node describes itself to anyone before a contract exists")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> query(@Context ContainerRequestContext ctx, @QueryParam("node_id") String nodeId) {
        caller(ctx);
        return ok(gov().nodeQuery(nodeId));
    }

    /** The liveness probe (M7). Unchecked: load balancers and operators probe it without headers. */
    @GET
    @Path("health")
    @Unsigned(reason = "M7: the liveness probe of load balancers and operators, without headers", headers = false)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> health() {
        return ok(Map.of("status", "ok"));
    }
}
