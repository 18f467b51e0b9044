/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.google.protobuf.ByteString;

import io.hutong.protocol.interconnection.link.ChunkInfo;
import io.hutong.protocol.interconnection.link.PushRequest;
import io.hutong.protocol.interconnection.link.TransType;

/**
 * The SecretFlow (yacl) link protocol on a {@link LinkWire} (decision P3, spec 52 §2): wire key = logical key +
 * {@code \x01\x02} + sequence id (per peer, from 1); {@code connect_<rank>} with sequence 0 at the start; an
 * {@code ACK} for every message read; at most {@value #WINDOW} unacknowledged messages, after which the sender
 * waits and fails when the peer acknowledges nothing for the ACK timeout; {@code FIN} with the count of messages
 * sent at the end; duplicate sequence ids dropped; values above the chunk size sent CHUNKED and reassembled in any
 * order.
 *
 * <p>One reader thread takes pushes off the wire and files them by logical key; {@link #receive} hands a message
 * to the algorithm and acknowledges it then, as the reference does.
 */
public final class PushLink implements Link {

    /** Separates the logical key from the sequence id on the wire. */
    public static final String SEPARATOR = "\u0001\u0002";
    /** Wire key of an acknowledgement; its value is the sequence id as decimal text. */
    public static final String ACK = "ACK" + SEPARATOR;
    /** Wire key of the closing count; its value is the number of messages sent, as decimal text. */
    public static final String FIN = "FIN" + SEPARATOR;
    /** Unacknowledged messages after which a sender waits (the reference's window). */
    public static final int WINDOW = 10;
    /** How long a sender waits for an acknowledgement before the link fails (the reference's 30 s). */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** Values above this size travel CHUNKED, in pieces of this size (1 MiB, the reference's limit). */
    public static final int CHUNK_BYTES = 1 << 20;
    /** Largest reassembled message accepted: a bound on what a peer's {@code message_length} may allocate. */
    static final long MAX_MESSAGE_BYTES = 256L << 20;

    private static final Logger LOG = Logger.getLogger(PushLink.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * @param window     unacknowledged messages before a sender waits
     * @param ackTimeout how long a sender waits for an acknowledgement once the window is full
     * @param chunkBytes values larger than this are chunked
     */
    public record Options(int window, Duration ackTimeout, int chunkBytes) {

        /** @return the reference's settings: window 10, 30 s, 1 MiB */
        public static Options reference() {
            return new Options(WINDOW, ACK_TIMEOUT, CHUNK_BYTES);
        }
    }

    private record Received(long seq, byte[] value) {
    }

    /** A chunked message being put together, pieces arriving in any order. */
    private static final class Chunks {
        final byte[] data;
        final Set<Long> offsets = new HashSet<>();
        long filled;

        Chunks(int length) {
            data = new byte[length];
        }

        /** @return whether the piece was new and fits */
        boolean add(long offset, ByteString piece) {
            if (offset < 0 || offset + piece.size() > data.length || !offsets.add(offset)) {
                return false;
            }
            piece.copyTo(data, (int) offset);
            filled += piece.size();
            return true;
        }

        boolean complete() {
            return filled >= data.length;
        }
    }

    private final LinkWire wire;
    private final int selfRank;
    private final int peerRank;
    private final Options options;
    private final Object lock = new Object();

    // guarded by lock
    private long nextSeq = 1;
    private final Set<Long> unacked = new TreeSet<>();
    private final Map<String, Received> inbox = new HashMap<>();
    private final Set<Long> seen = new HashSet<>();
    private final Map<String, Chunks> partial = new HashMap<>();
    private boolean peerConnected;
    private long peerFin = -1;
    private IOException failure;
    private boolean closed;

    private final Thread reader;

    /** Creates the link and starts reading the wire. */
    public PushLink(LinkWire wire, int selfRank, int peerRank, Options options) {
        this.wire = wire;
        this.selfRank = selfRank;
        this.peerRank = peerRank;
        this.options = options;
        this.reader = new Thread(this::readLoop, "link-" + selfRank + "<-" + peerRank);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public int selfRank() {
        return selfRank;
    }

    @Override
    public int peerRank() {
        return peerRank;
    }

    @Override
    public void connect(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        wire.push(request("connect_" + selfRank + SEPARATOR + "0", new byte[0]));
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!peerConnected) {
                checkUsable();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("the peer (rank " + peerRank + ") did not connect within "
                            + timeout.toSeconds() + " s; its task did not start or its node is unreachable");
                }
                waitNanos(left);
            }
        }
    }

