/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Planes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Refuses a request whose {@code Content-Type} header cannot be read (empty, or not {@code type/subtype}) with 415
 * in the envelope, before resource matching: Jersey parses the header while matching and answers such a request
 * 400 with no body at all, which is neither the envelope nor the status the standard's callers expect.
 */
@Component(service = jakarta.ws.rs.container.ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("hutong.content-type")
@JakartarsWhiteboardTarget("(" + Planes.PROPERTY + "=*)")
@PreMatching
public class ContentTypeCheck implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext ctx) {
        String type = ctx.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return;
        }
        boolean readable;
        try {
            readable = !type.isBlank() && MediaType.valueOf(type).getSubtype() != null;
        } catch (IllegalArgumentException e) {
            readable = false;
        }
        if (!readable) {
            // a String entity: the JSON writer of the plane is not needed before matching
            ctx.abortWith(Response.status(415).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"code\":415,\"msg\":\"unreadable Content-Type header\",\"data\":null}").build());
        }
    }
}
