/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.auth;

import java.util.function.UnaryOperator;

/**
 * An incoming east-west call as the checks of decision M2 see it: method, raw path, raw query, headers
 * (looked up case-insensitively, A-28) and the body bytes exactly as received.
 *
 * @param method   HTTP method, upper case
 * @param path     the raw (still percent-encoded) path
 * @param rawQuery the raw query string, or null
 * @param header   header lookup by name; null when absent
 * @param body     the body bytes, empty (never null) for a call without a body
 */
public record EastWestCall(String method, String path, String rawQuery, UnaryOperator<String> header, byte[] body) {

    /** Request property under which the filter leaves the call for the resource (body included). */
    public static final String PROPERTY = "hutong.east_west.call";

    public EastWestCall {
        body = body == null ? new byte[0] : body;
    }
}
