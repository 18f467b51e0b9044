/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.hutong.protocol.interconnection.v2.runtime.EcdhPsiCipherBatch;

/**
 * One party's run of the two-party ECDH-PSI computation after the handshake (spec 50 §2.3, 51 §3): it streams its
 * own items' first-stage ciphertexts to the peer, turns the peer's into second-stage ones, and — when it receives
 * the result — compares the 12-byte dual values to find which of its rows the peer also has.
 *
 * <p>Hashing and scalar multiplication run in parallel over slices of batches on the given executor, pipelined with
 * sending: at most {@code window} batches are being computed or waiting to be sent per stream, so memory stays
 * bounded apart from what the comparison must keep (the peer's dual values, 13 bytes per slot, and this party's
 * own 12-byte dual values).
 */
public final class EcdhPsiSession {

    /** Outcome of a run. */
    public record Result(boolean receivedResult, BitSet intersection, long ownItems, long peerItems,
            long intersectionSize) {
    }

    /**
     * Told of the run's work as it is done: items this party encrypted, the peer's items whose dual values it
     * computed, and its own items' dual values received from the peer (the peer's work). Called from the compute
     * and stream threads, possibly concurrently; the counts only grow. {@code peerItems} is the peer's item count
     * once its last enc batch has arrived, -1 before (the handshake tells only one side the other's count).
     */
    @FunctionalInterface
    public interface Work {
        /** No one listens. */
        Work NONE = (encrypted, dualed, received, peerItems) -> { };

        void done(long encrypted, long dualed, long received, long peerItems);
    }

    /** Items per compute task: small enough to share the last batches between cores, large enough to be cheap. */
    private static final int SLICE = 512;

    private final EcdhCipher cipher;
    private final ExecutorService compute;
    private final PsiChannel channel;
    private final int selfRank;
    private final int resultToRank;
    private final Duration timeout;
    private final int window;
    private final AtomicLong encrypted = new AtomicLong();
    private final AtomicLong dualed = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong peerItems = new AtomicLong(-1);
    private volatile Work work = Work.NONE;

    /**
     * @param cipher       this party's cipher with the negotiated suite
     * @param compute      executor for hashing and scalar multiplication (sized to the cores to use)
     * @param channel      the streams to the peer
     * @param selfRank     this party's rank (0 or 1)
     * @param resultToRank the agreed receiver of the result, -1 for both
     * @param timeout      longest wait for the peer's next batch before the run fails
     * @param window       batches in flight per stream (computing or waiting to be sent), at least 1
     */
    public EcdhPsiSession(EcdhCipher cipher, ExecutorService compute, PsiChannel channel, int selfRank,
            int resultToRank, Duration timeout, int window) {
        this.cipher = cipher;
        this.compute = compute;
        this.channel = channel;
        this.selfRank = selfRank;
        this.resultToRank = resultToRank;
        this.timeout = timeout;
        this.window = Math.max(1, window);
    }

    /** @return whether this party learns the intersection */
    public boolean receivesResult() {
        return resultToRank == -1 || resultToRank == selfRank;
    }

    /** @return whether this party sends the peer's items' dual values back (the peer receives the result) */
    boolean sendsDuals() {
        return resultToRank == -1 || resultToRank != selfRank;
    }

    /**
     * Runs the computation.
     *
     * @param items     this party's canonical item bytes, in input order (read once, batch by batch)
     * @param itemCount how many items there are, or -1 if unknown (sizes the comparison tables)
     * @param peerCount the peer's item count from the handshake, or -1
     * @return which of this party's items (by input position) are in the intersection, when it receives the result
     * @throws EcdhPsiException naming what went wrong: a broken batch rule, a bad point, the peer's silence
     */
    public Result run(Iterator<byte[]> items, long itemCount, long peerCount) throws EcdhPsiException,
            InterruptedException {
        return run(items, itemCount, peerCount, Work.NONE);
    }

