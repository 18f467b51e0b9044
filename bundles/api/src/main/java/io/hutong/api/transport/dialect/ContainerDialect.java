/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport.dialect;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One way containers frame the PTP container API over HTTP: the standard's JSON and protobuf
 * bodies, the SecretFlow containers' raw bodies and Kuscia-numbered replies, or another vendor's.
 * Implementations hold no state; the adapter picks the first matching dialect by
 * {@code service.ranking} for each request and uses it for both directions.
 */
@ConsumerType
public interface ContainerDialect {

    /** Service property: a short name of the dialect, reported in logs and health. */
    String NAME = "hutong.transport.dialect";

    /** @return whether this dialect understands {@code request}; must be cheap and must not read more than headers and query */
    boolean matches(ChannelRequest request);

    /**
     * Reads the operation's fields from the request.
     *
     * @throws io.hutong.api.transport.PtpException E0000000616 when the body cannot be decoded,
     *         naming what is wrong
     */
    ChannelCall decode(ChannelRequest request);

    /** @return the HTTP body and Content-Type that carry {@code reply} back to the caller of {@code request} */
    EncodedReply encode(ChannelRequest request, ChannelReply reply);
}
