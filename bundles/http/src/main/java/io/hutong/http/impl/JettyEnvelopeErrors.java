/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's server-wide error handler on both listeners: answers the errors Jetty raises before any
 * servlet runs (a malformed request line or URI encoding 400, a URI too long 414, headers too large
 * 431) in the envelope instead of Jetty's HTML page. The message is fixed per status, so nothing from
 * the request is reflected.
 */
final class JettyEnvelopeErrors extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        // Jetty writes a body only for GET/POST/HEAD by default; a PUT or DELETE would get an empty error
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = EdgeAnswers.envelope(code, EdgeAnswers.phrase(code));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(EdgeAnswers.envelope(status, EdgeAnswers.phrase(status)));
    }
}