    /**
     * Runs the computation, telling {@code work} of each slice of items encrypted or dual-encrypted here and each
     * batch of dual values received, so progress can follow the computation itself rather than the reading of
     * the input (which runs ahead of it by the window).
     *
     * @see #run(Iterator, long, long)
     */
    public Result run(Iterator<byte[]> items, long itemCount, long peerCount, Work work) throws EcdhPsiException,
            InterruptedException {
        this.work = work;
        int ownHint = (int) Math.min(Integer.MAX_VALUE / 4, Math.max(16, itemCount));
        int peerHint = (int) Math.min(Integer.MAX_VALUE / 4, Math.max(16, peerCount));
        DualSet peerDuals = receivesResult() ? new DualSet(peerHint) : null;
        DualTails ownDuals = receivesResult() ? new DualTails(ownHint) : null;

        // Three activities on their own threads: our enc out; their enc in (→ duals out or into the set); our
        // duals in. The first to fail ends the run at once, interrupting the others.
        ExecutorService streams = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "ecdh-psi-stream");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Long> done = new ExecutorCompletionService<>(streams);
        Future<Long> sending = done.submit(() -> call(() -> sendOwn(items)));
        Future<Long> dualing = done.submit(() -> call(() -> processPeer(peerDuals)));
        int activities = 2;
        if (receivesResult()) {
            done.submit(() -> call(() -> receiveOwnDuals(ownDuals)));
            activities++;
        }
        long own;
        long peer;
        try {
            for (int i = 0; i < activities; i++) {
                done.take().get();
            }
            own = sending.get();
            peer = dualing.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof Failure f ? f.getCause() : e.getCause();
            if (cause instanceof EcdhPsiException p) {
                throw p;
            }
            if (cause instanceof InterruptedException i) {
                throw i;
            }
            throw new EcdhPsiException("ECDH-PSI failed: " + cause, cause);
        } finally {
            streams.shutdownNow();
        }
        if (!receivesResult()) {
            return new Result(false, new BitSet(), own, peer, -1);
        }
        if (ownDuals.size() != own) {
            throw new EcdhPsiException("the peer returned " + ownDuals.size() + " dual values for our " + own
                    + " items");
        }
        BitSet hits = new BitSet((int) own);
        for (int i = 0; i < own; i++) {
            if (peerDuals.contains(ownDuals.bytes(), i * EcdhCipher.DUAL_LENGTH)) {
                hits.set(i);
            }
        }
        return new Result(true, hits, own, peer, hits.cardinality());
    }

    /** Encrypts our items batch by batch in parallel and sends the enc batches in order; returns the item count. */
    private long sendOwn(Iterator<byte[]> items) throws Exception {
        Deque<Pending> inFlight = new ArrayDeque<>();
        int index = 0;
        long total = 0;
        int length = cipher.pointFormat().length();
        while (items.hasNext() || !inFlight.isEmpty()) {
            while (items.hasNext() && inFlight.size() < window) {
                List<byte[]> batch = new ArrayList<>(CipherBatches.BATCH_SIZE);
                while (items.hasNext() && batch.size() < CipherBatches.BATCH_SIZE) {
                    batch.add(items.next());
                }
                byte[] out = new byte[batch.size() * length];
                inFlight.add(split(batch.size(), out, (from, to) -> {
                    byte[][] enc = cipher.encryptAll(batch.subList(from, to));
                    for (int i = from; i < to; i++) {
                        System.arraycopy(enc[i - from], 0, out, i * length, length);
                    }
                    encrypted.addAndGet(to - from);
                    report();
                }));
            }
            Pending done = inFlight.poll();
            done.await();
            channel.send(CipherBatches.ENC, CipherBatches.data(CipherBatches.ENC, index++, done.out, done.count)
                    .toByteArray());
            total += done.count;
        }
        channel.send(CipherBatches.ENC, CipherBatches.last(CipherBatches.ENC, index).toByteArray());
        return total;
    }

    /** Receives the peer's enc batches, computes their duals in parallel, and sends or keeps them in order. */
    private long processPeer(DualSet keep) throws Exception {
        CipherBatches.Reader reader = new CipherBatches.Reader(CipherBatches.ENC, cipher.pointFormat().length());
        Deque<Pending> inFlight = new ArrayDeque<>();
        int index = 0;
        while (!reader.finished() || !inFlight.isEmpty()) {
            while (!reader.finished() && inFlight.size() < window) {
                List<byte[]> peerEnc = reader.accept(parse(channel.receive(CipherBatches.ENC, timeout)));
                if (reader.finished()) {
                    peerItems.set(reader.items());
                }
                if (peerEnc.isEmpty()) {
                    break;
                }
                byte[] tails = new byte[peerEnc.size() * EcdhCipher.DUAL_LENGTH];
                inFlight.add(split(peerEnc.size(), tails, (from, to) -> {
                    byte[][] duals;
                    try {
                        duals = cipher.dualAll(peerEnc.subList(from, to));
                    } catch (IllegalArgumentException e) {
                        throw new EcdhPsiException("the peer's ciphertexts " + from + " to " + (to - 1) + " of a batch"
                                + " hold one that is not a point: " + e.getMessage(), e);
                    }
                    for (int i = from; i < to; i++) {
                        byte[] dual = duals[i - from];
                        System.arraycopy(dual, dual.length - EcdhCipher.DUAL_LENGTH, tails,
                                i * EcdhCipher.DUAL_LENGTH, EcdhCipher.DUAL_LENGTH);
                    }
                    dualed.addAndGet(to - from);
                    report();
                }));
            }
            if (inFlight.isEmpty()) {
                continue;
            }
            Pending done = inFlight.poll();
            done.await();
            if (keep != null) {
                for (int i = 0; i < done.count; i++) {
                    keep.add(done.out, i * EcdhCipher.DUAL_LENGTH);
                }
            }
            if (sendsDuals()) {
                channel.send(CipherBatches.DUAL_ENC, CipherBatches.data(CipherBatches.DUAL_ENC, index++, done.out,
                        done.count).toByteArray());
            }
        }
        if (sendsDuals()) {
            channel.send(CipherBatches.DUAL_ENC, CipherBatches.last(CipherBatches.DUAL_ENC, index).toByteArray());
        }
        return reader.items();
    }

    /**
     * Submits the {@code count} items of one batch to the compute executor in slices of {@value #SLICE}, so that
     * every core has work up to the run's last batch, not only the one that took it; each slice writes its own
     * range of {@code out}.
     */
    private Pending split(int count, byte[] out, Slice slice) {
        List<Future<?>> parts = new ArrayList<>((count + SLICE - 1) / SLICE);
        for (int from = 0; from < count; from += SLICE) {
            int start = from;
            int end = Math.min(count, from + SLICE);
            parts.add(compute.submit(() -> {
                slice.compute(start, end);
                return null;
            }));
        }
        return new Pending(count, out, parts);
    }

    /** The work on items [from, to) of a batch. */
    private interface Slice {
        void compute(int from, int to) throws Exception;
    }

    /** A batch being computed: its item count, its output and the slices writing it. */
    private record Pending(int count, byte[] out, List<Future<?>> parts) {

        /** Waits for every slice (their writes to {@code out} happen-before the return); rethrows the first failure. */
        void await() throws InterruptedException, ExecutionException {
            for (Future<?> part : parts) {
                part.get();
            }
        }
    }

    /** Receives the dual values of our own items, in our input order. */
    private long receiveOwnDuals(DualTails into) throws Exception {
        CipherBatches.Reader reader = new CipherBatches.Reader(CipherBatches.DUAL_ENC, EcdhCipher.DUAL_LENGTH);
        while (!reader.finished()) {
            EcdhPsiCipherBatch batch = parse(channel.receive(CipherBatches.DUAL_ENC, timeout));
            long before = reader.items();
            reader.accept(batch);
            into.append(batch.getCiphertext().toByteArray());
            received.addAndGet(reader.items() - before);
            report();
        }
        return reader.items();
    }

    private void report() {
        work.done(encrypted.get(), dualed.get(), received.get(), peerItems.get());
    }

    private static EcdhPsiCipherBatch parse(byte[] message) throws EcdhPsiException {
        try {
            return EcdhPsiCipherBatch.parseFrom(message);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new EcdhPsiException("the peer sent a message that is not an EcdhPsiCipherBatch", e);
        }
    }

    private <T> T call(Callable<T> body) {
        try {
            return body.call();
        } catch (TimeoutException e) {
            throw new Failure(new EcdhPsiException("the peer sent nothing for " + timeout.toSeconds()
                    + " s; it stopped or the link is down", e));
        } catch (IllegalArgumentException e) {
            throw new Failure(new EcdhPsiException("the peer broke the batch rules: " + e.getMessage(), e));
        } catch (ExecutionException e) {
            throw new Failure(e.getCause() instanceof EcdhPsiException p ? p : e.getCause());
        } catch (Exception e) {
            throw new Failure(e);
        }
    }

    /** Carries a checked failure out of a stream's thread. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(Throwable cause) {
            super(cause);
        }
    }

    /** This party's own dual values in input order, 12 bytes each, in one growing array. */
    private static final class DualTails {
        private byte[] bytes;
        private int length;

        DualTails(int expected) {
            bytes = new byte[expected * EcdhCipher.DUAL_LENGTH];
        }

        void append(byte[] more) {
            if (length + more.length > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more.length));
            }
            System.arraycopy(more, 0, bytes, length, more.length);
            length += more.length;
        }

        byte[] bytes() {
            return bytes;
        }

        long size() {
            return length / EcdhCipher.DUAL_LENGTH;
        }
    }
}
