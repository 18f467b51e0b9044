/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.Map;

import io.hutong.api.http.Envelope;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

/** What every east-west management resource does: check the call (M2, M3), then hand it to {@link Governance}. */
public abstract class InterconnEndpoints {

    abstract ManagementPlane plane();

    Governance gov() {
        return plane().governance();
    }

    Governance.Caller signedPost(UriInfo uri, HttpHeaders h, String body) {
        return gov().check(EastWestRequest.of("POST", uri, h, body), true);
    }

    Governance.Caller signedGet(UriInfo uri, HttpHeaders h) {
        return gov().check(EastWestRequest.of("GET", uri, h, null), true);
    }

    static Envelope<Object> ok(Object data) {
        return Envelope.ok(data == null ? Map.of() : data);
    }

    static Envelope<Object> ok() {
        return Envelope.ok(Map.of());
    }
}
