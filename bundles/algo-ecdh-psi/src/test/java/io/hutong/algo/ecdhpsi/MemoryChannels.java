/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Two connected in-memory {@link PsiChannel}s for tests: one bounded queue per direction and stream, so a sender
 * blocks like the reference link does when 10 messages are unacknowledged.
 */
final class MemoryChannels {

    private final Map<String, BlockingQueue<byte[]>> queues = new ConcurrentHashMap<>();
    private final int capacity;

    MemoryChannels(int capacity) {
        this.capacity = capacity;
    }

    /** @return the channel of party {@code rank} (0 or 1) */
    PsiChannel party(int rank) {
        int peer = 1 - rank;
        return new PsiChannel() {
            @Override
            public void send(String stream, byte[] message) throws InterruptedException {
                queue(rank + ">" + peer + ":" + stream).put(message.clone());
            }

            @Override
            public byte[] receive(String stream, Duration timeout) throws InterruptedException, TimeoutException {
                byte[] m = queue(peer + ">" + rank + ":" + stream).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (m == null) {
                    throw new TimeoutException("nothing on " + stream);
                }
                return m;
            }
        };
    }

    /** Puts a raw message into the stream from {@code rank} to its peer, as a misbehaving peer would. */
    void inject(int rank, String stream, byte[] message) throws InterruptedException {
        queue(rank + ">" + (1 - rank) + ":" + stream).put(message);
    }

    private BlockingQueue<byte[]> queue(String key) {
        return queues.computeIfAbsent(key, k -> new ArrayBlockingQueue<>(capacity));
    }
}
