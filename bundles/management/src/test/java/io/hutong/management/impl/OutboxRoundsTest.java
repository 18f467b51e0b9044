/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.hutong.api.rounds.Rounds;

/**
 * The outbox's rounds: a queued confirm leaves at once, not at the next poll (here ten minutes away), and
 * wakes that arrive while a round runs ask for one more round.
 */
class OutboxRoundsTest {

    private static final long TEN_MINUTES = 600_000;

    @Test
    void aConfirmLeavesTheMomentTheOperatorDecidesNotAtTheNextPoll() throws Exception {
        try (TestNode alice = new TestNode("alice", TestNode.h2()); TestNode bob = new TestNode("bob", TestNode.h2())) {
            AtomicInteger rounds = new AtomicInteger();
            try (Rounds outbox = ManagementPlane.outboxRounds(() -> {
                rounds.incrementAndGet();
                bob.gov.deliverDue();
            }, TEN_MINUTES)) {
                bob.gov.onEnqueue(outbox::wake);
                GovernanceStore.Contract c = alice.gov.applyContract(bob.address, "bob", null);
                // the first round runs soon after the start and finds nothing; the next poll is ten minutes away
                await().atMost(Duration.ofSeconds(30)).until(() -> rounds.get() == 1);
                bob.gov.decideContract(c.contractId(), ApprovalStatus.APPROVED, null);
                await().atMost(Duration.ofSeconds(30)).until(() -> alice.store.contract(c.contractId(), Governance.INITIATOR)
                        .orElseThrow().status() == ApprovalStatus.APPROVED);
                assertEquals(2, rounds.get(), "one round, woken by the queued confirm");
            }
        }
    }

    @Test
    void wakesDuringARoundAskForOneMoreRoundAndAFailingRoundDoesNotStopThem() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Rounds outbox = ManagementPlane.outboxRounds(() -> {
            int n = rounds.incrementAndGet();
            if (n == 1) {
                running.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the first round fails");
            }
        }, TEN_MINUTES)) {
            running.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                outbox.wake();
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> rounds.get() == 2);
            // five wakes while a round ran made one more round, not five
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 2);
            outbox.wake();
            await().atMost(Duration.ofSeconds(30)).until(() -> rounds.get() == 3);
        }
    }

    @Test
    void aWakeAfterCloseDoesNothing() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        Rounds outbox = ManagementPlane.outboxRounds(rounds::incrementAndGet, TEN_MINUTES);
        outbox.close();
        int before = rounds.get();
        outbox.wake();
        outbox.wake();
        assertEquals(before, rounds.get());
    }
}
