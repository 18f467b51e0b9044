/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The two ordered message streams ECDH-PSI exchanges with its peer: first-stage batches ({@link CipherBatches#ENC},
 * the reference's link context {@code root}) and second-stage batches ({@link CipherBatches#DUAL_ENC}, its
 * sub-link {@code root-0}). Messages of one stream arrive in the order they were sent; the streams are
 * independent. The link layer of decision P3 provides the real implementation.
 */
public interface PsiChannel {

    /**
     * Sends one message on a stream; may block while the link's window of unacknowledged messages is full.
     *
     * @throws java.io.IOException when the peer cannot be reached any more
     */
    void send(String stream, byte[] message) throws java.io.IOException, InterruptedException;

    /**
     * Receives the next message of a stream.
     *
     * @throws TimeoutException      when nothing arrives within the timeout (the peer is gone or stalled)
     * @throws java.io.IOException   when the link failed
     */
    byte[] receive(String stream, Duration timeout) throws java.io.IOException, InterruptedException, TimeoutException;
}
