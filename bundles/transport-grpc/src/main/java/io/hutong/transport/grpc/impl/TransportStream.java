/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.hutong.api.transport.PeerStream;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;

/**
 * One long-lived {@code PrivateTransferProtocol/transport} stream to a peer (decision WIN4): each
 * message is one {@code Inbound} carrying its {@code x-ptp-*} headers as metadata, answered by one
 * {@code Outbound} in the same order. Messages are written only while gRPC says the stream is ready
 * (its HTTP/2 flow control); until then they wait here, which holds no more than the transport core
 * has in flight to the peer. It is offered to the core only once the peer's first headers say it
 * keeps lanes in order ({@link #ORDERED}); a broken stream fails everything unanswered and is not
 * reopened (the link opens a new one).
 */
final class TransportStream implements PeerStream {

    /** Response header of a listener whose {@code transport} stream refuses a lane's followers after a refusal (WIN5). */
    static final Metadata.Key<String> ORDERED = Metadata.Key.of("hutong-ordered-lanes", Metadata.ASCII_STRING_MARSHALLER);
    /** {@code Inbound} metadata of the first message of a lane after a failure: the receiver takes the lane again. */
    static final String RESTART = "hutong-lane-restart";

    private final ClientCall<Inbound, Outbound> call;
    private final Function<Status, PtpException> broken;
    private final Consumer<TransportStream> closed;
    /** Messages waiting for the stream to be ready; built into an {@code Inbound} only when written, so they hold no copy. */
    private final ArrayDeque<Unsent> unsent = new ArrayDeque<>();
    private final ArrayDeque<Answer> unanswered = new ArrayDeque<>();
    private final InboundFactory inbound;
    private volatile boolean ordered;
    private volatile boolean answered;
    private boolean ended;
    private Status endedWith;

    /** Builds the {@code Inbound} of a message for a route. */
    interface InboundFactory {
        Inbound.Builder build(Route route, PtpMessage message);
    }

    private record Answer(CompletableFuture<Void> done, Route route) {
    }

    private record Unsent(Route route, PtpMessage message, boolean restartsLane) {
    }

    TransportStream(Channel channel, InboundFactory inbound, Function<Status, PtpException> broken, Consumer<TransportStream> closed) {
        this.inbound = inbound;
        this.broken = broken;
        this.closed = closed;
        // started in the root context: a push from a container reaching here on its call's thread must not
        // cancel the stream when that call ends
        Context previous = Context.ROOT.attach();
        try {
            this.call = channel.newCall(PtpMethods.TRANSPORT, CallOptions.DEFAULT);
            call.start(new Listener(), new Metadata());
            call.request(64);
        } finally {
            Context.ROOT.detach(previous);
        }
    }

    /** @return whether the peer said it keeps lanes in order and the stream still runs */
    boolean usable() {
        synchronized (this) {
            return ordered && !ended;
        }
    }

    /** @return whether the peer answered that it serves no such stream, or one that does not keep lanes in order */
    boolean unordered() {
        Status status = endedWith();
        return answered && !ordered || status != null && status.getCode() == Status.Code.UNIMPLEMENTED;
    }

    /** @return whether the stream has ended */
    synchronized boolean ended() {
        return ended;
    }

    /** @return how the stream ended, or null while it runs */
    synchronized Status endedWith() {
        return endedWith;
    }

    @Override
    public CompletionStage<Void> deliver(Route route, PtpMessage message, boolean restartsLane) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (ended) {
                return CompletableFuture.failedFuture(broken.apply(endedWith));
            }
            unanswered.add(new Answer(done, route));
            unsent.add(new Unsent(route, message, restartsLane));
            write();
        }
        return done;
    }

    /** Under the lock: writes waiting messages while gRPC's flow control lets it (beyond, gRPC would buffer them all). */
    private void write() {
        while (!unsent.isEmpty() && call.isReady()) {
            Unsent u = unsent.poll();
            Inbound built;
            try {
                Inbound.Builder in = inbound.build(u.route(), u.message());
                if (u.restartsLane()) {
                    in.putMetadata(RESTART, "1");
                }
                built = in.build();
            } catch (RuntimeException e) {
                // its answer would be missing from the order: the stream ends and everything on it is retried
                call.cancel("message " + u.message().messageId() + " cannot be encoded", e);
                return;
            }
            call.sendMessage(built);
        }
    }

    /** Ends the stream: everything unanswered fails and is retried by the core on another one. */
    void cancel(String why) {
        call.cancel(why, null);
    }

    private final class Listener extends ClientCall.Listener<Outbound> {
        @Override
        public void onHeaders(Metadata headers) {
            synchronized (TransportStream.this) {
                ordered = headers.containsKey(ORDERED);
                answered = true;
            }
        }

        @Override
        public void onMessage(Outbound out) {
            Answer a;
            synchronized (TransportStream.this) {
                a = unanswered.poll();
            }
            call.request(1);
            if (a == null) {
                return; // an answer to nothing: the peer broke the protocol; the next break ends the stream
            }
            if (PtpCodes.OK.equals(out.getCode())) {
                a.done().complete(null);
            } else {
                a.done().completeExceptionally(new PtpException(out.getCode().isEmpty() ? PtpCodes.CODEC : out.getCode(),
                        "node " + a.route().nodeId() + " answered " + out.getCode() + ": " + out.getMessage()));
            }
        }

        @Override
        public void onReady() {
            synchronized (TransportStream.this) {
                write();
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            List<Answer> failed;
            synchronized (TransportStream.this) {
                ended = true;
                endedWith = status;
                unsent.clear();
                failed = new ArrayList<>(unanswered);
                unanswered.clear();
            }
            closed.accept(TransportStream.this);
            PtpException why = broken.apply(status);
            failed.forEach(a -> a.done().completeExceptionally(why));
        }
    }
}
