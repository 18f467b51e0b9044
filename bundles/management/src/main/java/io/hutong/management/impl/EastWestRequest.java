/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.hutong.api.auth.EastWestCall;

/**
 * An incoming east-west call as the checks of decision M2 see it: method, path, raw query, headers
 * (case-insensitive, A-28) and the body bytes exactly as received (the signature covers their hash).
 */
record EastWestRequest(String method, String path, String rawQuery, UnaryOperator<String> header, byte[] body) {

    EastWestRequest {
        body = body == null ? new byte[0] : body;
    }

    EastWestRequest(String method, String path, String rawQuery, UnaryOperator<String> header, String body) {
        this(method, path, rawQuery, header, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static EastWestRequest of(EastWestCall c) {
        return new EastWestRequest(c.method(), c.path(), c.rawQuery(), c.header(), c.body());
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
