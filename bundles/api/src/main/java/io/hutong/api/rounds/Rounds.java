/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.rounds;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread that drives a layer's rounds. A round that found work is followed by the next after
 * {@code busyMillis}; a round that found none waits up to {@code idleMillis} or until {@link #wake()}, which the
 * layer calls when a write makes work appear: the control layer's job store on every write (decision CTL9), the
 * management outbox when a call is queued (DELIVERY8). Wakes that come while a round runs ask for one more round,
 * not one each.
 */
public final class Rounds implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Rounds.class.getName());

    private final BooleanSupplier round;
    private final long busyMillis;
    private final long idleMillis;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private volatile boolean running = true;

    /**
     * Starts the thread; its first round comes after {@code busyMillis}.
     *
     * @param name  the thread's name
     * @param round one round; @return whether it found work
     */
    public Rounds(String name, BooleanSupplier round, long busyMillis, long idleMillis) {
        this.round = round;
        this.busyMillis = busyMillis;
        this.idleMillis = Math.max(busyMillis, idleMillis);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Makes the next round come at once (after the running one, if any). A round's own writes do not count: a
     * busy round is followed by the next after {@code busyMillis} whether it wrote or not.
     */
    public void wake() {
        if (Thread.currentThread() == thread) {
            return;
        }
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops the thread after the running round, waiting up to {@code seconds} for it. */
    public void stop(long seconds) throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
    }

    /** Stops the thread after the running round, waiting up to 10 s for it. */
    @Override
    public void close() throws InterruptedException {
        stop(10);
    }

    private void run() {
        boolean busy = true;
        while (running) {
            try {
                synchronized (signal) {
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(busy ? busyMillis : idleMillis);
                    // a wake during an idle wait ends it; during a busy one the round comes on its interval anyway
                    for (long left; !(woken && !busy) && (left = deadline - System.nanoTime()) > 0; ) {
                        TimeUnit.NANOSECONDS.timedWait(signal, left);
                    }
                    woken = false;
                }
            } catch (InterruptedException e) {
                return; // stop()
            }
            try {
                busy = round.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, thread.getName() + " round failed, will retry", e);
                busy = true;
            }
        }
    }
}
