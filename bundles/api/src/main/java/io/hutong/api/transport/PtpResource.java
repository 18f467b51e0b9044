/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A resource that answers roundtrips ({@code mesh.chan.roundtrip}, spec 40 §4): the standard's
 * blocking mode, where a request is routed across nodes straight to the resource named by its
 * {@code x-ptp-uri} and the resource's answer travels back (spec 40 §1, decision TR17).
 *
 * <p>Registered with the service property {@link #URI} naming the path it serves, e.g.
 * {@code /my-algorithm/negotiate}. The transport core checks the caller's token before it calls
 * the resource.
 */
@ConsumerType
public interface PtpResource {

    /** Service property: the {@code x-ptp-uri} this resource answers, a path starting with {@code /}. */
    String URI = "hutong.transport.uri";

    /**
     * Answers one request. Called on a transport thread; a slow answer should not take longer than
     * the caller's roundtrip timeout.
     *
     * @param request the request: payload, session id (possibly generated) and every
     *                {@code x-ptp-*} header it came with, including the source node
     * @return the answer's payload, possibly empty
     * @throws PtpException with the code to answer; any other exception is answered as
     *                      {@code E0000000500} naming it
     */
    byte[] answer(PtpMessage request);
}
