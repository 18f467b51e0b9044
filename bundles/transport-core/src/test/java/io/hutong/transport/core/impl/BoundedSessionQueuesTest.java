/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.TransportStatistics;

class BoundedSessionQueuesTest {

    private final AtomicLong clock = new AtomicLong(System.nanoTime());
    private final BoundedSessionQueues queues = new BoundedSessionQueues(
            new SessionLimits(1024, 4096, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1), 1000),
            clock::get);

    @AfterEach
    void stop() {
        queues.deactivate();
    }

    private static PtpMessage msg(String session, String topic, String text) {
        return msg(session, topic, text, null);
    }

    private static PtpMessage msg(String session, String topic, String text, String id) {
        return new PtpMessage(id, session, topic, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static String text(Optional<PtpMessage> m) {
        return m.map(x -> new String(x.payload(), StandardCharsets.UTF_8)).orElse(null);
    }

    private Optional<PtpMessage> pop(String session, String topic, Duration wait) throws Exception {
        return queues.pop(session, topic, wait).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String codeOf(Throwable e) {
        Throwable t = e instanceof ExecutionException ? e.getCause() : e;
        return assertInstanceOf(PtpException.class, t).code();
    }

    @Test
    void messagesComeOutInPushOrderPerTopic() throws Exception {
        for (int i = 0; i < 50; i++) {
            queues.push(msg("s1", "a", "a" + i));
            queues.push(msg("s1", "b", "b" + i));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("a" + i, text(pop("s1", "a", Duration.ZERO)));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("b" + i, text(pop("s1", "b", Duration.ZERO)));
        }
        assertTrue(pop("s1", "a", Duration.ZERO).isEmpty());
    }

    @Test
    void sessionsAndTopicsNeverShareAQueue() throws Exception {
        queues.push(msg("s1", "t", "one"));
        assertTrue(pop("s2", "t", Duration.ZERO).isEmpty(), "another session sees nothing");
        assertTrue(pop("s1", "", Duration.ZERO).isEmpty(), "the empty topic is a topic of its own");
        assertTrue(pop("s1", null, Duration.ZERO).isEmpty(), "null topic means the empty topic");
        assertEquals("one", text(pop("s1", "t", Duration.ZERO)));
    }

    @Test
    void popWaitsUntilTimeoutAndReturnsEmpty() throws Exception {
        long start = System.nanoTime();
        Optional<PtpMessage> r = pop("s1", "t", Duration.ofMillis(300));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(r.isEmpty());
        assertTrue(waited >= 280, "waited " + waited + " ms");
        assertTrue(waited < 3000, "waited " + waited + " ms");
    }

    @Test
    void popTimeoutIsCappedByTheConfiguredMaximum() throws Exception {
        BoundedSessionQueues capped = new BoundedSessionQueues(
                new SessionLimits(1024, 4096, Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofHours(1), 10),
                System::nanoTime);
        try {
            long start = System.nanoTime();
            assertTrue(capped.pop("s", "t", Duration.ofMinutes(10)).toCompletableFuture().get(5, TimeUnit.SECONDS).isEmpty());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000);
        } finally {
            capped.deactivate();
        }
    }

    @Test
    void theFiguresCountWhatWaitsInEverySessionAndTopic() throws Exception {
        assertEquals(new TransportStatistics.Queues(0, 0, 0, 0), queues.figures());
        assertTrue(queues.push(msg("s1", "a", "hello")));
        assertTrue(queues.push(msg("s1", "b", "hi")));
        assertTrue(queues.push(msg("s2", "a", "bye")));
        CompletableFuture<Optional<PtpMessage>> waiting = queues.pop("s3", "t", Duration.ofSeconds(5)).toCompletableFuture();
        assertEquals(new TransportStatistics.Queues(3, 3, 10, 1), queues.figures());
        assertTrue(queues.push(msg("s3", "t", "x")));
        assertEquals("x", text(waiting.get(1, TimeUnit.SECONDS)));
        assertEquals("hello", text(queues.pop("s1", "a", Duration.ofSeconds(1)).toCompletableFuture().get()));
        assertEquals(new TransportStatistics.Queues(3, 2, 5, 0), queues.figures());
    }

    @Test
    void aWaitingPopReturnsAsSoonAsAMessageArrives() throws Exception {
        CompletableFuture<Optional<PtpMessage>> waiting = queues.pop("s1", "t", Duration.ofSeconds(5)).toCompletableFuture();
        Thread.sleep(100);
        assertFalse(waiting.isDone(), "nothing to pop yet");
        long start = System.nanoTime();
        assertTrue(queues.push(msg("s1", "t", "hello")));
        assertEquals("hello", text(waiting.get(1, TimeUnit.SECONDS)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000);
        assertEquals(0, queues.size("s1", "t"), "a message handed to a waiting pop is not queued too");
        assertEquals(0L, queues.stats().get("buffered_bytes"));
    }

    @Test
    void waitingPopsAreServedOldestFirstEachWithOneMessage() throws Exception {
        List<CompletableFuture<Optional<PtpMessage>>> pops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pops.add(queues.pop("s1", "t", Duration.ofSeconds(5)).toCompletableFuture());
        }
        for (int i = 0; i < 3; i++) {
            queues.push(msg("s1", "t", "m" + i));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("m" + i, text(pops.get(i).get(1, TimeUnit.SECONDS)));
        }
    }

    @Test
    void aPopThatTimedOutDoesNotSwallowTheNextMessage() throws Exception {
        assertTrue(pop("s1", "t", Duration.ofMillis(50)).isEmpty());
        queues.push(msg("s1", "t", "kept"));
        assertEquals(1, queues.size("s1", "t"));
        assertEquals("kept", text(pop("s1", "t", Duration.ZERO)));
    }

    @Test
    void aCancelledPopDoesNotSwallowTheNextMessage() throws Exception {
        CompletableFuture<Optional<PtpMessage>> gone = queues.pop("s1", "t", Duration.ofSeconds(5)).toCompletableFuture();
        gone.cancel(false);
        queues.push(msg("s1", "t", "kept"));
        assertEquals("kept", text(pop("s1", "t", Duration.ZERO)));
    }

    @Test
    void peekShowsTheHeadWithoutRemovingIt() throws Exception {
        assertTrue(queues.peek("s1", "t").isEmpty());
        queues.push(msg("s1", "t", "first"));
        queues.push(msg("s1", "t", "second"));
        assertEquals("first", text(queues.peek("s1", "t")));
        assertEquals("first", text(queues.peek("s1", "t")));
        assertEquals(2, queues.size("s1", "t"));
        assertEquals("first", text(pop("s1", "t", Duration.ZERO)));
        assertEquals("second", text(queues.peek("s1", "t")));
    }

    @Test
    void releaseWakesEveryWaitingPopWithSessionReleased() throws Exception {
        CompletableFuture<Optional<PtpMessage>> p1 = queues.pop("s1", "a", Duration.ofSeconds(5)).toCompletableFuture();
        CompletableFuture<Optional<PtpMessage>> p2 = queues.pop("s1", "b", Duration.ofSeconds(5)).toCompletableFuture();
        CompletableFuture<Optional<PtpMessage>> other = queues.pop("s2", "a", Duration.ofMillis(500)).toCompletableFuture();
        long start = System.nanoTime();
        assertTrue(queues.release("s1"));
        ExecutionException e1 = assertThrows(ExecutionException.class, () -> p1.get(1, TimeUnit.SECONDS));
        ExecutionException e2 = assertThrows(ExecutionException.class, () -> p2.get(1, TimeUnit.SECONDS));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000, "woken at once, not at timeout");
        assertEquals(PtpCodes.RELEASED, codeOf(e1));
        assertEquals(PtpCodes.RELEASED, codeOf(e2));
        assertTrue(e1.getCause().getMessage().contains("s1"));
        assertTrue(other.get(2, TimeUnit.SECONDS).isEmpty(), "another session is not affected");
    }

    @Test
    void aReleasedSessionDropsUnreadMessagesAndRefusesLaterCalls() throws Exception {
        queues.push(msg("s1", "t", "unread"));
        queues.release("s1");
        assertEquals(0, queues.size("s1", "t"));
        assertEquals(0L, queues.stats().get("buffered_bytes"));
        assertEquals(PtpCodes.RELEASED, codeOf(assertThrows(PtpException.class, () -> queues.push(msg("s1", "t", "late")))));
        assertEquals(PtpCodes.RELEASED, codeOf(assertThrows(PtpException.class, () -> queues.peek("s1", "t"))));
        assertEquals(PtpCodes.RELEASED, codeOf(assertThrows(ExecutionException.class, () -> pop("s1", "t", Duration.ZERO))));
        assertFalse(queues.release("s1"), "a second release finds nothing to release");
    }

    @Test
    void aReleasedSessionIsForgottenAfterItsMemoryTime() throws Exception {
        queues.release("s1");
        clock.addAndGet(Duration.ofMinutes(11).toNanos());
        queues.sweep();
        assertTrue(queues.push(msg("s1", "t", "new life")), "the session id can be used again");
        assertEquals("new life", text(pop("s1", "t", Duration.ZERO)));
    }

    @Test
    void idleSessionsExpireButWaitingOnesDoNot() throws Exception {
        queues.push(msg("idle", "t", "old"));
        CompletableFuture<Optional<PtpMessage>> waiting = queues.pop("busy", "t", Duration.ofSeconds(5)).toCompletableFuture();
        clock.addAndGet(Duration.ofHours(2).toNanos());
        queues.sweep();
        assertEquals(0, queues.size("idle", "t"), "the idle session went with its message");
        queues.push(msg("busy", "t", "still here"));
        assertEquals("still here", text(waiting.get(1, TimeUnit.SECONDS)));
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedWith413() {
        PtpException e = assertThrows(PtpException.class,
                () -> queues.push(new PtpMessage(null, "s1", "t", new byte[1025], Map.of())));
        assertEquals(PtpCodes.TOO_LARGE, e.code());
        assertTrue(e.getMessage().contains("1025") && e.getMessage().contains("1024"), e.getMessage());
        assertTrue(queues.push(new PtpMessage(null, "s1", "t", new byte[1024], Map.of())), "exactly the limit passes");
    }

    @Test
    void aFullSessionRefusesWith700UntilItIsRead() throws Exception {
        for (int i = 0; i < 4; i++) {
            queues.push(new PtpMessage(null, "s1", "t" + i, new byte[1024], Map.of()));
        }
        PtpException e = assertThrows(PtpException.class, () -> queues.push(new PtpMessage(null, "s1", "x", new byte[1], Map.of())));
        assertEquals(PtpCodes.BUFFER_FULL, e.code());
        assertTrue(e.getMessage().contains("s1"), e.getMessage());
        assertTrue(queues.push(new PtpMessage(null, "s2", "x", new byte[1024], Map.of())), "the bound is per session");
        assertTrue(queues.push(new PtpMessage(null, "s1", "x", new byte[0], Map.of())), "an empty message still fits");
        pop("s1", "t0", Duration.ZERO);
        assertTrue(queues.push(new PtpMessage(null, "s1", "x", new byte[1024], Map.of())), "room again after a pop");
    }

    @Test
    void zeroByteMessagesAreMessagesToo() throws Exception {
        queues.push(new PtpMessage(null, "s1", "t", new byte[0], Map.of()));
        Optional<PtpMessage> m = pop("s1", "t", Duration.ZERO);
        assertTrue(m.isPresent());
        assertArrayEquals(new byte[0], m.get().payload());
    }

    @Test
    void aRepeatedMessageIdIsQueuedOnce() throws Exception {
        assertTrue(queues.push(msg("s1", "t", "x", "id-1")));
        assertFalse(queues.push(msg("s1", "t", "x", "id-1")), "retry dropped");
        assertEquals(1, queues.size("s1", "t"));
        assertEquals("x", text(pop("s1", "t", Duration.ZERO)));
        assertFalse(queues.push(msg("s1", "t", "x", "id-1")), "still dropped after it was read");
        assertTrue(queues.push(msg("s1", "other", "x", "id-1")), "ids are per queue");
        assertTrue(queues.push(msg("s1", "t", "no id")));
        assertTrue(queues.push(msg("s1", "t", "no id")), "messages without id are never duplicates");
    }

    @Test
    void aDuplicateIsDroppedEvenWhenItsOriginalWentStraightToAWaitingPop() throws Exception {
        CompletableFuture<Optional<PtpMessage>> waiting = queues.pop("s1", "t", Duration.ofSeconds(5)).toCompletableFuture();
        queues.push(msg("s1", "t", "x", "id-9"));
        assertEquals("x", text(waiting.get(1, TimeUnit.SECONDS)));
        assertFalse(queues.push(msg("s1", "t", "x", "id-9")));
    }

    @Test
    void concurrentProducersAndConsumersLoseAndDuplicateNothing() throws Exception {
        int producers = 4;
        int perProducer = 2000;
        BoundedSessionQueues big = new BoundedSessionQueues(
                new SessionLimits(1024, 1 << 30, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1), 100_000),
                System::nanoTime);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int pp = p;
                threads.add(new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < perProducer; i++) {
                            big.push(msg("s", "t", pp + ":" + i, pp + ":" + i));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int c = 0; c < 3; c++) {
                threads.add(new Thread(() -> {
                    try {
                        go.await();
                        while (true) {
                            Optional<PtpMessage> m = big.pop("s", "t", Duration.ofMillis(500)).toCompletableFuture().get();
                            if (m.isEmpty()) {
                                return;
                            }
                            received.add(text(m));
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertEquals(producers * perProducer, received.size());
            assertEquals(producers * perProducer, new java.util.HashSet<>(received).size(), "no duplicates");
        } finally {
            big.deactivate();
        }
    }

    @Test
    void aSingleConsumerSeesEachProducersMessagesInOrderThroughABufferFullOfBackpressure() throws Exception {
        // the 4 KiB session bound fills up: the producer retries on E0000000700, as containers do
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 5000; i++) {
                while (true) {
                    try {
                        queues.push(msg("s", "t", "" + i));
                        break;
                    } catch (PtpException e) {
                        assertEquals(PtpCodes.BUFFER_FULL, e.code());
                        refusals.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            }
        });
        BoundedSessionQueues q = queues;
        producer.start();
        int expected = 0;
        while (expected < 5000) {
            Optional<PtpMessage> m = q.pop("s", "t", Duration.ofSeconds(2)).toCompletableFuture().get();
            assertTrue(m.isPresent(), "message " + expected + " arrives");
            assertEquals(String.valueOf(expected), text(m));
            expected++;
        }
        producer.join();
        assertTrue(pop("s", "t", Duration.ZERO).isEmpty());
    }

    @Test
    void aMissingSessionIdIsABadRequest() {
        assertEquals(PtpCodes.BAD_REQUEST, assertThrows(PtpException.class, () -> queues.peek("", "t")).code());
        assertEquals(PtpCodes.BAD_REQUEST, codeOf(assertThrows(ExecutionException.class,
                () -> queues.pop(null, "t", Duration.ZERO).toCompletableFuture().get())));
    }

    @Test
    void aMessageWhoseAnswerWasLostIsPoppedAgainAheadOfLaterOnes() throws Exception {
        queues.push(msg("s1", "t", "m1", "id-1"));
        queues.push(msg("s1", "t", "m2", "id-2"));
        PtpMessage lost = pop("s1", "t", Duration.ZERO).orElseThrow();
        queues.push(msg("s1", "t", "m3", "id-3"));
        assertTrue(queues.requeue(lost));
        assertEquals(List.of("m1", "m2", "m3"), List.of(text(pop("s1", "t", Duration.ZERO)), text(pop("s1", "t", Duration.ZERO)),
                text(pop("s1", "t", Duration.ZERO))));
        assertEquals(1L, queues.stats().get("requeued_pops"));
    }

    @Test
    void aRequeuedMessageGoesStraightToAPopAlreadyWaiting() throws Exception {
        queues.push(msg("s1", "t", "m1"));
        PtpMessage lost = pop("s1", "t", Duration.ZERO).orElseThrow();
        CompletableFuture<Optional<PtpMessage>> next = queues.pop("s1", "t", Duration.ofSeconds(5)).toCompletableFuture();
        assertFalse(next.isDone());
        queues.requeue(lost);
        assertEquals("m1", text(next.get(10, TimeUnit.SECONDS)));
        assertEquals(0, queues.size("s1", "t"));
    }

    @Test
    void aRequeuedMessageIsNeitherADuplicateNorHeldToTheSessionBound() throws Exception {
        queues.push(new PtpMessage("big", "s1", "t", new byte[1024], Map.of()));
        PtpMessage lost = pop("s1", "t", Duration.ZERO).orElseThrow();
        for (int i = 0; i < 4; i++) {
            queues.push(new PtpMessage(null, "s1", "u" + i, new byte[1024], Map.of()));
        }
        assertTrue(queues.requeue(lost), "accepted once, so not refused now although the session is full");
        assertEquals(1024, pop("s1", "t", Duration.ZERO).orElseThrow().payload().length);
        assertFalse(queues.push(new PtpMessage("big", "s1", "t", new byte[1024], Map.of())), "a later repeat is still dropped");
    }

    @Test
    void aMessageRequeuedAfterItsSessionWasReleasedIsDropped() throws Exception {
        queues.push(msg("s1", "t", "m1"));
        PtpMessage lost = pop("s1", "t", Duration.ZERO).orElseThrow();
        queues.release("s1");
        assertFalse(queues.requeue(lost));
        assertEquals(0L, queues.stats().get("requeued_pops"));
    }
}
