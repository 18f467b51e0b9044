/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import jakarta.ws.rs.WebApplicationException;

/**
 * A refusal of the control layer with the HTTP status and message the envelope carries (M1): thrown by the local
 * participant and scheduler, and made from a partner's refusal, so a local and a remote party fail alike.
 */
final class ControlRefusal extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    ControlRefusal(int status, String msg) {
        super(msg, status);
    }

    static ControlRefusal badRequest(String msg) {
        return new ControlRefusal(400, msg);
    }

    static ControlRefusal forbidden(String msg) {
        return new ControlRefusal(403, msg);
    }

    static ControlRefusal notFound(String msg) {
        return new ControlRefusal(404, msg);
    }

    static ControlRefusal conflict(String msg) {
        return new ControlRefusal(409, msg);
    }

    int status() {
        return getResponse().getStatus();
    }
}
