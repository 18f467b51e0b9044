/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ordered conversation with the peer on a {@link Link}, as the reference's link context {@code root} or a
 * context spawned from it ({@code root-0}, {@code root-1}…): the n-th message this party sends carries the logical
 * key {@code <id>:P2P-<n>:<self>-><peer>}, the n-th it reads {@code <id>:P2P-<n>:<peer>-><self>}, n from 1.
 *
 * <p>Each direction is used by one thread at a time (the counters keep the order of the calls); contexts spawned
 * from one another are independent, so two threads use two contexts.
 */
public final class LinkContext {

    /** The id of the reference's first context. */
    public static final String ROOT = "root";

    private final Link link;
    private final String id;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger spawned = new AtomicInteger();

    /**
     * @param link the link the context's messages travel on
     * @param id   the context id, e.g. {@code root}; both parties must use the same ids for the same conversation
     */
    public LinkContext(Link link, String id) {
        this.link = link;
        this.id = id;
    }

    /** @return the context {@code root} of a link */
    public static LinkContext root(Link link) {
        return new LinkContext(link, ROOT);
    }

    /** @return the context id, e.g. {@code root-0} */
    public String id() {
        return id;
    }

    /** @return a new context {@code <id>-<k>}, k from 0, as the reference's {@code Spawn} names it */
    public LinkContext spawn() {
        return new LinkContext(link, id + "-" + spawned.getAndIncrement());
    }

    /** @return the logical key of the n-th message from {@code src} to {@code dst} in this context */
    public String key(int n, int src, int dst) {
        return id + ":P2P-" + n + ":" + src + "->" + dst;
    }

    /** Sends the next message of this context to the peer. */
    public void send(byte[] value) throws IOException, InterruptedException {
        link.send(key(sent.incrementAndGet(), link.selfRank(), link.peerRank()), value);
    }

    /** Receives the next message of this context from the peer. */
    public byte[] receive(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        return link.receive(key(received.incrementAndGet(), link.peerRank(), link.selfRank()), timeout);
    }
}
