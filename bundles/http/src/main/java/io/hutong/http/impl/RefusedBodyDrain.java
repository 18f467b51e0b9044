/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Planes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Reads the rest of a refused request's body before the refusal is sent, so the client's connection stays
 * usable for its next call. A 404 or 415 is decided before the body is read; Jetty then consumes only the
 * part of the body that has already arrived and closes the connection when more is on its way (on a busy
 * machine, most of a 500 KB body), after an answer that gave the client no reason to expect it: the
 * client's next request on that connection gets no answer at all. When the rest cannot be read (the edge's
 * size limit, a client that stops sending), the answer says {@code Connection: close} instead.
 */
@Component(service = ContainerResponseFilter.class)
@JakartarsExtension
@JakartarsName("hutong.refused-body-drain")
@JakartarsWhiteboardTarget("(" + Planes.PROPERTY + "=*)")
public class RefusedBodyDrain implements ContainerResponseFilter {

    /** More than any plane's body limit lets through; a body still unread past it closes the connection. */
    static final long MAX_DRAIN = 16L << 20;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !hasBody(request)) {
            return;
        }
        try {
            InputStream in = request.getEntityStream();
            long left = MAX_DRAIN;
            byte[] buffer = new byte[8192];
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
            if (left <= 0) {
                response.getHeaders().putSingle("Connection", "close");
            }
        } catch (IOException | RuntimeException e) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.strip().equals("0") || request.getHeaderString("Transfer-Encoding") != null;
    }
}
