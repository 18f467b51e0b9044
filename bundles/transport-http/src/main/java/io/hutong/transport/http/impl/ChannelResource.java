/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.auth.Unsigned;
import io.hutong.api.http.Planes;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.dialect.ChannelReply;
import io.hutong.api.transport.dialect.ChannelRequest;
import io.hutong.api.transport.dialect.EncodedReply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.container.ConnectionCallback;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The PTP endpoints over HTTP on the east-west plane (spec 40 §2.2, §2.3, §3.2):
 * {@code POST /v1/interconn/chan/{push,pop,peek,release}} for containers and
 * {@code POST /v1/interconn/chan/{invoke,transport}} for peers. Every answer is HTTP 200 with the
 * transport's {@code code}/{@code message} (decision TH1); a pop waits without a request thread.
 */
@Component(service = ChannelResource.class)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@Unsigned(reason = "spec 40: the container API and the peer PTP endpoints are authenticated by the PTP token check"
        + " (TokenCheck) and carry no management headers", headers = false)
@Path("/v1/interconn/chan")
public class ChannelResource {

    @Reference
    ChannelService channel;

    @POST
    @Path("{operation: push|pop|peek|release}")
    @Consumes("*/*")
    public void container(@PathParam("operation") String operation, @Context HttpHeaders headers, @Context UriInfo uri,
                          @Context HttpServletRequest servletRequest, InputStream body, @Suspended AsyncResponse response) {
        if (channel == null) {
            response.resume(stopping());
            return;
        }
        ChannelRequest request;
        try {
            request = request(operation, headers, uri, body);
        } catch (BodyTooLarge e) {
            ChannelRequest bare = new ChannelRequest(operation, lower(headers), Map.of(), contentType(headers), new byte[0]);
            response.resume(ok(channel.dialectFor(bare).encode(bare, new ChannelReply(PtpCodes.TOO_LARGE, e.getMessage(), null))));
            return;
        }
        ChannelService.PopHandOver handOver = channel.new PopHandOver();
        watch(response, servletRequest, handOver);
        // a pop still waiting when the adapter leaves is answered on the servlet response instead (TR19)
        channel.container(request, reply -> answerDirectly(servletRequest, reply), handOver).whenComplete((reply, e) -> {
            if (e != null) {
                resume(response, ok(channel.dialectFor(request).encode(request, ChannelService.failure(e))), handOver);
            } else if (reply != null && handOver.carriesMessage() && servletRequest != null) {
                // written here, not through a resume: Jersey reports a failed write as a success
                if (answerDirectly(servletRequest, reply)) {
                    handOver.written();
                } else {
                    handOver.lost();
                }
            } else if (reply != null) {
                resume(response, ok(reply), handOver);
            }
        });
    }

    /**
     * Tells {@code handOver} what becomes of the answer (decision WIN1): written, or not, because the
     * response failed, the connection dropped, the servlet container ended the request, or the
     * JAX-RS application the request came through is gone.
     */
    private static void watch(AsyncResponse response, HttpServletRequest servletRequest, ChannelService.PopHandOver handOver) {
        response.register((CompletionCallback) failure -> {
            if (failure == null) {
                handOver.written();
            } else {
                handOver.lost();
            }
        });
        response.register((ConnectionCallback) disconnected -> handOver.lost());
        if (servletRequest != null && servletRequest.isAsyncStarted()) {
            servletRequest.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    // the JAX-RS completion callback says whether the answer was written
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    handOver.lost();
                }

                @Override
                public void onError(AsyncEvent event) {
                    handOver.lost();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // not restarted
                }
            });
        }
    }

    private static void resume(AsyncResponse response, Response answer, ChannelService.PopHandOver handOver) {
        boolean resumed;
        try {
            resumed = response.resume(answer);
        } catch (RuntimeException e) {
            resumed = false; // the application the request came through was torn down meanwhile
        }
        if (!resumed) {
            handOver.lost();
        }
    }

    /**
     * Writes an answer to a suspended request through the servlet container, which outlives the JAX-RS
     * application: the whiteboard tears that down when this resource leaves, and a resume after that
     * never reaches the caller. Unlike a resume, it tells whether the write failed (a reset connection).
     *
     * @return whether the answer was written
     */
    private static boolean answerDirectly(HttpServletRequest servletRequest, EncodedReply reply) {
        try {
            if (servletRequest == null || !servletRequest.isAsyncStarted()) {
                return false;
            }
            AsyncContext async = servletRequest.getAsyncContext();
            HttpServletResponse out = (HttpServletResponse) async.getResponse();
            if (!out.isCommitted()) {
                out.setStatus(200);
                out.setContentType(reply.contentType());
                out.setContentLength(reply.body().length);
                out.getOutputStream().write(reply.body());
                out.flushBuffer();
            } else {
                return false;
            }
            async.complete();
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // the caller is gone
        }
    }

    @POST
    @Path("{operation: invoke|transport}")
    @Consumes("*/*")
    public void peer(@PathParam("operation") String operation, @Context HttpHeaders headers, @Context UriInfo uri,
                     InputStream body, @Suspended AsyncResponse response) {
        if (channel == null) {
            response.resume(stopping());
            return;
        }
        ChannelRequest request;
        try {
            request = request(operation, headers, uri, body);
        } catch (BodyTooLarge e) {
            response.resume(ok(ChannelService.peerReply(StandardDialect.isProtobuf(contentType(headers)), PtpCodes.TOO_LARGE,
                    e.getMessage())));
            return;
        }
        // a roundtrip answers when its resource, possibly at a peer, has answered; no request thread waits for it
        channel.peer(request).whenComplete((reply, e) -> response.resume(ok(e == null ? reply
                : ChannelService.peerReply(StandardDialect.isProtobuf(request.contentType()), PtpCodes.SYSTEM_ERROR, String.valueOf(e)))));
    }

    /** A request that reached an instance whose bundle is being replaced: the caller retries (T12). */
    private static Response stopping() {
        return ok(ChannelService.peerReply(false, PtpCodes.NO_INSTANCE, "the HTTP adapter is being replaced; retry"));
    }

    private static Response ok(EncodedReply reply) {
        return Response.ok(reply.body(), reply.contentType()).build();
    }

    private ChannelRequest request(String operation, HttpHeaders headers, UriInfo uri, InputStream body) throws BodyTooLarge {
        Map<String, String> query = new HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        return new ChannelRequest(operation, lower(headers), query, contentType(headers),
                read(body, channel.maxBodyBytes(), headers.getLength()));
    }

    private static String contentType(HttpHeaders headers) {
        String ct = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return ct == null ? "" : ct;
    }

    private static Map<String, String> lower(HttpHeaders headers) {
        Map<String, String> m = new HashMap<>();
        headers.getRequestHeaders().forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        return m;
    }

    /** A body beyond what any accepted message can need. */
    private static final class BodyTooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        BodyTooLarge(String message) {
            super(message);
        }
    }

    /** Reads the body, keeping at most {@code max} bytes so an oversized upload is not buffered. */
    private static byte[] read(InputStream in, long max, int length) throws BodyTooLarge {
        if (in == null) {
            return new byte[0];
        }
        // sized from Content-Length when given, so a large body is not copied while the buffer grows
        ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 && length <= max ? length : 8192);
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total <= max) {
                    out.write(buf, 0, n);
                }
            }
            // read to the end and discard, so the caller gets the answer instead of a reset connection
            if (total > max) {
                throw new BodyTooLarge("request body of " + total + " bytes exceeds the limit of " + max + " bytes");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read the request body: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
