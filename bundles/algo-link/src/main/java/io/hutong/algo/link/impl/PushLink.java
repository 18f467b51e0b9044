/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.google.protobuf.ByteString;

import io.hutong.algo.link.Link;
import io.hutong.algo.link.LinkOptions;
import io.hutong.algo.link.LinkWire;
import io.hutong.protocol.interconnection.link.ChunkInfo;
import io.hutong.protocol.interconnection.link.PushRequest;
import io.hutong.protocol.interconnection.link.TransType;

/**
 * The SecretFlow (yacl) link protocol on a {@link LinkWire} (decision P3, spec 52 §2): wire key = logical key +
 * {@code \x01\x02} + sequence id (per peer, from 1); {@code connect_<rank>} with sequence 0 at the start; an
 * {@code ACK} for every message read; at most {@link LinkOptions#window()} unacknowledged messages, after which the
 * sender waits and fails when the peer acknowledges nothing for the receive timeout; {@code FIN} with the count of
 * messages sent at the end, after acknowledging every message that arrived but was not read (yacl's
 * {@code StopReceivingAndAckUnreadMsgs}); duplicate sequence ids dropped; values above the chunk size sent CHUNKED
 * and reassembled in any order, contradicting chunks failing the link.
 *
 * <p>One reader thread takes pushes off the wire and files them by logical key; {@link #receive} hands a message
 * to the algorithm and acknowledges it then, as the reference does.
 */
public final class PushLink implements Link {

