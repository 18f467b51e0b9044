/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check of the {@code x-ptp-token} passed through with a message (spec 40 §1: "token passthrough
 * for resource-side authN/authZ"). The transport core consults every registered check before it
 * queues or forwards a message; the management layer can register one fed by its permits.
 */
@ConsumerType
public interface TokenCheck {

    /**
     * @param sessionId the {@code x-ptp-session-id}
     * @param token     the {@code x-ptp-token}, empty when none was sent
     * @param headers   every {@code x-ptp-*} header of the request, lower-case names
     * @throws PtpException with {@link PtpCodes#FORBIDDEN} and a message naming the reason when the
     *                      token does not grant access
     */
    void check(String sessionId, String token, Map<String, String> headers);
}
