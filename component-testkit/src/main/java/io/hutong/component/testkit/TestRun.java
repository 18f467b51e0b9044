/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.TaskStatus;

/**
 * One run of a component on every party of a {@link TestNetwork}: started by {@link TestNetwork#start}, ended by
 * {@link #await()}, each party's task as a {@link PartyRun}.
 */
public final class TestRun {

    /** How long an interrupted component may take to return before {@link #await()} gives up on its thread. */
    private static final long STOP_GRACE_MILLIS = 10_000;

    private final TestNetwork network;
    private final Map<String, PartyRun> parties = new TreeMap<>();

    TestRun(TestNetwork network, AlgorithmComponent component) {
        this.network = network;
        network.parties().forEach((role, p) -> {
            if (!p.isAbsent()) {
                parties.put(role, new PartyRun(network, p, p.componentOr(component)));
            }
        });
    }

    void start() {
        parties.forEach((role, run) -> {
            Thread t = new Thread(run::run, "hutong-task-" + network.taskId() + "-" + role);
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * @return the task of a party
     * @throws IllegalArgumentException when the party is unknown or {@link TestParty#absent() absent}
     */
    public PartyRun party(String role) {
        PartyRun r = parties.get(role);
        if (r == null) {
            throw new IllegalArgumentException(network.parties().containsKey(role)
                    ? "party " + role + " runs no component (absent)"
                    : "no party " + role + "; parties: " + network.parties().keySet());
        }
        return r;
    }

    /** @return the task of every party that runs a component, by role */
    public Map<String, PartyRun> parties() {
        return Collections.unmodifiableMap(parties);
    }

    /** @return each running party's {@link TaskStatus#state()}, in role order, e.g. {@code [SUCCESS, FAILED]} */
    public List<String> states() {
        return parties.values().stream().map(p -> p.status().state()).toList();
    }

    /** @return whether every party's task has ended and its thread returned */
    public boolean ended() {
        return parties.values().stream().allMatch(PartyRun::ended);
    }

    /**
     * Waits until every party's task has ended, at most the network's {@link TestNetwork#runTimeout run timeout};
     * a task still running then is interrupted and ends FAILED with reason
     * {@code did not end within <timeout>}.
     *
     * @return this
     */
    public TestRun await() {
        Duration timeout = network.runTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (PartyRun p : parties.values()) {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (!p.awaitThread(left)) {
                    p.stop("did not end within " + timeout + " (the test's run timeout)");
                }
            }
            for (PartyRun p : parties.values()) {
                p.awaitThread(STOP_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            parties.values().forEach(p -> p.stop("the test was interrupted"));
        }
        return this;
    }
}
