/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import io.hutong.api.permit.PermitCheck;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The dataset endpoints of spec 10 §3: public list and detail, and the authorisation approvals. */
@Component(service = DatasetInterconnResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/interconn/dataset")
public class DatasetInterconnResource extends AuditEndpoints {

    @Reference
    ManagementPlane plane;

    @Override
    ManagementPlane plane() {
        return plane;
    }

    @Override
    AuditKind kind() {
        return AuditKind.DATASET;
    }

    @GET
    @Path("audit/query")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> query(@Context ContainerRequestContext ctx, @QueryParam("audit_id") String auditId) {
        return status(ctx, auditId);
    }

    @GET
    @Path("pub/list")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> list(@Context ContainerRequestContext ctx, @QueryParam("contract_id") String contractId,
                                 @QueryParam("page_num") String pageNum, @QueryParam("page_size") String pageSize) {
        Governance.Caller caller = caller(ctx);
        if (contractId == null || contractId.isBlank()) {
            throw Refusal.badRequest("contract_id is required");
        }
        Page page = Page.of(pageNum, pageSize);
        gov().callerContract(caller, contractId);
        DatasetCatalog cat = plane.datasets();
        List<Map<String, Object>> all = gov().store.datasets(true).stream().map(d -> cat.describe(d, true)).toList();
        return ok(page.of(all));
    }

    @GET
    @Path("pub/query")
    @Produces(MediaType.APPLICATION_JSON)
    public Response detail(@Context ContainerRequestContext ctx, @QueryParam("contract_id") String contractId,
                           @QueryParam("dataset_id") String datasetId) {
        Governance.Caller caller = caller(ctx);
        if (contractId == null || contractId.isBlank()) {
            throw Refusal.badRequest("contract_id is required");
        }
        if (datasetId == null || datasetId.isBlank()) {
            throw Refusal.badRequest("dataset_id is required");
        }
        gov().callerContract(caller, contractId);
        GovernanceStore.Dataset d = gov().store.dataset(datasetId)
                .orElseThrow(() -> Refusal.notFound("no dataset " + datasetId));
        String uses = null;
        if (!d.isPublic()) {
            // a private dataset is shown only to a holder of a live permit for it (M5); each look counts as a use
            var decision = gov().check(ctx.getHeaderString("x-mprac-token-set"), AuditKind.DATASET.name(), datasetId, caller.nodeId());
            if (!decision.granted()) {
                throw Refusal.forbidden("dataset " + datasetId + " is not public: " + decision.reason());
            }
            uses = decision.usesHeaderValue(); // the holder counts what we count (GOV3)
        }
        return Response.ok(ok(plane.datasets().describe(d, true))).header(PermitCheck.USES_HEADER, uses).build();
    }
}
