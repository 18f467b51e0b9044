/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.http.Envelope;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The bodies the edge answers with, written without JAX-RS because the edge runs before any resource:
 * the management envelope {@code {"code":N,"msg":…,"data":null}} and, on PTP paths, the transport's
 * {@code {"code":"E0000000413","message":…}} with HTTP 200 (decision TR1).
 */
final class EdgeAnswers {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EdgeAnswers() {
    }

    /** @return the management envelope for {@code status} as UTF-8 JSON */
    static byte[] envelope(int status, String msg) {
        try {
            return MAPPER.writeValueAsBytes(Envelope.error(status, msg));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fixed message per status for errors raised by Jetty or a servlet: fixed, so nothing the caller
     * sent (a URI, a header) is reflected, and nothing internal (an exception's text) leaks.
     */
    static String phrase(int status) {
        return switch (status) {
            case 400 -> "bad request: malformed request line, URI, headers or body";
            case 401 -> "authentication required";
            case 403 -> "forbidden";
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed on this endpoint";
            case 406 -> "no acceptable representation";
            case 408 -> "request timed out";
            case 411 -> "Content-Length required";
            case 413 -> "request body too large";
            case 414 -> "URI too long";
            case 415 -> "unsupported Content-Type";
            case 429 -> "too many requests";
            case 431 -> "request header fields too large";
            case 500 -> "internal error";
            case 501 -> "not implemented";
            case 503 -> "service unavailable";
            default -> status >= 500 ? "internal error" : "request refused";
        };
    }

    /** @return the transport's answer for the PTP code {@code E0000000<status>} */
    static byte[] ptp(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", String.format("E%010d", status));
        m.put("message", message);
        try {
            return MAPPER.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Answers with {@code body}, unless the response is already committed (then there is nothing left to say).
     *
     * @param headers name, value, name, value… added to the answer
     */
    static void send(HttpServletResponse response, int status, byte[] body, String... headers) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.setHeader(headers[i], headers[i + 1]);
        }
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
