/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoundsTest {

    /** The nano time of each round, as it starts. */
    private final LinkedBlockingQueue<Long> started = new LinkedBlockingQueue<>();
    private final List<Rounds> running = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Rounds r : running) {
            r.stop(5);
        }
    }

    private Rounds rounds(BooleanSupplier work, long busyMillis, long idleMillis) {
        Rounds r = new Rounds("test-rounds", () -> {
            started.add(System.nanoTime());
            return work.getAsBoolean();
        }, busyMillis, idleMillis);
        running.add(r);
        return r;
    }

    private long next() throws InterruptedException {
        Long t = started.poll(20, TimeUnit.SECONDS);
        assertTrue(t != null, "a round came");
        return t;
    }

    @Test
    void aWriteWakesAnIdleNodeAtOnceInsteadOfAfterTheIdleWait() throws Exception {
        Rounds r = rounds(() -> false, 50, TimeUnit.MINUTES.toMillis(10));
        next();
        long woke = System.nanoTime();
        r.wake();
        long second = next();
        assertTrue(second - woke < TimeUnit.SECONDS.toNanos(10), "the next round followed the wake, not the ten-minute idle wait");
    }

    @Test
    void anIdleNodeStillLooksAgainAfterTheIdleWait() throws Exception {
        rounds(() -> false, 20, 400);
        long first = next();
        long second = next();
        assertTrue(second - first >= TimeUnit.MILLISECONDS.toNanos(400), "no round before the idle wait: " + (second - first));
    }

    @Test
    void aBusyRoundsOwnWritesDoNotMakeTheNextComeSooner() throws Exception {
        Rounds[] self = new Rounds[1];
        AtomicBoolean ready = new AtomicBoolean();
        self[0] = rounds(() -> {
            if (ready.get()) {
                self[0].wake(); // as the round's own writes to the job store do
            }
            return true;
        }, 200, 60_000);
        ready.set(true);
        long first = next();
        next();
        long third = next();
        assertTrue(third - first >= TimeUnit.MILLISECONDS.toNanos(400), "busy rounds keep their interval: " + (third - first));
    }

    @Test
    void aWakeDuringARoundThatFoundNothingIsNotLost() throws Exception {
        LinkedBlockingQueue<Boolean> inRound = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Boolean> proceed = new LinkedBlockingQueue<>();
        Rounds r = rounds(() -> {
            inRound.add(true);
            try {
                proceed.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }, 20, TimeUnit.MINUTES.toMillis(10));
        assertTrue(inRound.poll(20, TimeUnit.SECONDS));
        r.wake(); // a write another thread made while the round was reading
        proceed.add(true);
        assertTrue(inRound.poll(10, TimeUnit.SECONDS), "the round after it came at once, not after the idle wait");
        proceed.add(true);
    }

    @Test
    void aFailingRoundIsRetriedOnTheBusyInterval() throws Exception {
        rounds(() -> {
            throw new IllegalStateException("database: gone");
        }, 50, TimeUnit.MINUTES.toMillis(10));
        next();
        next();
    }

    @Test
    void stopEndsTheRounds() throws Exception {
        Rounds r = rounds(() -> true, 20, 20);
        next();
        r.stop(5);
        started.clear();
        assertEquals(null, started.poll(300, TimeUnit.MILLISECONDS), "no round after stop");
    }
}
