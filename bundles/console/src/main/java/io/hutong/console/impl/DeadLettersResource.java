/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.console.impl;

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

import io.hutong.api.delivery.DeadLetter;
import io.hutong.api.delivery.DeadLetters;
import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The operator API of every layer's dead-letter list on the admin plane (decision DELIVERY7):
 * {@code GET /v1/admin/dead-letters[?layer=&peer=]}, {@code POST /v1/admin/dead-letters/{id}/replay},
 * {@code POST /v1/admin/dead-letters/replay?peer=&layer=} (all matching, oldest first) and
 * {@code DELETE /v1/admin/dead-letters/{id}}.
 */
@Component(service = DeadLettersResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    @Reference
    NodeStatus status;

    @GET
    public Envelope<List<Map<String, Object>>> list(@QueryParam("layer") String layer, @QueryParam("peer") String peer) {
        return Envelope.ok(matching(layer, peer).stream().map(DeadLettersResource::json).toList());
    }

    @POST
    @Path("{id}/replay")
    public Envelope<Map<String, Object>> replay(@PathParam("id") String id) {
        try {
            if (status.replay(id)) {
                return Envelope.ok(Map.of("replayed", List.of(id)));
            }
        } catch (IllegalStateException e) {
            throw new ClientErrorException("dead letter " + id + " cannot be replayed now: " + e.getMessage(), 409);
        }
        throw new NotFoundException("no dead letter " + id);
    }

    /** Replays every dead letter of a peer (and layer), oldest first, so a lane's messages keep their order. */
    @POST
    @Path("replay")
    public Envelope<Map<String, Object>> replayAll(@QueryParam("layer") String layer, @QueryParam("peer") String peer) {
        if (blank(peer)) {
            throw new ClientErrorException("name the peer whose dead letters to replay (?peer=)", 400);
        }
        List<String> replayed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (DeadLetter d : matching(layer, peer)) {
            try {
                if (replay(d)) {
                    replayed.add(d.id());
                }
            } catch (IllegalStateException e) {
                refused.add(d.id() + ": " + e.getMessage());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("replayed", replayed);
        out.put("refused", refused);
        return Envelope.ok(out);
    }

    @DELETE
    @Path("{id}")
    public Envelope<Map<String, Object>> discard(@PathParam("id") String id) {
        if (status.discard(id)) {
            return Envelope.ok(Map.of("discarded", List.of(id)));
        }
        throw new NotFoundException("no dead letter " + id);
    }

    private boolean replay(DeadLetter d) {
        for (DeadLetters list : status.deadLetterLists()) {
            if (list.layer().equals(d.layer())) {
                return list.replay(d.id());
            }
        }
        return false;
    }

    private List<DeadLetter> matching(String layer, String peer) {
        return status.deadLetters().stream()
                .filter(d -> blank(layer) || d.layer().equals(layer))
                .filter(d -> blank(peer) || d.peer().equals(peer))
                .toList();
    }

    static Map<String, Object> json(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("layer", d.layer());
        m.put("peer", d.peer());
        m.put("what", d.what());
        m.put("code", d.code());
        m.put("reason", d.reason());
        m.put("attempts", d.attempts());
        m.put("dead_at", java.time.Instant.ofEpochMilli(d.deadAt()).toString());
        m.put("details", d.details());
        return m;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
