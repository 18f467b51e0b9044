/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.UnsafeByteOperations;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PeerStream;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.tls.ClientTls;
import io.hutong.api.transport.tls.PeerTls;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;
import io.hutong.protocol.ptp.PushInbound;

/**
 * Sends messages to peers (decision T8): headers as gRPC metadata, encapsulation by default
 * ({@code x-ptp-uri} naming {@code PrivateTransferTransport/push}, payload a {@code PushInbound}),
 * passthrough per route. One channel per peer address and TLS setting (plaintext, or TLS as the
 * route's {@code tls} says), kept while the bundle runs.
 *
 * <p>Messages go as {@code org.ppc.ptp.PrivateTransferProtocol/invoke} calls, and, once the peer's
 * listener has said it keeps lanes in order, on one long-lived {@code transport} stream per peer
 * ({@link TransportStream}, decision WIN4), which the transport core uses to keep several messages
 * of a lane in flight. A broken stream is replaced at the next message after a pause of a second
 * (ten minutes when the peer serves no such stream), during which messages go by {@code invoke}:
 * a message above the peer's gRPC limit, which ends the stream it travels on, meets its final
 * {@code invoke} answer there.
 */
@Component(property = PeerLink.PROTOCOL + "=" + Route.GRPC)
public class GrpcPeerLink implements PeerLink {

    static final String PUSH_URI = "/org.ppc.ptp.PrivateTransferTransport/push";

    /** After a stream broke, how long {@link #stream} offers none: messages go by {@code invoke} meanwhile. */
    static final long REOPEN_AFTER_BREAK_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long REOPEN_AFTER_UNORDERED_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    /** The {@code transport} stream per channel (same keys as {@link #channels}). */
    private final Map<String, TransportStream> streams = new ConcurrentHashMap<>();
    /** Per channel key: until when ({@link System#nanoTime}) no new stream is opened. */
    private final Map<String, Long> noStreamUntil = new ConcurrentHashMap<>();
    /** The channels' event loops and call executor, ended with this component (not grpc-java's shared ones). */
    private final GrpcThreads threads = new GrpcThreads("client");
    private final int maxMessage;
    private final PeerTls peerTls;

    @Activate
    public GrpcPeerLink(@Reference SessionQueues queues, @Reference PeerTls peerTls) {
        this.maxMessage = (int) Math.min(Integer.MAX_VALUE, queues.maxMessageBytes() + 1024 * 1024);
        this.peerTls = peerTls;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        streams.values().forEach(st -> st.cancel("the gRPC adapter is stopping"));
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel c : channels.values()) {
            c.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        threads.close();
    }

    private static String channelKey(String address, Optional<ClientTls> tls) {
        return address + '|' + tls.map(ClientTls::id).orElse("plaintext");
    }