    @Override
    public void send(String key, byte[] value) throws IOException, InterruptedException {
        long seq;
        synchronized (lock) {
            long deadline = System.nanoTime() + options.ackTimeout().toNanos();
            while (unacked.size() >= options.window()) {
                checkUsable();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the peer (rank " + peerRank + ") acknowledged none of the last "
                            + unacked.size() + " messages within " + options.ackTimeout().toSeconds()
                            + " s; it stopped or the link is down");
                }
                waitNanos(left);
            }
            checkUsable();
            seq = nextSeq++;
            unacked.add(seq);
        }
        String wireKey = key + SEPARATOR + seq;
        if (value.length <= options.chunkBytes()) {
            wire.push(request(wireKey, value));
            return;
        }
        for (int offset = 0; offset < value.length; offset += options.chunkBytes()) {
            int length = Math.min(options.chunkBytes(), value.length - offset);
            wire.push(PushRequest.newBuilder().setSenderRank(selfRank).setKey(wireKey)
                    .setValue(ByteString.copyFrom(value, offset, length)).setTransType(TransType.CHUNKED)
                    .setChunkInfo(ChunkInfo.newBuilder().setMessageLength(value.length).setChunkOffset(offset))
                    .build());
        }
    }

    @Override
    public byte[] receive(String key, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        Received r;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while ((r = inbox.remove(key)) == null) {
                checkUsable();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("the peer (rank " + peerRank + ") sent nothing under " + key
                            + " within " + timeout.toSeconds() + " s; it stopped or the link is down");
                }
                waitNanos(left);
            }
        }
        if (r.seq() > 0) {
            wire.push(request(ACK, Long.toString(r.seq()).getBytes(StandardCharsets.US_ASCII)));
        }
        return r.value();
    }

    @Override
    public void finish(Duration timeout) throws IOException, InterruptedException {
        long sent;
        synchronized (lock) {
            sent = nextSeq - 1;
        }
        wire.push(request(FIN, Long.toString(sent).getBytes(StandardCharsets.US_ASCII)));
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!(peerFin >= 0 && missingFromPeer() == 0 && unacked.isEmpty())) {
                checkUsable();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String what = peerFin < 0 ? "no FIN from the peer"
                            : missingFromPeer() > 0 ? missingFromPeer() + " of the peer's " + peerFin
                                    + " messages never arrived"
                                    : unacked.size() + " of our " + sent + " messages unacknowledged";
                    throw new IOException("the link to rank " + peerRank + " did not close within "
                            + timeout.toSeconds() + " s: " + what);
                }
                waitNanos(left);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        reader.interrupt();
    }

    /** @return the number of the peer's messages received so far (sequence ids seen) */
    int receivedCount() {
        synchronized (lock) {
            return seen.size();
        }
    }

    private PushRequest request(String key, byte[] value) {
        return PushRequest.newBuilder().setSenderRank(selfRank).setKey(key).setValue(ByteString.copyFrom(value))
                .build();
    }

    private long missingFromPeer() {
        long missing = 0;
        for (long s = 1; s <= peerFin; s++) {
            if (!seen.contains(s)) {
                missing++;
            }
        }
        return missing;
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("the link to rank " + peerRank + " is closed");
        }
    }

    private void waitNanos(long nanos) throws InterruptedException {
        long millis = Math.max(1, Math.min(nanos / 1_000_000, 1000));
        lock.wait(millis);
    }

    private void readLoop() {
        while (true) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
            }
            try {
                Optional<PushRequest> next = wire.pop(POLL);
                next.ifPresent(this::accept);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                synchronized (lock) {
                    if (!closed) {
                        failure = e instanceof IOException io ? io
                                : new IOException("the link to rank " + peerRank + " failed: " + e.getMessage(), e);
                    }
                    lock.notifyAll();
                }
                return;
            }
        }
    }

    /** Files one push from the wire. */
    void accept(PushRequest push) {
        String key = push.getKey();
        synchronized (lock) {
            try {
                if (key.equals(ACK)) {
                    unacked.remove(Long.parseLong(push.getValue().toStringUtf8().trim()));
                } else if (key.equals(FIN)) {
                    peerFin = Long.parseLong(push.getValue().toStringUtf8().trim());
                } else {
                    acceptData(push, key);
                }
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "dropped a push with an unreadable number, key {0}", printable(key));
            }
            lock.notifyAll();
        }
    }

    private void acceptData(PushRequest push, String key) {
        int sep = key.lastIndexOf(SEPARATOR);
        String logical = sep < 0 ? key : key.substring(0, sep);
        long seq = sep < 0 || sep + SEPARATOR.length() == key.length() ? 0
                : Long.parseLong(key.substring(sep + SEPARATOR.length()));
        if (logical.startsWith("connect_")) {
            if (logical.equals("connect_" + peerRank)) {
                peerConnected = true;
            }
            return;
        }
        if (seq > 0 && seen.contains(seq)) {
            LOG.log(Level.FINE, "dropped duplicate sequence {0} ({1})", new Object[] {seq, printable(logical)});
            return;
        }
        byte[] value;
        if (push.getTransType() == TransType.CHUNKED) {
            long length = push.getChunkInfo().getMessageLength();
            if (length > MAX_MESSAGE_BYTES) {
                LOG.log(Level.WARNING, "dropped a chunk of a {0}-byte message ({1}); the limit is {2}",
                        new Object[] {length, printable(logical), MAX_MESSAGE_BYTES});
                return;
            }
            Chunks chunks = partial.computeIfAbsent(key, k -> new Chunks((int) length));
            if (!chunks.add(push.getChunkInfo().getChunkOffset(), push.getValue()) || !chunks.complete()) {
                return;
            }
            partial.remove(key);
            value = chunks.data;
        } else {
            value = push.getValue().toByteArray();
        }
        if (seq > 0) {
            seen.add(seq);
        } else if (inbox.containsKey(logical)) {
            return;
        }
        inbox.put(logical, new Received(seq, value));
    }

    private static String printable(String key) {
        return key.replace(SEPARATOR, "\\x01\\x02");
    }
}
