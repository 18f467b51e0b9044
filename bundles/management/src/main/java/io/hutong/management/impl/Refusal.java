/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import jakarta.ws.rs.WebApplicationException;

/** A refused request: the HTTP status and a message naming the field, header or state at fault (M1). */
final class Refusal {

    private Refusal() {
    }

    static WebApplicationException badRequest(String msg) {
        return new WebApplicationException(msg, 400);
    }

    static WebApplicationException unauthorized(String msg) {
        return new WebApplicationException(msg, 401);
    }

    static WebApplicationException forbidden(String msg) {
        return new WebApplicationException(msg, 403);
    }

    static WebApplicationException notFound(String msg) {
        return new WebApplicationException(msg, 404);
    }

    static WebApplicationException conflict(String msg) {
        return new WebApplicationException(msg, 409);
    }

    static WebApplicationException unavailable(String msg) {
        return new WebApplicationException(msg, 502);
    }
}