    private ManagedChannel channel(String address, Optional<ClientTls> tls) {
        String key = channelKey(address, tls);
        ManagedChannel existing = channels.get(key);
        if (existing != null) {
            return existing;
        }
        // the route's TLS settings (or a store) changed: calls in flight finish on the old channel
        channels.entrySet().removeIf(e -> {
            boolean stale = e.getKey().startsWith(address + '|');
            if (stale) {
                e.getValue().shutdown();
                // a stream would live on over the old settings: its messages are retried on the new channel
                TransportStream old = streams.remove(e.getKey());
                if (old != null) {
                    old.cancel("the route's TLS settings changed");
                }
            }
            return stale;
        });
        return channels.computeIfAbsent(key, k -> {
            int colon = address.lastIndexOf(':');
            NettyChannelBuilder b = threads.connect(NettyChannelBuilder.forAddress(new InetSocketAddress(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))))).maxInboundMessageSize(maxMessage);
            if (tls.isEmpty()) {
                return b.usePlaintext().build();
            }
            try {
                SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                        .trustManager(tls.get().trustManager()).protocols(tls.get().protocols());
                if (tls.get().keyManager() != null) {
                    ssl.keyManager(tls.get().keyManager());
                }
                return b.sslContext(ssl.build()).useTransportSecurity().build();
            } catch (javax.net.ssl.SSLException e) {
                throw new PtpException(PtpCodes.UNREACHABLE, "TLS to " + address + " cannot be set up: " + e.getMessage());
            }
        });
    }

    /**
     * The peer's {@code transport} stream when it keeps lanes in order; opens one when there is none
     * (it becomes usable once the peer's headers arrive, so this call still answers empty).
     */
    @Override
    public Optional<PeerStream> stream(Route route) {
        Optional<ClientTls> tls;
        try {
            tls = peerTls.client(route);
        } catch (PtpException e) {
            return Optional.empty(); // deliver answers the same problem
        }
        String key = channelKey(route.address(), tls);
        TransportStream s = streams.get(key);
        if (s == null || s.ended()) {
            Long until = noStreamUntil.get(key);
            if (until != null && System.nanoTime() - until < 0) {
                return Optional.empty();
            }
            synchronized (streams) {
                s = streams.get(key);
                if (s == null || s.ended()) {
                    ManagedChannel channel;
                    try {
                        channel = channel(route.address(), tls);
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                    s = new TransportStream(channel, this::pushInbound, status -> broken(route, status),
                            gone -> ended(key, gone));
                    streams.put(key, s);
                }
            }
        }
        return s.usable() ? Optional.of(s) : Optional.empty();
    }

    /** A stream ended: forgotten, and no new one for a while. */
    private void ended(String key, TransportStream gone) {
        streams.remove(key, gone);
        // A message above the peer's gRPC limit ends the stream (the peer resets it); the core retries it
        // after 50 ms, within this pause, by invoke, where the peer's answer is a final 413.
        long wait = gone.unordered() ? REOPEN_AFTER_UNORDERED_NANOS : REOPEN_AFTER_BREAK_NANOS;
        noStreamUntil.put(key, System.nanoTime() + wait);
    }

    /** Why the messages unanswered on a broken stream failed: always worth retrying (E0000000607), on another carrier. */
    private PtpException broken(Route route, Status status) {
        String where = "node " + route.nodeId() + " at " + route.address();
        Optional<String> tlsCause = status == null || status.getCause() == null ? Optional.empty() : peerTls.explain(status.getCause());
        if (tlsCause.isPresent()) {
            return new PtpException(PtpCodes.UNREACHABLE, "TLS to " + where + " failed: " + tlsCause.get());
        }
        return new PtpException(PtpCodes.UNREACHABLE, "transport stream to " + where + " ended: " + status);
    }

    @Override
    public CompletionStage<Void> deliver(Route route, PtpMessage m) {
        Inbound.Builder in = pushInbound(route, m);
        return call(route, new TreeMap<>(in.getMetadataMap()), in, Duration.ofSeconds(120)).thenApply(out -> null);
    }

    /** The {@code Inbound} of a message for the east-west hop, its headers as its metadata. */
    private Inbound.Builder pushInbound(Route route, PtpMessage m) {
        Map<String, String> headers = headers(route, m);
        Inbound.Builder in = Inbound.newBuilder();
        if (Route.PASSTHROUGH.equals(route.mode())) {
            headers.put(PtpHeaders.VERSION, "1");
            headers.remove(PtpHeaders.URI);
            in.setPayload(UnsafeByteOperations.unsafeWrap(m.payload()));
        } else {
            headers.put(PtpHeaders.VERSION, "2");
            headers.put(PtpHeaders.URI, PUSH_URI);
            in.setPayload(PushInbound.newBuilder().setTopic(m.topic())
                    .setPayload(UnsafeByteOperations.unsafeWrap(m.payload())).build().toByteString());
        }
        return in.putAllMetadata(headers);
    }

    /** A roundtrip (TR17): one {@code invoke} whose {@code x-ptp-uri} names the peer's resource; the answer is the {@code Outbound}'s payload. */
    @Override
    public CompletionStage<byte[]> invoke(Route route, PtpMessage m, Duration timeout) {
        Map<String, String> headers = headers(route, m);
        headers.put(PtpHeaders.VERSION, "2");
        return call(route, headers, Inbound.newBuilder().setPayload(UnsafeByteOperations.unsafeWrap(m.payload())), timeout)
                .thenApply(out -> out.getPayload().toByteArray());
    }

    /** @return the {@code x-ptp-*} headers of a message for the east-west hop (printable ASCII only, as gRPC metadata must be) */
    private static Map<String, String> headers(Route route, PtpMessage m) {
        Map<String, String> headers = new TreeMap<>();
        m.metadata().forEach((k, v) -> {
            if (k.startsWith("x-ptp-") && v != null && v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                headers.put(k, v);
            }
        });
        headers.put(PtpHeaders.SESSION_ID, m.sessionId());
        headers.put(PtpHeaders.TOPIC, m.topic());
        if (m.messageId() != null) {
            headers.put(PtpHeaders.MESSAGE_ID, m.messageId());
        }
        headers.putIfAbsent(PtpHeaders.TARGET_NODE_ID, route.nodeId());
        return headers;
    }

    /** Calls the peer's {@code invoke}; completes with its answer when the code is success, else with the code as a {@link PtpException}. */
    private CompletableFuture<Outbound> call(Route route, Map<String, String> headers, Inbound.Builder in, Duration timeout) {
        Optional<ClientTls> tls;
        try {
            tls = peerTls.client(route);
        } catch (PtpException e) {
            return CompletableFuture.failedFuture(e);
        }
        in.putAllMetadata(headers);
        Metadata md = new Metadata();
        headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        CompletableFuture<Outbound> done = new CompletableFuture<>();
        // A push from a container over gRPC reaches here on that call's thread, inside its Context,
        // which is cancelled as soon as the push is answered: a call started in it would be
        // cancelled with it and retried after a backoff. Peer calls start in the root context.
        Context previous = Context.ROOT.attach();
        try {
            var call = ClientInterceptors.intercept(channel(route.address(), tls), MetadataUtils.newAttachHeadersInterceptor(md))
                    .newCall(PtpMethods.INVOKE, CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
            ClientCalls.asyncUnaryCall(call, in.build(), new StreamObserver<Outbound>() {
                @Override
                public void onNext(Outbound out) {
                    if (PtpCodes.OK.equals(out.getCode())) {
                        done.complete(out);
                    } else {
                        done.completeExceptionally(new PtpException(out.getCode().isEmpty() ? PtpCodes.CODEC : out.getCode(),
                                "node " + route.nodeId() + " answered " + out.getCode() + ": " + out.getMessage()));
                    }
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(translate(route, t, peerTls));
                }

                @Override
                public void onCompleted() {
                    done.complete(Outbound.getDefaultInstance());
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e instanceof PtpException p ? p : translate(route, e, peerTls));
        } finally {
            Context.ROOT.detach(previous);
        }
        return done;
    }

    private static PtpException translate(Route route, Throwable t, PeerTls peerTls) {
        Status s = t instanceof StatusRuntimeException e ? e.getStatus() : Status.fromThrowable(t);
        String where = "node " + route.nodeId() + " at " + route.address();
        Optional<String> tlsCause = peerTls.explain(t);
        if (tlsCause.isPresent()) {
            // a configuration problem on either side, retried like 607 until fixed (decision TR12)
            return new PtpException(PtpCodes.UNREACHABLE, "TLS to " + where + " failed: " + tlsCause.get(), t);
        }
        return switch (s.getCode()) {
            case UNAVAILABLE -> new PtpException(PtpCodes.UNREACHABLE, where + " unreachable: " + s.getDescription());
            case DEADLINE_EXCEEDED -> new PtpException(PtpCodes.TIMEOUT, where + " did not answer in time");
            case UNIMPLEMENTED -> new PtpException(PtpCodes.NO_INSTANCE, where + " serves no PrivateTransferProtocol");
            case RESOURCE_EXHAUSTED -> new PtpException(PtpCodes.TOO_LARGE, where + ": " + s.getDescription());
            // refusals a repeat cannot change are final codes, not a retried 500 (DELIVERY1)
            case PERMISSION_DENIED, UNAUTHENTICATED -> new PtpException(PtpCodes.FORBIDDEN, where + " refused: " + s.getDescription());
            case INVALID_ARGUMENT -> new PtpException(PtpCodes.BAD_REQUEST, where + " refused: " + s.getDescription());
            default -> new PtpException(PtpCodes.SYSTEM_ERROR, where + ": " + s);
        };
    }
}
