/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.tls.PeerTls;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The operator API of the routing table on the admin plane: {@code GET /v1/admin/routes},
 * {@code PUT /v1/admin/routes/{nodeId}}, {@code DELETE /v1/admin/routes/{nodeId}}.
 */
@Component(service = RoutesResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RoutesResource {

    @Reference
    RoutingTable table;

    @Reference
    PeerTls peerTls;

    /**
     * A route as the admin API shows and takes it.
     *
     * @param nodeId   the target node (from the path on PUT)
     * @param address  {@code host:port}
     * @param protocol {@code grpc} or {@code http}
     * @param mode     {@code encapsulation} or {@code passthrough}
     * @param tls      TLS settings, empty for plaintext
     */
    public record RouteJson(@JsonProperty("node_id") String nodeId, String address, String protocol, String mode,
                            Map<String, String> tls) {
        static RouteJson of(Route r) {
            // passwords are write-only: shown as set, never echoed
            return new RouteJson(r.nodeId(), r.address(), r.protocol(), r.mode(), r.maskedTls());
        }
    }

    /**
     * The table.
     *
     * @param localNodeId this node, routed to its own queues
     * @param routes      the configured peers
     */
    public record RoutesJson(@JsonProperty("local_node_id") String localNodeId, List<RouteJson> routes) {
    }

    @GET
    public Envelope<RoutesJson> list() {
        return Envelope.ok(new RoutesJson(table.localNodeId(), table.routes().stream().map(RouteJson::of).toList()));
    }

    @GET
    @Path("{nodeId}")
    public Envelope<RouteJson> get(@PathParam("nodeId") String nodeId) {
        return Envelope.ok(RouteJson.of(table.route(nodeId)
                .orElseThrow(() -> new NotFoundException("no route to node " + nodeId))));
    }

    @PUT
    @Path("{nodeId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<RouteJson> put(@PathParam("nodeId") String nodeId, RouteJson body) {
        if (body == null) {
            throw new BadRequestException("missing body: {\"address\":\"host:port\",\"protocol\":\"grpc|http\",\"mode\":\"encapsulation|passthrough|encapsulation-json\"}");
        }
        if (body.address() == null || !body.address().matches("[^\\s:/]+:\\d{1,5}")) {
            throw new BadRequestException("address must be host:port, not " + body.address());
        }
        if (nodeId.equals(table.localNodeId())) {
            throw new BadRequestException("node " + nodeId + " is this node; it is always routed to its own queues");
        }
        Route route;
        try {
            // a password sent back as shown ("******") keeps the stored one
            route = new Route(nodeId, body.address(), body.protocol(), body.mode(), body.tls())
                    .keepingSecretsOf(table.route(nodeId).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        try {
            peerTls.check(route.tls());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        table.put(route);
        return Envelope.ok(RouteJson.of(route));
    }

    @DELETE
    @Path("{nodeId}")
    public Envelope<Map<String, String>> delete(@PathParam("nodeId") String nodeId) {
        if (!table.remove(nodeId)) {
            throw new NotFoundException("no route to node " + nodeId);
        }
        return Envelope.ok(Map.of("node_id", nodeId));
    }
}
