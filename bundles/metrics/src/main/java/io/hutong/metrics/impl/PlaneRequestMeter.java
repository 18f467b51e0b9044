/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.service.servlet.whiteboard.Preprocessor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts and times every request of one HTTP plane, as a Servlet Whiteboard preprocessor ahead of
 * everything else on the listener, so refusals of the edge limits and of authentication are counted
 * too. Labels: the plane, the endpoint ({@link MatchedEndpoint}'s resource template, or
 * {@value #UNMATCHED} when no resource method was reached), the method and the status.
 */
final class PlaneRequestMeter implements Preprocessor {

    /** The endpoint label of a request no resource method was matched for (404, refused at the edge or by authentication, the console). */
    static final String UNMATCHED = "unmatched";
    /** The method label of a method outside HTTP's usual ones, so a stranger cannot invent label values. */
    static final String OTHER = "other";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final MeterRegistry registry;
    private final String plane;

    PlaneRequestMeter(MeterRegistry registry, String plane) {
        this.registry = registry;
        this.plane = plane;
    }

    @Override
    public void init(FilterConfig config) {
    }

    @Override
    public void destroy() {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (!failed && req.isAsyncStarted()) {
                // a long poll (PTP pop) answers later, from another thread: count it when it completes
                req.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(req, res.getStatus(), start);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        event.getAsyncContext().addListener(this);
                    }
                });
            } else {
                // an exception escaping the chain becomes a 500 (the container's error page answers it)
                record(req, failed && res.getStatus() < 400 ? 500 : res.getStatus(), start);
            }
        }
    }

    private void record(HttpServletRequest req, int status, long start) {
        Object endpoint = req.getAttribute(MatchedEndpoint.ATTRIBUTE);
        String method = req.getMethod() == null ? OTHER : req.getMethod().toUpperCase(java.util.Locale.ROOT);
        Tags tags = Tags.of("plane", plane, "endpoint", endpoint instanceof String e ? e : UNMATCHED,
                "method", METHODS.contains(method) ? method : OTHER, "status", Integer.toString(status));
        Counter.builder("hutong.http.requests").description("HTTP requests answered, by plane, endpoint template, method and status")
                .tags(tags).register(registry).increment();
        Timer.builder("hutong.http.request.duration").description("Time from a request's arrival to its answer")
                .tags(tags).register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
