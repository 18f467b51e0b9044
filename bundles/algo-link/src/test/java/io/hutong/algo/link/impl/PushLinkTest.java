/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.hutong.algo.link.LinkContext;
import io.hutong.algo.link.LinkOptions;
import io.hutong.algo.link.LinkWire;
import io.hutong.protocol.interconnection.link.PushRequest;
import io.hutong.protocol.interconnection.link.TransType;

/**
 * The link protocol as a SecretFlow peer sees it on the wire: keys with sequence ids, connect, ACKs and the window
 * of 10, FIN accounting, duplicates dropped, chunks reassembled in any order, and bounded failures when the peer
 * is gone.
 */
class PushLinkTest {

    private static final Duration SHORT = Duration.ofMillis(600);
    // generous: a loaded CI machine can take seconds; every wait on it ends as soon as its condition holds
    private static final Duration LONG = Duration.ofSeconds(120);

    private final MemoryWires wires = new MemoryWires();
    private final List<PushLink> links = new ArrayList<>();

    @AfterEach
    void close() {
        links.forEach(PushLink::close);
    }

    private PushLink link(int rank, LinkOptions options) {
        PushLink l = new PushLink(wires.side(rank), rank, 1 - rank, 2, options);
        links.add(l);
        return l;
    }

    private PushLink link(int rank) {
        return link(rank, LinkOptions.defaults());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> keys(int side) {
        synchronized (wires.pushed.get(side)) {
            return wires.pushed.get(side).stream().map(p -> p.getKey().replace(LinkWire.SEPARATOR, "|")).toList();
        }
    }

    @Test
    void keysCarrySequenceIdsPerPeerSharedByContexts() throws Exception {
        PushLink a = link(0);
        PushLink b = link(1);
        CompletableFuture<Void> bc = CompletableFuture.runAsync(() -> call(() -> b.connect(LONG)));
        a.connect(LONG);
        bc.get(120, TimeUnit.SECONDS);

        LinkContext root = LinkContext.root(a);
        LinkContext spawned = root.spawn();
        root.send(bytes("h"));
        spawned.send(bytes("d"));
        root.send(bytes("e"));

        assertEquals(List.of("connect_0|0", "root:P2P-1:0->1|1", "root-0:P2P-1:0->1|2", "root:P2P-2:0->1|3"), keys(0));
        assertTrue(wires.pushed.get(0).stream().allMatch(p -> p.getSenderRank() == 0));

        LinkContext peerRoot = LinkContext.root(b);
        LinkContext peerSpawned = peerRoot.spawn();
        assertArrayEquals(bytes("d"), peerSpawned.receive(LONG));
        assertArrayEquals(bytes("h"), peerRoot.receive(LONG));
        assertArrayEquals(bytes("e"), peerRoot.receive(LONG));
        // read messages are acknowledged with their sequence id as decimal text, in the order they were read
        assertEquals(List.of("connect_1|0", "ACK|", "ACK|", "ACK|"), keys(1));
        assertEquals(List.of("2", "1", "3"), wires.pushed.get(1).subList(1, 4).stream()
                .map(p -> p.getValue().toStringUtf8()).toList());
    }

    @Test
    void aSenderWaitsOnceTenMessagesAreUnacknowledged() throws Exception {
        PushLink a = link(0);
        PushLink b = link(1);
        for (int i = 1; i <= 10; i++) {
            a.send("k" + i, bytes("v" + i));
        }
        CompletableFuture<Void> eleventh = CompletableFuture.runAsync(() -> call(() -> a.send("k11", bytes("v11"))));
        Thread.sleep(500);
        assertFalse(eleventh.isDone(), "the 11th message waits for an acknowledgement");
        assertEquals(10, wires.pushed.get(0).size());

        assertArrayEquals(bytes("v1"), b.receive("k1", LONG));
        eleventh.get(120, TimeUnit.SECONDS);
        assertEquals(11, wires.pushed.get(0).size());
    }

    @Test
    void eachContextHasItsOwnWindowSoAConversationThePeerReadsLaterHoldsBackNoOther() throws Exception {
        PushLink a = link(0, LinkOptions.defaults().withRecvTimeout(Duration.ofSeconds(2)));
        PushLink b = link(1);
        LinkContext enc = LinkContext.root(a);
        LinkContext dual = enc.spawn();
        for (int i = 1; i <= 10; i++) {
            enc.send(bytes("enc" + i));
        }
        // the peer reads root-0 before root, as ECDH-PSI's dual stream does: with one window for the whole link
        // this send waited for an ACK of root that could only come after it, and failed (the 1 000 000-row stall)
        dual.send(bytes("dual1"));
        assertArrayEquals(bytes("dual1"), LinkContext.root(b).spawn().receive(LONG));

        IOException full = assertThrows(IOException.class, () -> enc.send(bytes("enc11")));
        assertTrue(full.getMessage().contains("acknowledged none of the last 10 messages"), full.getMessage());
    }

    @Test
    void aSenderFailsWhenThePeerAcknowledgesNothingForTheTimeout() throws Exception {
        PushLink a = link(0, LinkOptions.defaults().withRecvTimeout(Duration.ofSeconds(1)));
        link(1);
        for (int i = 1; i <= 10; i++) {
            a.send("k" + i, bytes("v"));
        }
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> a.send("k11", bytes("v")));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 900 && millis < 5000, "failed after " + millis + " ms");
        assertTrue(e.getMessage().contains("acknowledged none of the last 10 messages within 1 s"), e.getMessage());
    }

    @Test
    void finCarriesTheCountAndBothSidesCloseWhenEverythingArrived() throws Exception {
        PushLink a = link(0);
        PushLink b = link(1);
        a.send("x1", bytes("1"));
        a.send("x2", bytes("2"));
        b.send("y1", bytes("3"));
        b.receive("x1", LONG);
        b.receive("x2", LONG);
        a.receive("y1", LONG);
        CompletableFuture<Void> bf = CompletableFuture.runAsync(() -> call(() -> b.finish(LONG)));
        a.finish(LONG);
        bf.get(120, TimeUnit.SECONDS);
        PushRequest fin = wires.pushed.get(0).stream().filter(p -> p.getKey().equals(LinkWire.FIN)).findFirst()
                .orElseThrow();
        assertEquals("2", fin.getValue().toStringUtf8());
        PushRequest peerFin = wires.pushed.get(1).stream().filter(p -> p.getKey().equals(LinkWire.FIN)).findFirst()
                .orElseThrow();
        assertEquals("1", peerFin.getValue().toStringUtf8());
    }

    @Test
    void finNamesWhatIsMissing() throws Exception {
        // the peer's second message is lost on the way: its FIN says 2, only 1 arrived
        wires.filters[1] = p -> p.getKey().startsWith("y2") ? List.of() : List.of(p);
        PushLink a = link(0);
        PushLink b = link(1);
        b.send("y1", bytes("1"));
        b.send("y2", bytes("2"));
        a.receive("y1", LONG);
        CompletableFuture.runAsync(() -> call(() -> b.finish(SHORT)));
        IOException e = assertThrows(IOException.class, () -> a.finish(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("1 of the peer's 2 messages never arrived"), e.getMessage());

        // nobody answers at all
        PushLink lonely = new PushLink(new MemoryWires().side(0), 0, 1, 2, LinkOptions.defaults());
        links.add(lonely);
        e = assertThrows(IOException.class, () -> lonely.finish(Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("no FIN from the peer"), e.getMessage());
    }

    @Test
    void finWaitsForAcknowledgementsOfOurMessages() throws Exception {
        PushLink a = link(0);
        a.send("x1", bytes("1"));
        // a peer that counts its messages (none) but never acknowledges ours
        wires.deliverTo(0, PushRequest.newBuilder().setSenderRank(1).setKey(LinkWire.FIN)
                .setValue(ByteString.copyFromUtf8("0")).build());
        IOException e = assertThrows(IOException.class, () -> a.finish(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("1 of our 1 messages unacknowledged"), e.getMessage());
    }

    @Test
    void finishAcknowledgesMessagesThatWereNeverReadSoThePeerCloses() throws Exception {
        PushLink a = link(0);
        PushLink b = link(1);
        a.send("x1", bytes("1"));
        a.send("x2", bytes("2"));
        // b's algorithm never reads x1 or x2; they arrived all the same
        await().atMost(LONG).until(() -> b.receivedCount() == 2);
        CompletableFuture<Void> bf = CompletableFuture.runAsync(() -> call(() -> b.finish(LONG)));
        a.finish(LONG);
        bf.get(120, TimeUnit.SECONDS);
        assertEquals(List.of("1", "2"), wires.pushed.get(1).stream().filter(p -> p.getKey().equals(LinkWire.ACK))
                .map(p -> p.getValue().toStringUtf8()).sorted().toList());
    }

    @Test
    void aMessageArrivingWhileFinishingIsAcknowledgedAtOnce() throws Exception {
        wires.filters[0] = p -> p.getKey().startsWith("late") ? List.of() : List.of(p);   // held back
        PushLink a = link(0);
        PushLink b = link(1);
        a.send("late", bytes("1"));
        CompletableFuture<Void> bf = CompletableFuture.runAsync(() -> call(() -> b.finish(LONG)));
        await().atMost(LONG).until(() -> keys(1).contains("FIN|"));
        wires.deliverTo(1, wires.pushed.get(0).get(0));   // arrives after b started finishing
        a.finish(LONG);
        bf.get(120, TimeUnit.SECONDS);
        assertTrue(keys(1).contains("ACK|"), keys(1).toString());
    }

    @Test
    void duplicatedSequenceIdsAreDropped() throws Exception {
        wires.filters[0] = p -> List.of(p, p);   // the carrier delivers everything twice
        PushLink a = link(0);
        PushLink b = link(1);
        a.send("x1", bytes("first"));
        assertArrayEquals(bytes("first"), b.receive("x1", LONG));
        // a replay of sequence 1 under another key is still a duplicate
        wires.deliverTo(1, PushRequest.newBuilder().setSenderRank(0).setKey("x9" + LinkWire.SEPARATOR + "1")
                .setValue(ByteString.copyFromUtf8("replay")).build());
        assertThrows(TimeoutException.class, () -> b.receive("x9", SHORT));
        assertThrows(TimeoutException.class, () -> b.receive("x1", SHORT));
        assertEquals(1, b.receivedCount());
        // one ACK per message read, not per copy received
        assertEquals(1, wires.pushed.get(1).stream().filter(p -> p.getKey().equals(LinkWire.ACK)).count());
    }

    @Test
    void largeValuesTravelChunkedAndAreReassembledInAnyOrder() throws Exception {
        List<PushRequest> held = Collections.synchronizedList(new ArrayList<>());
        wires.filters[0] = p -> {
            if (p.getTransType() != TransType.CHUNKED) {
                return List.of(p);
            }
            held.add(p);
            return List.of();
        };
        PushLink a = link(0, LinkOptions.defaults().withRecvTimeout(LONG).withChunkBytes(1000));
        PushLink b = link(1);
        byte[] value = new byte[4500];
        new Random(7).nextBytes(value);
        a.send("big", value);
        assertEquals(5, held.size(), "4500 bytes in chunks of 1000");
        for (PushRequest p : held) {
            assertEquals(4500, p.getChunkInfo().getMessageLength());
            assertTrue(p.getValue().size() <= 1000);
            assertEquals("big" + LinkWire.SEPARATOR + "1", p.getKey());
        }
        List<PushRequest> shuffled = new ArrayList<>(held);
        Collections.shuffle(shuffled, new Random(3));
        shuffled.add(1, shuffled.get(0));   // and one piece twice
        shuffled.forEach(p -> wires.deliverTo(1, p));
        assertArrayEquals(value, b.receive("big", LONG));

        a.send("small", new byte[1000]);   // exactly the limit: one MONO push
        assertEquals(TransType.MONO, wires.pushed.get(0).get(wires.pushed.get(0).size() - 1).getTransType());
    }

    @Test
    void aSilentPeerOrABrokenWireFailsAReceiveInBoundedTime() throws Exception {
        PushLink a = link(0);
        long start = System.nanoTime();
        TimeoutException t = assertThrows(TimeoutException.class, () -> a.receive("root:P2P-1:1->0", SHORT));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000);
        assertTrue(t.getMessage().contains("sent nothing under root:P2P-1:1->0"), t.getMessage());

        TimeoutException c = assertThrows(TimeoutException.class, () -> a.connect(SHORT));
        assertTrue(c.getMessage().contains("did not connect"), c.getMessage());

        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return a.receive("root:P2P-1:1->0", LONG);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200);
        wires.breakWith(new IOException("the transport session s1 ended: E0000000608 released"));
        start = System.nanoTime();
        Exception e = assertThrows(Exception.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000);
        assertTrue(e.getCause().getMessage().contains("E0000000608"), e.getCause().getMessage());
    }

    interface Body {
        void run() throws Exception;
    }

    private static void call(Body body) {
        try {
            body.run();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
