/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

/**
 * An incoming east-west call as the checks of decision M2 see it: method, path, raw query, headers
 * (case-insensitive, A-28) and the body bytes exactly as received.
 */
record EastWestRequest(String method, String path, String rawQuery, UnaryOperator<String> header, String body) {

    static EastWestRequest of(String method, UriInfo uri, HttpHeaders headers, String body) {
        return new EastWestRequest(method, uri.getRequestUri().getRawPath(), uri.getRequestUri().getRawQuery(),
                name -> headers.getHeaderString(name), body == null ? "" : body);
    }

    Map<String, List<String>> query() {
        return PeerClient.decodeQuery(rawQuery);
    }

    /** @return the first value of a query parameter, or null */
    String param(String name) {
        List<String> v = query().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
