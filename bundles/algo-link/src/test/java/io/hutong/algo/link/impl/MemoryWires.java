/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.hutong.algo.link.LinkWire;
import io.hutong.protocol.interconnection.link.PushRequest;

/**
 * Two connected in-memory {@link LinkWire}s for tests: everything each side pushes is recorded, and a filter per
 * direction may drop, repeat or reorder pushes the way a carrier might.
 */
final class MemoryWires {

    private final List<BlockingQueue<PushRequest>> queues = List.of(new LinkedBlockingQueue<>(),
            new LinkedBlockingQueue<>());
    final List<List<PushRequest>> pushed = List.of(Collections.synchronizedList(new ArrayList<>()),
            Collections.synchronizedList(new ArrayList<>()));
    /** Per sending side: what a push becomes on the way (empty list = dropped). */
    @SuppressWarnings("unchecked")
    final Function<PushRequest, List<PushRequest>>[] filters = new Function[] {(Function<PushRequest, List<PushRequest>>) List::of,
        (Function<PushRequest, List<PushRequest>>) List::of};
    private volatile IOException broken;

    /** @return the wire of side {@code i} (0 or 1) */
    LinkWire side(int i) {
        return new LinkWire() {
            @Override
            public void push(PushRequest request) {
                pushed.get(i).add(request);
                queues.get(1 - i).addAll(filters[i].apply(request));
            }

            @Override
            public Optional<PushRequest> pop(Duration timeout) throws IOException, InterruptedException {
                if (broken != null) {
                    throw broken;
                }
                return Optional.ofNullable(queues.get(i).poll(Math.min(timeout.toMillis(), 50), TimeUnit.MILLISECONDS));
            }
        };
    }

    /** Puts a push into side {@code i}'s incoming queue, as a peer or a carrier would. */
    void deliverTo(int i, PushRequest request) {
        queues.get(i).add(request);
    }

    /** Makes every later pop fail, as a released transport session does. */
    void breakWith(IOException e) {
        broken = e;
    }
}
