/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.link;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import io.hutong.protocol.interconnection.link.PushRequest;

/**
 * What carries {@code PushRequest}s between two parties: one direction out, one in. Ordering is not assumed
 * (sequence ids and chunk offsets carry it); loss is not expected.
 */
public interface LinkWire {

    /**
     * Hands one push to the carrier.
     *
     * @throws IOException when the carrier refuses it for good, with the carrier's reason
     */
    void push(PushRequest request) throws IOException, InterruptedException;

    /**
     * Takes the next push the peer sent, waiting up to {@code timeout}.
     *
     * @return the push, or empty when none arrived in time
     * @throws IOException when the carrier is gone (e.g. the transport session was released)
     */
    Optional<PushRequest> pop(Duration timeout) throws IOException, InterruptedException;
}
