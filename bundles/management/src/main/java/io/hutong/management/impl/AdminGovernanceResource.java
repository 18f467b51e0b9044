/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import io.hutong.management.impl.GovernanceStore.Audit;
import io.hutong.management.impl.GovernanceStore.Contract;
import io.hutong.management.impl.GovernanceStore.Permit;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The operator's side of the management plane on the admin port ({@code /v1/admin/...}, described by
 * {@code GET /v1/admin/governance/openapi.json}): this node, contracts, approvals of every kind,
 * published datasets, permits and the outbox, and the actions that start or answer them.
 */
@Component(service = AdminGovernanceResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminGovernanceResource {

    @Reference
    ManagementPlane plane;

    private Governance gov() {
        return plane.governance();
    }

    @GET
    @Path("governance/openapi.json")
    public Response openapi() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/openapi/governance.json")) {
            return Response.ok(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), MediaType.APPLICATION_JSON).build();
        }
    }

    @GET
    @Path("node")
    public Envelope<Object> node() {
        Map<String, Object> m = new LinkedHashMap<>(gov().self().asMap());
        m.put("auth_type", gov().identity().authType());
        m.put("auth_credential", gov().identity().publicKeyPem());
        return Envelope.ok(m);
    }

    // ---------------------------------------------------------------- contracts

    @GET
    @Path("contracts")
    public Envelope<Object> contracts() {
        return Envelope.ok(gov().store.contracts().stream().map(AdminGovernanceResource::contract).toList());
    }

    @POST
    @Path("contracts")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Object> applyContract(String body) {
        ObjectNode b = Json.object(body);
        String address = Json.text(b, "peer_address");
        String node = Json.text(b, "peer_node_id");
        if (!address.matches("https?://.+")) {
            throw Refusal.badRequest("peer_address must be an http(s) URL, got '" + address + "'");
        }
        return Envelope.ok(contract(gov().applyContract(address, node, Json.optLong(b, "expired_time"))));
    }

    @POST
    @Path("contracts/{id}/{action}")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Object> contractAction(@PathParam("id") String id, @PathParam("action") String action, String body) {
        ObjectNode b = body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.object(body);
        return switch (action) {
            case "approve" -> Envelope.ok(contract(gov().decideContract(id, ApprovalStatus.APPROVED, Json.optLong(b, "expired_time"))));
            case "reject" -> Envelope.ok(contract(gov().decideContract(id, ApprovalStatus.REJECTED, null)));
            case "terminate" -> Envelope.ok(contract(gov().terminateContract(id)));
            case "refresh" -> Envelope.ok(gov().refreshContract(id));
            default -> throw Refusal.notFound("no contract action '" + action + "' (approve, reject, terminate, refresh)");
        };
    }

    static Map<String, Object> contract(Contract c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contract_id", c.contractId());
        m.put("role", c.role());
        m.put("peer_node_id", c.peerNodeId());
        m.put("peer_address", c.peerAddress());
        m.put("peer_auth_type", c.peerAuthType());
        m.put("status", c.status().name());
        m.put("expired_time", c.expiredTime());
        if (c.peerInfo() != null) {
            ObjectNode info = Json.parseStored(c.peerInfo());
            info.remove("auth_credential");
            m.put("peer", Json.toMap(info));
        }
        m.put("created_at", c.createdAt());
        m.put("updated_at", c.updatedAt());
        return m;
    }

    // ---------------------------------------------------------------- approvals

    @GET
    @Path("audits")
    public Envelope<Object> audits(@QueryParam("kind") String kind, @QueryParam("role") String role, @QueryParam("status") String status,
                                   @QueryParam("contract_id") String contractId) {
        AuditKind k = kind == null ? null : AuditKind.of(kind);
        return Envelope.ok(gov().store.audits().stream()
                .filter(a -> k == null || a.kind() == k)
                .filter(a -> contractId == null || contractId.equals(a.contractId()))
                .filter(a -> role == null || a.role().equalsIgnoreCase(role))
                .filter(a -> status == null || a.status().name().equalsIgnoreCase(status))
                .map(AdminGovernanceResource::audit).toList());
    }

    /** Every application waiting for this node's operator: contracts and approvals of every kind. */
    @GET
    @Path("applications")
    public Envelope<Object> applications() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Contract c : gov().store.contracts()) {
            if (c.role().equals(Governance.PARTNER) && c.status() == ApprovalStatus.APPLIED) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "contract");
                m.put("id", c.contractId());
                m.put("from_node_id", c.peerNodeId());
                m.put("resource_id", c.peerNodeId());
                m.put("status", c.status().name());
                m.put("created_at", c.createdAt());
                out.add(m);
            }
        }
        for (Audit a : gov().store.audits()) {
            if (a.role().equals(Governance.OWNER) && a.status() == ApprovalStatus.APPLIED) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", a.kind().label());
                m.put("id", a.auditId());
                m.put("from_node_id", a.peerNodeId());
                m.put("resource_id", a.resourceId());
                m.put("status", a.status().name());
                m.put("created_at", a.createdAt());
                out.add(m);
            }
        }
        return Envelope.ok(out);
    }

    @POST
    @Path("audits/{kind}")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Object> applyAudit(@PathParam("kind") String kind, String body) {
        return Envelope.ok(audit(gov().applyAudit(AuditKind.of(kind), Json.object(body))));
    }

    @POST
    @Path("audits/{kind}/{id}/{action}")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Object> auditAction(@PathParam("kind") String kind, @PathParam("id") String id, @PathParam("action") String action) {
        AuditKind k = AuditKind.of(kind);
        return switch (action) {
            case "approve" -> Envelope.ok(audit(gov().decideAudit(k, id, ApprovalStatus.APPROVED)));
            case "reject" -> Envelope.ok(audit(gov().decideAudit(k, id, ApprovalStatus.REJECTED)));
            case "terminate" -> Envelope.ok(audit(gov().terminateAudit(k, id)));
            case "refresh" -> Envelope.ok(audit(gov().refreshAudit(k, id)));
            default -> throw Refusal.notFound("no approval action '" + action + "' (approve, reject, terminate, refresh)");
        };
    }

    static Map<String, Object> audit(Audit a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", a.kind().label());
        m.put("audit_id", a.auditId());
        m.put("role", a.role());
        m.put("peer_node_id", a.peerNodeId());
        m.put("contract_id", a.contractId());
        m.put("resource_id", a.resourceId());
        m.put("status", a.status().name());
        m.put("permit_token", a.permitToken());
        // adopted as APPROVED by refresh: the permit comes with the owner's confirm, which is still on its way (GOV2)
        m.put("permit_awaited", a.role().equals(Governance.REQUESTER) && a.status() == ApprovalStatus.APPROVED && a.permitToken() == null);
        m.put("request", Json.toMap(Json.parseStored(a.requestJson())));
        m.put("created_at", a.createdAt());
        m.put("updated_at", a.updatedAt());
        return m;
    }

    // ---------------------------------------------------------------- datasets

    @GET
    @Path("datasets")
    public Envelope<Object> datasets() {
        DatasetCatalog cat = plane.datasets();
        return Envelope.ok(gov().store.datasets(false).stream().map(d -> {
            Map<String, Object> m = cat.describe(d, true);
            m.put("public", d.isPublic());
            m.put("location", d.location());
            return m;
        }).toList());
    }

    @POST
    @Path("datasets")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Object> publish(String body) {
        var d = plane.datasets().publish(Json.object(body), gov().now());
        Map<String, Object> m = plane.datasets().describe(d, true);
        m.put("public", d.isPublic());
        m.put("location", d.location());
        return Envelope.ok(m);
    }

    @PUT
    @Path("datasets/{id}")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Object> edit(@PathParam("id") String id, String body) {
        var d = plane.datasets().edit(id, Json.object(body));
        Map<String, Object> m = plane.datasets().describe(d, true);
        m.put("public", d.isPublic());
        m.put("location", d.location());
        return Envelope.ok(m);
    }

    // ---------------------------------------------------------------- a partner's resources, fetched live

    @GET
    @Path("peers/{node}/{what}")
    public Envelope<Object> peer(@PathParam("node") String node, @PathParam("what") String what,
                                 @QueryParam("id") String id, @QueryParam("version") String version) {
        Contract c = gov().approvedContractWith(node).orElseThrow(() -> Refusal.conflict("no APPROVED contract with node " + node));
        Map<String, String> q = new LinkedHashMap<>();
        String path;
        switch (what) {
            case "node" -> {
                path = "/v1/interconn/node/query";
                q.put("node_id", node);
            }
            case "datasets" -> {
                path = id == null ? "/v1/interconn/dataset/pub/list" : "/v1/interconn/dataset/pub/query";
                q.put("contract_id", c.contractId());
                q.put("dataset_id", id);
                q.put("page_size", id == null ? "-1" : null);
            }
            case "projects" -> {
                path = id == null ? "/v1/interconn/project/list" : "/v1/interconn/project/query";
                q.put("contract_id", c.contractId());
                q.put("project_id", id);
                q.put("page_size", id == null ? "-1" : null);
            }
            case "components" -> {
                path = id == null ? "/v1/interconn/component/list" : "/v1/interconn/component/query";
                q.put("contract_id", c.contractId());
                q.put("code", id);
                q.put("version", version);
                q.put("page_size", id == null ? "-1" : null);
            }
            default -> throw Refusal.notFound("no peer resource '" + what + "' (node, datasets, projects, components)");
        }
        PeerClient.Reply r = gov().call(() -> gov().peers().get(c.peerAddress(), node, path, q), node);
        return Envelope.ok(Json.MAPPER.convertValue(r.data(), Object.class));
    }

    // ---------------------------------------------------------------- permits and outbox

    @GET
    @Path("permits")
    public Envelope<Object> permits() {
        return Envelope.ok(gov().store.permits().stream().map(AdminGovernanceResource::permit).toList());
    }

    static Map<String, Object> permit(Permit p) {
        Map<String, Object> m = new LinkedHashMap<>(Governance.permitObject(p));
        m.put("role", p.role());
        m.put("kind", p.kind().label());
        m.put("audit_id", p.auditId());
        m.put("times_used", p.timesUsed());
        m.put("revoked", p.revoked());
        m.put("issued_at", p.issuedAt());
        return m;
    }

    @GET
    @Path("outbox")
    public Envelope<Object> outbox() {
        return Envelope.ok(gov().store.outbox().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("target_node_id", c.targetNodeId());
            m.put("path", c.path());
            m.put("state", c.state());
            m.put("attempts", c.attempts());
            m.put("last_error", c.lastError());
            m.put("created_at", c.createdAt());
            return m;
        }).toList());
    }
}
