/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

/** The project endpoints of spec 10 §4: project approvals, and the projects this node takes part in. */
@Component(service = ProjectInterconnResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/interconn/project")
public class ProjectInterconnResource extends AuditEndpoints {

    @Reference
    ManagementPlane plane;

    @Override
    ManagementPlane plane() {
        return plane;
    }

    @Override
    AuditKind kind() {
        return AuditKind.PROJECT;
    }

    @GET
    @Path("audit/query")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> query(@Context ContainerRequestContext ctx, @QueryParam("audit_id") String auditId) {
        return status(ctx, auditId);
    }

    @GET
    @Path("list")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> list(@Context ContainerRequestContext ctx, @QueryParam("contract_id") String contractId,
                                 @QueryParam("page_num") String pageNum, @QueryParam("page_size") String pageSize) {
        Governance.Caller caller = caller(ctx);
        if (contractId == null || contractId.isBlank()) {
            throw Refusal.badRequest("contract_id is required");
        }
        Page page = Page.of(pageNum, pageSize);
        List<Map<String, Object>> all = new ArrayList<>();
        for (GovernanceStore.Audit a : gov().projectsUnder(caller, contractId)) {
            ObjectNode req = Json.parseStored(a.requestJson());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("project_id", a.resourceId());
            m.put("name", req.path("name").asText());
            m.put("description", req.path("description").asText(null));
            m.put("type", req.path("type").asText(null));
            all.add(m);
        }
        return ok(page.of(all));
    }

    @GET
    @Path("query")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> detail(@Context ContainerRequestContext ctx, @QueryParam("contract_id") String contractId,
                                   @QueryParam("project_id") String projectId) {
        Governance.Caller caller = caller(ctx);
        if (contractId == null || contractId.isBlank()) {
            throw Refusal.badRequest("contract_id is required");
        }
        if (projectId == null || projectId.isBlank()) {
            throw Refusal.badRequest("project_id is required");
        }
        GovernanceStore.Contract contract = gov().callerContract(caller, contractId);
        GovernanceStore.Audit a = gov().projectsUnder(caller, contractId).stream()
                .filter(x -> x.resourceId().equals(projectId)).findFirst()
                .orElseThrow(() -> Refusal.notFound("no approved project " + projectId + " with node " + caller.nodeId()));
        ObjectNode req = Json.parseStored(a.requestJson());
        // the apply lists the approver's datasets: they belong to whichever side was asked
        String datasetOwner = a.role().equals(Governance.OWNER) ? gov().self().nodeId() : caller.nodeId();
        List<String> ids = new ArrayList<>();
        for (JsonNode d : req.path("datasets")) {
            ids.add(d.path("dataset_id").asText());
        }
        Map<String, Object> peer = contract.peerInfo() == null ? new LinkedHashMap<>(Map.of("node_id", caller.nodeId(),
                "address", contract.peerAddress())) : Json.toMap(Json.parseStored(contract.peerInfo()));
        peer.remove("auth_credential");
        peer.remove("auth_type");
        peer.remove("expired_time");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project_id", projectId);
        m.put("name", req.path("name").asText());
        m.put("description", req.path("description").asText(null));
        m.put("type", req.path("type").asText(null));
        m.put("nodes", List.of(gov().self().asMap(), peer));
        m.put("datasets", Map.of(datasetOwner, ids));
        return ok(m);
    }
}