    private static final Logger LOG = Logger.getLogger(PushLink.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String SEPARATOR = LinkWire.SEPARATOR;

    private record Received(long seq, byte[] value) {
    }

    private final LinkWire wire;
    private final int selfRank;
    private final int peerRank;
    private final int worldSize;
    private final LinkOptions options;
    private final Object lock = new Object();

    // guarded by lock
    private long nextSeq = 1;
    /** Sequence id → link context of every message not yet acknowledged. */
    private final Map<Long, String> unacked = new HashMap<>();
    private final Map<String, Integer> unackedPerContext = new HashMap<>();
    private final Map<String, Received> inbox = new HashMap<>();
    private final Set<Long> seen = new HashSet<>();
    private final Map<String, Chunks> partial = new HashMap<>();
    private boolean peerConnected;
    private boolean finishing;
    private long peerFin = -1;
    private IOException failure;
    private boolean closed;

    private final Thread reader;

    /** Creates the link and starts reading the wire. */
    public PushLink(LinkWire wire, int selfRank, int peerRank, int worldSize, LinkOptions options) {
        this.wire = wire;
        this.selfRank = selfRank;
        this.peerRank = peerRank;
        this.worldSize = worldSize;
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
    public int worldSize() {
        return worldSize;
    }

    @Override
    public LinkOptions options() {
        return options;
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
                            + seconds(timeout) + "; its task did not start or its node is unreachable");
                }
                waitNanos(left);
            }
        }
    }

    @Override
    public void send(String key, byte[] value) throws IOException, InterruptedException {
        long seq;
        synchronized (lock) {
            // yacl waits for its throttle window with recv_timeout_ms; a fixed 30 s would fail a slow but live peer
            Duration ackTimeout = options.recvTimeout();
            long deadline = System.nanoTime() + ackTimeout.toNanos();
            // The window counts per context (PSI15): the peer acknowledges a message only when its algorithm reads
            // it, so one window shared by two conversations lets each side fill it with messages of the conversation
            // the other reads later, while both wait to send on the one the other reads now — a deadlock.
            String context = context(key);
            while (unackedPerContext.getOrDefault(context, 0) >= options.window()) {
                checkUsable();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the peer (rank " + peerRank + ") acknowledged none of the last "
                            + unackedPerContext.get(context) + " messages within " + seconds(ackTimeout)
                            + "; it stopped or the link is down");
                }
                waitNanos(left);
            }
            checkUsable();
            seq = nextSeq++;
            unacked.put(seq, context);
            unackedPerContext.merge(context, 1, Integer::sum);
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
                            + " within " + seconds(timeout) + "; it stopped or the link is down");
                }
                waitNanos(left);
            }
        }
        if (r.seq() > 0) {
            ack(r.seq());
        }
        return r.value();
    }

    @Override
    public void finish(Duration timeout) throws IOException, InterruptedException {
        long sent;
        List<Long> unread = new ArrayList<>();
        synchronized (lock) {
            sent = nextSeq - 1;
            // as yacl's StopReceivingAndAckUnreadMsgs: nobody reads after finish, and a peer waiting for ACKs of
            // messages this party's algorithm never read would otherwise fail its own finish
            finishing = true;
            for (Received r : inbox.values()) {
                if (r.seq() > 0) {
                    unread.add(r.seq());
                }
            }
            inbox.clear();
        }
        for (long seq : unread) {
            ack(seq);
        }
        wire.push(request(LinkWire.FIN, Long.toString(sent).getBytes(StandardCharsets.US_ASCII)));
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
                            + seconds(timeout) + ": " + what);
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

    private void ack(long seq) throws IOException, InterruptedException {
        wire.push(request(LinkWire.ACK, Long.toString(seq).getBytes(StandardCharsets.US_ASCII)));
    }

    private PushRequest request(String key, byte[] value) {
        return PushRequest.newBuilder().setSenderRank(selfRank).setKey(key).setValue(ByteString.copyFrom(value))
                .build();
    }

    /**
     * @return the link context a logical key belongs to ({@code root-0} of {@code root-0:P2P-7:0->1}, see
     *         {@link io.hutong.algo.link.LinkContext#key}); keys of no context share one window
     */
    static String context(String key) {
        int marker = key.indexOf(":P2P-");
        return marker < 0 ? "" : key.substring(0, marker);
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

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void readLoop() {
        while (true) {
            synchronized (lock) {
                if (closed || failure != null) {
                    return;
                }
            }
            try {
                Optional<PushRequest> next = wire.pop(POLL);
                if (next.isPresent()) {
                    for (long seq : accept(next.get())) {
                        ack(seq);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                fail(e instanceof IOException io ? io
                        : new IOException("the link to rank " + peerRank + " failed: " + e.getMessage(), e));
                return;
            }
        }
    }

    private void fail(IOException e) {
        synchronized (lock) {
            if (!closed && failure == null) {
                failure = e;
            }
            lock.notifyAll();
        }
    }

    /**
     * Files one push from the wire.
     *
     * @return sequence ids to acknowledge at once
     */
    List<Long> accept(PushRequest push) {
        String key = push.getKey();
        List<Long> acks = new ArrayList<>(0);
        synchronized (lock) {
            try {
                if (key.equals(LinkWire.ACK)) {
                    String context = unacked.remove(Long.parseLong(push.getValue().toStringUtf8().trim()));
                    if (context != null) {
                        unackedPerContext.computeIfPresent(context, (c, n) -> n == 1 ? null : n - 1);
                    }
                } else if (key.equals(LinkWire.FIN)) {
                    peerFin = Long.parseLong(push.getValue().toStringUtf8().trim());
                } else {
                    acceptData(push, key, acks);
                }
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "dropped a push with an unreadable number, key {0}", printable(key));
            } catch (Chunks.Violation e) {
                partial.remove(key);
                failure = new IOException("the peer (rank " + peerRank + ") broke the link protocol: its message "
                        + printable(key) + " " + e.getMessage());
            }
            lock.notifyAll();
        }
        return acks;
    }

    private void acceptData(PushRequest push, String key, List<Long> acks) throws Chunks.Violation {
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
            ChunkInfo info = push.getChunkInfo();
            Chunks chunks = partial.get(key);
            if (chunks == null) {
                chunks = new Chunks(info.getMessageLength(), options.maxMessageBytes());
                partial.put(key, chunks);
            }
            chunks.add(info.getMessageLength(), info.getChunkOffset(), push.getValue());
            if (!chunks.complete()) {
                return;
            }
            partial.remove(key);
            value = chunks.assemble();
        } else {
            value = push.getValue().toByteArray();
        }
        if (seq > 0) {
            seen.add(seq);
            if (finishing) {
                acks.add(seq);
                return;
            }
        } else if (inbox.containsKey(logical)) {
            return;
        }
        inbox.put(logical, new Received(seq, value));
    }

    private static String printable(String key) {
        return key.replace(SEPARATOR, "\\x01\\x02");
    }
}
