/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbox's delivery rounds on one thread of their own: one every {@code pollMillis} (retries fall due
 * as time passes) and one at once when a call is queued ({@link #wake()}), so a confirm leaves the moment
 * the operator decides instead of at the next poll. Wakes that arrive while a round waits or runs ask for
 * one more round, not one each.
 */
final class OutboxRounds implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRounds.class.getName());

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hutong-management-outbox");
        t.setDaemon(true);
        return t;
    });
    private final Runnable round;
    private final AtomicBoolean woken = new AtomicBoolean();

    /**
     * @param round      one delivery round; what it throws is logged and the next round runs as planned
     * @param pollMillis the time between the rounds nothing woke
     */
    OutboxRounds(Runnable round, long pollMillis) {
        this.round = round;
        thread.scheduleWithFixedDelay(this::runRound, Math.min(200, pollMillis), pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Asks for a round now; nothing once closed. */
    void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    woken.set(false); // a call queued from here on wakes another round
                    runRound();
                });
            } catch (RejectedExecutionException closed) {
                woken.set(false);
            }
        }
    }

    private void runRound() {
        try {
            round.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "outbox delivery failed", e);
        }
    }

    /** Stops the rounds, waiting up to 10 s for one that runs. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
