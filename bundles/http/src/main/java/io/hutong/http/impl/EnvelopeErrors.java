/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Turns every failure on the node's planes into the standard envelope (decision M1) with the matching
 * HTTP status, so a caller never sees a stack trace or an HTML error page.
 */
@Component(service = ExceptionMapper.class)
@JakartarsExtension
@JakartarsName("hutong.errors")
@JakartarsWhiteboardTarget("(" + Planes.PROPERTY + "=*)")
public class EnvelopeErrors implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(EnvelopeErrors.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        int status;
        String msg;
        BoundedBody.BodyTooLarge tooLarge = BoundedBody.BodyTooLarge.in(e);
        if (tooLarge != null) {
            // the edge cut the body off while a resource read it: its answer, not a read error
            return Response.status(tooLarge.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(tooLarge.answer())
                    .header("Connection", "close").build();
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() >= 500 && w.getCause() != null) {
            // a server-side failure wrapped with its cause: the cause's text stays in the log (AUTH5)
            status = w.getResponse().getStatus();
            msg = internal(e);
        } else if (e instanceof WebApplicationException w) {
            status = w.getResponse().getStatus();
            msg = w.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : w.getMessage();
            if (status == 404 && (msg.startsWith("HTTP 404"))) {
                msg = "no such endpoint";
            } else if (status == 405 && msg.startsWith("HTTP 405")) {
                msg = "method not allowed on this endpoint";
            } else if (status == 415 && msg.startsWith("HTTP 415")) {
                msg = "unsupported Content-Type";
            }
        } else if (e instanceof JsonProcessingException j) {
            status = 400;
            msg = "invalid JSON body: " + j.getOriginalMessage();
        } else {
            // The exception's text may be a database message with the SQL statement (AUTH5): it goes to the log
            // only, under a reference the caller can quote to the operator.
            status = 500;
            msg = internal(e);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Envelope.error(status, msg)).build();
    }

    /** Logs {@code e} under a fresh reference; @return the answer's message naming only that reference */
    private static String internal(Throwable e) {
        String ref = java.util.UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.WARNING, "request failed, ref " + ref, e);
        return "internal error (ref " + ref + ")";
    }
}
