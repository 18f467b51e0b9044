/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The edge of one HTTP plane: runs before any servlet of the listener is chosen, so before parsing
 * and authentication. Refuses a body larger than the plane's limit from its Content-Length, and
 * bounds the stream of every other body while it is read; limits the unsigned endpoints per source
 * address. Answers 413/429 in the envelope ({@code E0000000413} on PTP paths).
 */
final class PlaneGuard implements Preprocessor {

    private final long maxBody;
    private final long ptpMaxBody;
    private final List<String> ptpPrefixes;
    private final Map<String, Long> overrides;
    private final Set<String> ratePaths;
    private final SourceRateLimits rateLimits;

    /**
     * @param maxBody     the plane's body limit in bytes
     * @param ptpMaxBody  the limit on PTP paths
     * @param ptpPrefixes PTP path prefixes (empty on a plane without transport)
     * @param overrides   path prefix → larger limit
     * @param ratePaths   paths limited per source address
     * @param rateLimits  the per-source limiters, or null for no rate limit on this plane
     */
    PlaneGuard(long maxBody, long ptpMaxBody, List<String> ptpPrefixes, Map<String, Long> overrides,
               Set<String> ratePaths, SourceRateLimits rateLimits) {
        this.maxBody = maxBody;
        this.ptpMaxBody = ptpMaxBody;
        this.ptpPrefixes = List.copyOf(ptpPrefixes);
        this.overrides = Map.copyOf(overrides);
        this.ratePaths = Set.copyOf(ratePaths);
        this.rateLimits = rateLimits;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String path = normalize(request.getRequestURI());
        if (rateLimits != null && ratePaths.contains(path)) {
            // one budget per source and path: a partner querying often can still apply for a contract
            Duration wait = rateLimits.acquire(request.getRemoteAddr() + ' ' + path);
            if (wait != null) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                EdgeAnswers.send(response, 429, EdgeAnswers.envelope(429,
                        "too many requests to " + path + " from this address; retry after " + seconds + " s"), "Retry-After", Long.toString(seconds));
                return;
            }
        }
        boolean ptp = ptpPrefixes.stream().anyMatch(path::startsWith);
        long limit = ptp ? ptpMaxBody : limitFor(path);
        String msg = "request body exceeds the limit of " + limit + " bytes";
        int status = ptp ? 200 : 413;
        byte[] answer = ptp ? EdgeAnswers.ptp(413, msg) : EdgeAnswers.envelope(413, msg);
        if (request.getContentLengthLong() > limit) {
            // refused before a byte is read; closing spares reading the rest only to keep the connection
            EdgeAnswers.send(response, status, answer, "Connection", "close");
            return;
        }
        try {
            BoundedBody bounded = new BoundedBody(request, limit, status, answer);
            chain.doFilter(bounded, response);
            if (response.getStatus() >= 400 && !request.isAsyncStarted()) {
                drainRefusedBody(bounded, response);
            }
        } catch (IOException | ServletException | RuntimeException e) {
            BoundedBody.BodyTooLarge tooLarge = BoundedBody.BodyTooLarge.in(e);
            if (tooLarge == null) {
                throw e;
            }
            EdgeAnswers.send(response, tooLarge.status(), tooLarge.answer(), "Connection", "close");
        }
    }

    /**
     * Reads the rest of a refused request's body before the answer is completed, whichever servlet refused it
     * (REST resources, the web console, the error pages). A refusal is mostly decided before the body is
     * read; Jetty then consumes only what has already arrived and, when more is on its way, closes the
     * connection after an answer that did not say so, and the client's next request on that connection gets
     * no answer at all ("header parser received no bytes"). The body stream is the bounded one, so no more
     * than the plane's limit is read; when the rest cannot be read the answer, if not yet sent, says
     * {@code Connection: close}.
     */
    private static void drainRefusedBody(HttpServletRequest request, HttpServletResponse response) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // discarded: the answer is already decided
            }
        } catch (IOException | RuntimeException unreadable) {
            // over the limit, a client that stopped sending, or a servlet that took the body as a reader
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
        }
    }

    private long limitFor(String path) {
        long limit = maxBody;
        for (Map.Entry<String, Long> o : overrides.entrySet()) {
            if (path.startsWith(o.getKey())) {
                limit = Math.max(limit, o.getValue());
            }
        }
        return limit;
    }

    /**
     * The path as a resource matcher sees it: percent-decoded, without path parameters, empty and dot
     * segments or a trailing slash, so {@code //v1/./interconn/node/query/} cannot slip past the limits.
     */
    static String normalize(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String s : rawPath.split("/")) {
            int semi = s.indexOf(';');
            String seg = decode(semi >= 0 ? s.substring(0, semi) : s);
            if (seg.isEmpty() || ".".equals(seg)) {
                continue;
            }
            if ("..".equals(seg)) {
                segments.pollLast();
            } else {
                segments.addLast(seg);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String decode(String segment) {
        try {
            // a path segment: '+' is a plus, not a space as in a form
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // Jetty refuses such a URI before the guard runs; compare it as it is
            return segment;
        }
    }

    @Override
    public void init(jakarta.servlet.FilterConfig filterConfig) {
        // nothing to set up: the limits come from the component's configuration
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
