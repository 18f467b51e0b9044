/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.governance;

import java.io.IOException;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Signed east-west calls from this node to a partner (decision M2): the address comes from the approved contract
 * with that node, the headers ({@code x-auth-sign}, nonce, timestamp, {@code x-mprac-token-set} with the permits
 * held from it) are made here, so a layer above management never handles keys or addresses.
 */
@ProviderType
public interface PeerCalls {

    /**
     * A partner's answer.
     *
     * @param status HTTP status
     * @param code   the envelope's {@code code} (-1 when the body was not the envelope)
     * @param msg    the envelope's {@code msg}
     * @param body   the whole body as received (JSON text)
     */
    record Answer(int status, int code, String msg, String body) {
        /** @return whether the partner accepted the call (HTTP 200 and code 0, or 200 as peers of M1 send) */
        public boolean ok() {
            return status == 200 && (code == 0 || code == 200);
        }
    }

    /**
     * Calls a partner.
     *
     * @param nodeId the partner's node id
     * @param method {@code GET} or {@code POST}
     * @param path   the path, e.g. {@code /v1/interconn/schedule/job/create}
     * @param query  query parameters (signed with the call); empty for none
     * @param body   the JSON body of a POST, null for a GET
     * @return the answer, whatever its status
     * @throws IOException              when the partner cannot be reached or does not answer in time
     * @throws IllegalArgumentException when this node has no approved contract with {@code nodeId}
     */
    Answer call(String nodeId, String method, String path, Map<String, String> query, String body) throws IOException;
}
