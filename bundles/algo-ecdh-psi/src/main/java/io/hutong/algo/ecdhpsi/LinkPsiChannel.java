/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.hutong.algo.link.LinkContext;

/**
 * ECDH-PSI's two streams on a link, as the reference lays them out: {@code enc} batches in the context the
 * handshake used ({@code root}), {@code dual.enc} batches in the context spawned from it ({@code root-0}).
 */
public final class LinkPsiChannel implements PsiChannel {

    private final LinkContext enc;
    private final LinkContext dual;

    /** @param root the context the handshake ran in; its first spawned context carries the dual batches */
    public LinkPsiChannel(LinkContext root) {
        this.enc = root;
        this.dual = root.spawn();
    }

    @Override
    public void send(String stream, byte[] message) throws IOException, InterruptedException {
        context(stream).send(message);
    }

    @Override
    public byte[] receive(String stream, Duration timeout) throws IOException, InterruptedException,
            TimeoutException {
        return context(stream).receive(timeout);
    }

    private LinkContext context(String stream) {
        return switch (stream) {
            case CipherBatches.ENC -> enc;
            case CipherBatches.DUAL_ENC -> dual;
            default -> throw new IllegalArgumentException("ECDH-PSI has no stream " + stream);
        };
    }
}
