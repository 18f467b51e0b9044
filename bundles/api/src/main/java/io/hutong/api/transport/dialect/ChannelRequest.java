/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport.dialect;

import java.util.Map;

/**
 * A container API request as received over HTTP.
 *
 * @param operation   {@code push}, {@code pop}, {@code peek} or {@code release}
 * @param headers     request headers, names in lower case
 * @param query       query parameters (first value of each)
 * @param contentType the Content-Type header, empty when none was sent
 * @param body        the raw body, empty when none was sent
 */
public record ChannelRequest(String operation, Map<String, String> headers, Map<String, String> query,
                             String contentType, byte[] body) {

    public ChannelRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        query = query == null ? Map.of() : Map.copyOf(query);
        contentType = contentType == null ? "" : contentType;
        body = body == null ? new byte[0] : body;
    }

    /** @return the header's value, empty when absent */
    public String header(String name) {
        return headers.getOrDefault(name, "");
    }
}
