/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread that drives the control layer's rounds. A round that found work (a job to schedule, a run to
 * follow) is followed by the next after {@code busyMillis}; a round that found none waits up to {@code idleMillis}
 * or until {@link #wake()}: the job store calls it on every write, and nothing else makes work appear. An idle node
 * then makes two database queries every few seconds instead of eight a second (decision CTL9).
 */
final class Rounds {

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
     * @param round one round; @return whether it found work
     */
    Rounds(String name, BooleanSupplier round, long busyMillis, long idleMillis) {
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
    void wake() {
        if (Thread.currentThread() == thread) {
            return;
        }
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops the thread after the running round, waiting up to {@code seconds} for it. */
    void stop(long seconds) throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
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
                LOG.log(Level.WARNING, "control round failed, will retry", e);
                busy = true;
            }
        }
    }
}
