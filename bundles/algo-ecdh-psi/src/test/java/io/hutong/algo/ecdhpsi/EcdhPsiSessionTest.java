/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hutong.crypto.x25519.fast.FastX25519;
import io.hutong.protocol.interconnection.v2.runtime.EcdhPsiCipherBatch;

/**
 * Two parties run the ECDH-PSI computation against each other over in-memory streams and find exactly the rows
 * they share, in input order, for every size, overlap, receiver mode and curve; a silent or misbehaving peer fails
 * the run with a clear reason.
 */
class EcdhPsiSessionTest {

    private final ExecutorService compute = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        compute.shutdownNow();
    }

    @Test
    void findsTheIntersectionForEverySize() throws Exception {
        check(List.of(), List.of(), -1);
        check(List.of("only"), List.of("only"), -1);
        check(List.of("a"), List.of(), -1);
        check(ids(0, 10_000), ids(7_000, 17_000), -1);   // 3 000 common, batches of 4096 plus a partial one
    }

    @Test
    void findsNothingForDisjointSetsAndEverythingForIdenticalOnes() throws Exception {
        check(ids(0, 5_000), ids(5_000, 9_000), -1);
        check(ids(0, 4_096), ids(0, 4_096), -1);
    }

    @Test
    void reportsEveryDuplicateRowAndNonAsciiItems() throws Exception {
        List<String> guest = List.of("张三", "李四", "张三", "王五", "x");
        List<String> host = List.of("张三", "赵六", "x", "x");
        check(guest, host, -1);
    }

    @Test
    void onlyTheAgreedRankLearnsTheResult() throws Exception {
        Outcome toZero = check(ids(0, 3_000), ids(1_000, 5_000), 0);
        assertTrue(toZero.zero.receivedResult());
        assertFalse(toZero.one.receivedResult());
        Outcome toOne = check(ids(0, 3_000), ids(1_000, 5_000), 1);
        assertFalse(toOne.zero.receivedResult());
        assertTrue(toOne.one.receivedResult());
    }

    @Test
    void runsOnSm2Too() throws Exception {
        SecureRandom random = new SecureRandom();
        check(ids(0, 100), ids(50, 150), -1,
                EcdhCipher.create(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_COMPRESSED, null, random),
                EcdhCipher.create(EcSuite.SM2_SHA256_REHASH, PointFormat.X962_COMPRESSED, null, random));
    }

    @Test
    void aSilentPeerFailsTheRunWithinTheTimeout() {
        MemoryChannels channels = new MemoryChannels(10);
        EcdhPsiSession alone = new EcdhPsiSession(curve(), compute, channels.party(0), 0, -1, Duration.ofMillis(500),
                4);
        long start = System.nanoTime();
        EcdhPsiException e = assertThrows(EcdhPsiException.class,
                () -> alone.run(bytes(ids(0, 100)).iterator(), 100, -1));
        assertTrue(e.getMessage().contains("sent nothing"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "fails in bounded time");
    }

    @Test
    void aPeerThatBreaksTheBatchRulesFailsTheRunNamingTheRule() throws Exception {
        MemoryChannels channels = new MemoryChannels(10);
        channels.inject(1, CipherBatches.ENC, EcdhPsiCipherBatch.newBuilder().setType("enc").setBatchIndex(5)
                .setCount(0).setIsLastBatch(true).build().toByteArray());
        EcdhPsiSession session = new EcdhPsiSession(curve(), compute, channels.party(0), 0, -1, Duration.ofSeconds(5),
                4);
        EcdhPsiException e = assertThrows(EcdhPsiException.class,
                () -> session.run(bytes(ids(0, 10)).iterator(), 10, -1));
        assertTrue(e.getMessage().contains("batch index 5 where 0"), e.getMessage());

        MemoryChannels garbage = new MemoryChannels(10);
        garbage.inject(1, CipherBatches.ENC, new byte[] {(byte) 0xff, 0x01});
        EcdhPsiSession other = new EcdhPsiSession(curve(), compute, garbage.party(0), 0, -1, Duration.ofSeconds(5), 4);
        assertTrue(assertThrows(EcdhPsiException.class, () -> other.run(bytes(ids(0, 10)).iterator(), 10, -1))
                .getMessage().contains("not an EcdhPsiCipherBatch"));
    }

    private record Outcome(EcdhPsiSession.Result zero, EcdhPsiSession.Result one) {
    }

    private Outcome check(List<String> zeroItems, List<String> oneItems, int resultToRank) throws Exception {
        return check(zeroItems, oneItems, resultToRank, curve(), curve());
    }

    private Outcome check(List<String> zeroItems, List<String> oneItems, int resultToRank, EcdhCipher zeroCipher,
            EcdhCipher oneCipher) throws Exception {
        MemoryChannels channels = new MemoryChannels(10);
        EcdhPsiSession zero = new EcdhPsiSession(zeroCipher, compute, channels.party(0), 0, resultToRank,
                Duration.ofSeconds(30), 4);
        EcdhPsiSession one = new EcdhPsiSession(oneCipher, compute, channels.party(1), 1, resultToRank,
                Duration.ofSeconds(30), 4);
        CompletableFuture<EcdhPsiSession.Result> oneRun = CompletableFuture.supplyAsync(() -> {
            try {
                return one.run(bytes(oneItems).iterator(), oneItems.size(), zeroItems.size());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        EcdhPsiSession.Result zeroResult = zero.run(bytes(zeroItems).iterator(), zeroItems.size(), oneItems.size());
        EcdhPsiSession.Result oneResult = oneRun.get();

        assertEquals(zeroItems.size(), zeroResult.ownItems());
        assertEquals(oneItems.size(), zeroResult.peerItems());
        if (zeroResult.receivedResult()) {
            assertEquals(expected(zeroItems, oneItems), zeroResult.intersection());
        }
        if (oneResult.receivedResult()) {
            assertEquals(expected(oneItems, zeroItems), oneResult.intersection());
        }
        return new Outcome(zeroResult, oneResult);
    }

    /** Input positions of own rows whose value the peer has: computed in the clear. */
    private static BitSet expected(List<String> own, List<String> peer) {
        Set<String> other = new HashSet<>(peer);
        BitSet hits = new BitSet();
        for (int i = 0; i < own.size(); i++) {
            if (other.contains(own.get(i))) {
                hits.set(i);
            }
        }
        return hits;
    }

    private static EcdhCipher curve() {
        return EcdhCipher.create(EcSuite.CURVE25519_SHA256_DIRECT, PointFormat.X25519_U, new FastX25519(),
                new SecureRandom());
    }

    private static List<String> ids(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("id-" + i);
        }
        return out;
    }

    private static List<byte[]> bytes(List<String> items) {
        return items.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
