/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerBuilder;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.Transport;
import io.hutong.api.transport.tls.RouteTls;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;
import io.hutong.protocol.ptp.PushInbound;
import io.hutong.protocol.ptp.TransportOutbound;

/**
 * The gRPC listener of the transport: {@code org.ppc.ptp.PrivateTransferProtocol} ({@code invoke},
 * and {@code transport} as a real stream, decision T9) for peers and
 * {@code org.ppc.ptp.PrivateTransferTransport} ({@code push}, {@code pop}, {@code peek},
 * {@code release}) for containers, headers as gRPC metadata. The Netty server is built here and
 * stopped on deactivation; it holds no message. With {@code tls.port} set, a second server serves the
 * same services over TLS 1.2/1.3, optionally requiring client certificates (mTLS).
 *
 * <p>Registers a Felix {@link HealthCheck} ({@code transport/grpc}, {@code transport/grpc_tls}) per listener carrying {@value #PORT_NAME}/{@value #PORT}
 * service properties, from which the launcher names the ports {@code grpc} and {@code grpc_tls} in
 * {@code ready.json}.
 */
@Component(immediate = true, service = {}, configurationPid = "io.hutong.transport.grpc")
@Designate(ocd = GrpcConfig.class)
public class GrpcTransportServer {

    /** Service property: the name of a listener for {@code ready.json}. */
    public static final String PORT_NAME = "hutong.port.name";
    /** Service property: the port it listens on. */
    public static final String PORT = "hutong.port";

    private static final Logger LOG = Logger.getLogger(GrpcTransportServer.class.getName());
    static final Context.Key<Map<String, String>> HEADERS = Context.key("ptp-headers");

    private final Transport transport;
    private final SessionQueues queues;
    private final RoutingTable routing;
    private final Server server;
    private final Server tlsServer;
    private final ExecutorService replies = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hutong-transport-grpc-reply");
        t.setDaemon(true);
        return t;
    });
    /** The listeners' event loops and call executor, ended with this component (not grpc-java's shared ones). */
    private final GrpcThreads threads = new GrpcThreads("server");
    private final java.util.Set<CompletableFuture<java.util.Optional<PtpMessage>>> waitingPops =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ServiceRegistration<HealthCheck> status;
    private final ServiceRegistration<HealthCheck> tlsStatus;
    /** The peers' {@code transport} streams still open, ended on deactivation. */
    private final java.util.Set<TransportStreamAnswers> openStreams = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public GrpcTransportServer(@Reference Transport transport, @Reference SessionQueues queues,
                               @Reference RoutingTable routing, GrpcConfig config, BundleContext context) throws IOException {
        this(transport, queues, routing, NettyServerBuilder.forAddress(new InetSocketAddress(bindHost(config, context), port(config, context))),
                config, context);
    }

    /**
     * The listener built from {@code plain}, a server builder for the plaintext listener that is not
     * started yet: the component passes a Netty builder for its configured address, a unit test one on
     * a loopback port of its choosing. Without a {@code context} (a unit test) no health is registered.
     */
    GrpcTransportServer(Transport transport, SessionQueues queues, RoutingTable routing, ServerBuilder<?> plain, GrpcConfig config,
                        BundleContext context) throws IOException {
        this.transport = transport;
        this.queues = queues;
        this.routing = routing;
        int max = (int) Math.min(Integer.MAX_VALUE, queues.maxMessageBytes() + 1024 * 1024);
        String bindHost = bindHost(config, context);
        server = serve(plain, max);
        LOG.info("PTP gRPC listening on " + bindHost + ":" + server.getPort());
        status = context == null ? null : register(context, "grpc", server, "gRPC serving on port ");
        if (config.tls_port() > 0) {
            try {
                tlsServer = serve(NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, config.tls_port()))
                        .sslContext(serverTls(config, context)), max);
            } catch (IllegalArgumentException | IOException e) {
                // all or nothing: the plaintext listener does not stay behind a failed activation
                server.shutdownNow();
                if (status != null) {
                    status.unregister();
                }
                replies.shutdownNow();
                closeThreads();
                LOG.severe("PTP gRPC TLS listener on port " + config.tls_port() + " not started: " + e.getMessage());
                throw e;
            }
            LOG.info("PTP gRPC over TLS listening on " + bindHost + ":" + tlsServer.getPort() + " (client certificates: "
                    + clientAuth(config) + ")");
            tlsStatus = context == null ? null : register(context, "grpc_tls", tlsServer, "gRPC over TLS (client certificates: " + clientAuth(config)
                    + ") serving on port ");
        } else {
            tlsServer = null;
            tlsStatus = null;
        }
    }

    /** @return the port the plaintext listener is bound to */
    int port() {
        return server.getPort();
    }

    private static String bindHost(GrpcConfig config, BundleContext context) {
        String host = config.host().isBlank() ? (context == null ? null : context.getProperty("hutong.host")) : config.host();
        return host == null ? "127.0.0.1" : host;
    }

    private static int port(GrpcConfig config, BundleContext context) {
        if (config.port() > 0) {
            return config.port();
        }
        // the launcher's --grpc-port (default: east-west port + 1)
        String grpc = context.getProperty("hutong.port.grpc");
        String ew = context.getProperty("hutong.port.east_west");
        return grpc != null ? Integer.parseInt(grpc.strip()) : (ew == null ? 7304 : Integer.parseInt(ew.strip())) + 1;
    }

    private Server serve(ServerBuilder<?> builder, int max) throws IOException {
        if (builder instanceof NettyServerBuilder netty) {
            threads.serve(netty);
        }
        ServerInterceptor headers = new HeaderCapture();
        return builder.maxInboundMessageSize(max)
                .maxInboundMetadataSize(64 * 1024)
                .addService(ServerInterceptors.intercept(protocolService(), headers, new OrderedLanes()))
                .addService(ServerInterceptors.intercept(transportService(), headers))
                .build().start();
    }

    private static ServiceRegistration<HealthCheck> register(BundleContext context, String name, Server server, String up) {
        int bound = server.getPort();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthCheck.NAME, Layers.TRANSPORT + "/" + name);
        props.put(HealthCheck.TAGS, new String[] {LayerCheck.TAG, LayerCheck.TAG + "." + Layers.TRANSPORT});
        props.put(PORT_NAME, name);
        props.put(PORT, bound);
        Map<String, Object> details = Map.of("bundle", context.getBundle().getSymbolicName(),
                "version", context.getBundle().getVersion().toString(), "port", bound,
                "services", java.util.List.of(PtpMethods.PROTOCOL_SERVICE, PtpMethods.TRANSPORT_SERVICE));
        LayerCheck check = () -> server.isShutdown() ? Health.down(name + " server stopped") : Health.up(up + bound, details);
        return context.registerService(HealthCheck.class, check, props);
    }

    private static String clientAuth(GrpcConfig config) {
        String a = config.tls_client__auth().strip().toLowerCase(java.util.Locale.ROOT);
        return a.startsWith("need") || a.equals("require") ? "need" : "none";
    }

    /** The TLS side of the listener: this node's key, TLS 1.2/1.3 only, and for mTLS the accepted client certificates. */
    static SslContext serverTls(GrpcConfig config, BundleContext context) {
        String home = context == null ? null : context.getProperty("hutong.home");
        Path etc = Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize().resolve("etc");
        if (config.tls_key__store().isBlank()) {
            throw new IllegalArgumentException("tls.port is set but tls.key_store is not: the TLS listener needs this node's key");
        }
        boolean need = "need".equals(clientAuth(config));
        if (need && config.tls_trust__store().isBlank()) {
            throw new IllegalArgumentException("tls.client_auth=need needs tls.trust_store: the client certificates to accept");
        }
        try {
            KeyStore keys = load(etc, "tls.key_store", config.tls_key__store(), config.tls_key__store__password(), config.tls_key__store__type());
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, config.tls_key__store__password().toCharArray());
            SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forServer(kmf), SslProvider.JDK)
                    .protocols(RouteTls.PROTOCOLS);
            if (!config.tls_trust__store().isBlank()) {
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(etc, "tls.trust_store", config.tls_trust__store(), config.tls_trust__store__password(),
                        config.tls_trust__store__type()));
                b.trustManager(tmf);
            }
            return b.clientAuth(need ? ClientAuth.REQUIRE : ClientAuth.NONE).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS listener cannot be set up: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path etc, String what, String file, String password, String type) {
        Path p = etc.resolve(file.strip()).normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(what + " " + p + " does not exist");
        }
        try (InputStream in = Files.newInputStream(p)) {
            KeyStore ks = KeyStore.getInstance(type.isBlank() ? RouteTls.storeType(file) : type.strip());
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " " + p + " cannot be read (wrong password or type?): " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        // A pop waiting in the core would otherwise outlive this adapter and take the next message
        // for a call that is cancelled with the server: it is answered now (the server still runs),
        // so the core keeps the message for the container's next pop.
        PtpException leaving = new PtpException(PtpCodes.NO_INSTANCE, "the gRPC adapter is being replaced; pop again");
        waitingPops.forEach(p -> p.completeExceptionally(leaving));
        if (status != null) {
            status.unregister();
        }
        if (tlsStatus != null) {
            tlsStatus.unregister();
        }
        if (tlsServer != null) {
            tlsServer.shutdown();
        }
        server.shutdown();
        io.grpc.StatusRuntimeException stopping = io.grpc.Status.UNAVAILABLE.withDescription("the gRPC adapter is stopping").asRuntimeException();
        openStreams.forEach(s -> s.end(stopping));
        openStreams.clear();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
        if (tlsServer != null && !tlsServer.awaitTermination(5, TimeUnit.SECONDS)) {
            tlsServer.shutdownNow();
        }
        replies.shutdownNow();
        threads.close();
    }

    /** @return the prefix of the names of this listener's threads */
    String threadPrefix() {
        return threads.prefix();
    }

    private void closeThreads() {
        try {
            threads.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The answering side of one {@code transport} stream: a stream outlives any call, so the listener
     * ends it when it stops (a peer's sender retries what was unanswered on a new one) rather than
     * waiting for the peer to close it.
     */
    private static final class TransportStreamAnswers {
        private final StreamObserver<Outbound> out;
        private boolean ended;

        TransportStreamAnswers(StreamObserver<Outbound> out) {
            this.out = out;
        }

        synchronized void answer(Outbound reply) {
            if (!ended) {
                out.onNext(reply);
            }
        }

        /** Ends the stream: completed, or with {@code error}. */
        synchronized void end(Throwable error) {
            if (ended) {
                return;
            }
            ended = true;
            try {
                if (error == null) {
                    out.onCompleted();
                } else {
                    out.onError(error);
                }
            } catch (RuntimeException e) {
                LOG.fine("transport stream already ended: " + e);
            }
        }
    }

    /** Copies the {@code x-ptp-*} request metadata into the call's context. */
    private static final class HeaderCapture implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
            Map<String, String> h = new TreeMap<>();
            for (String k : md.keys()) {
                if (k.startsWith("x-ptp-") && !k.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    String v = md.get(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER));
                    h.put(k, v == null ? "" : v);
                }
            }
            String tecn = h.remove(PtpHeaders.TECN_PROVIDER_CODE);
            if (tecn != null) {
                h.putIfAbsent(PtpHeaders.TECH_PROVIDER_CODE, tecn);
            }
            return Contexts.interceptCall(Context.current().withValue(HEADERS, h), call, md, next);
        }
    }

    /**
     * Says, in the response headers a {@code transport} stream gets at once, that this listener keeps
     * lanes in order on it (WIN5), so a Hutong peer may keep several messages of a lane in flight; sent
     * before any answer, so a peer learns it without sending a message first.
     */
    private static final class OrderedLanes implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
            if (!PtpMethods.TRANSPORT.getFullMethodName().equals(call.getMethodDescriptor().getFullMethodName())) {
                return next.startCall(call, md);
            }
            Metadata advert = new Metadata();
            advert.put(TransportStream.ORDERED, "1");
            call.sendHeaders(advert);
            return next.startCall(new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendHeaders(Metadata headers) {
                    // already sent
                }
            }, md);
        }
    }

    private ServerServiceDefinition protocolService() {
        return ServerServiceDefinition.builder(PtpMethods.PROTOCOL_SERVICE)
                .addMethod(PtpMethods.INVOKE, ServerCalls.asyncUnaryCall((in, out) -> peer(HEADERS.get(), in).thenAccept(reply -> {
                    out.onNext(reply);
                    out.onCompleted();
                })))
                .addMethod(PtpMethods.TRANSPORT, ServerCalls.asyncBidiStreamingCall(out -> {
                    Map<String, String> headers = HEADERS.get();
                    TransportStreamAnswers answers = new TransportStreamAnswers(out);
                    openStreams.add(answers);
                    ((ServerCallStreamObserver<Outbound>) out).setOnCancelHandler(() -> openStreams.remove(answers));
                    return new StreamObserver<Inbound>() {
                        // answers leave in the order the requests came, also when a roundtrip answers late (T9)
                        private CompletableFuture<Void> answered = CompletableFuture.completedFuture(null);
                        // the lanes a message was refused in on this stream: their followers are refused too (WIN5)
                        private final java.util.Set<String> refusedLanes = new java.util.HashSet<>();

                        @Override
                        public synchronized void onNext(Inbound in) {
                            CompletionStage<Outbound> reply = peer(headers, in, refusedLanes);
                            answered = answered.thenCompose(v -> reply).thenAccept(answers::answer);
                        }

                        @Override
                        public void onError(Throwable t) {
                            openStreams.remove(answers);
                            LOG.fine("transport stream ended by the peer: " + t);
                        }

                        @Override
                        public synchronized void onCompleted() {
                            answered.thenRun(() -> {
                                openStreams.remove(answers);
                                answers.end(null);
                            });
                        }
                    };
                }))
                .build();
    }

    /**
     * One east-west message (T7): passthrough when {@code x-ptp-version} is 1 or no {@code x-ptp-uri},
     * an encapsulated push, or else a roundtrip to the resource the uri names (TR17), which a caller
     * on this node may also address to a peer.
     */
    CompletionStage<Outbound> peer(Map<String, String> callHeaders, Inbound in) {
        return peer(callHeaders, in, null);
    }

    /**
     * One east-west message of a {@code transport} stream: as {@link #peer(Map, Inbound)}, and a message
     * of a (session, topic) in which this stream had a message refused is refused too, with a
     * retryable code, until the sender marks the lane restarted ({@link TransportStream#RESTART}), so
     * nothing of a lane is taken after a gap (WIN5). The call's headers come first: a message's own
     * metadata only adds what the stream's headers do not say.
     *
     * @param refusedLanes the stream's refused lanes, or null outside a stream
     */
    CompletionStage<Outbound> peer(Map<String, String> callHeaders, Inbound in, java.util.Set<String> refusedLanes) {
        try {
            Map<String, String> meta = new TreeMap<>(callHeaders == null ? Map.of() : callHeaders);
            in.getMetadataMap().forEach(meta::putIfAbsent);
            boolean restart = meta.remove(TransportStream.RESTART) != null;
            String session = meta.getOrDefault(PtpHeaders.SESSION_ID, "");
            if (session.isBlank()) {
                throw new PtpException(PtpCodes.BAD_REQUEST, "missing header " + PtpHeaders.SESSION_ID);
            }
            String local = routing.localNodeId();
            String target = meta.getOrDefault(PtpHeaders.TARGET_NODE_ID, "");
            boolean here = target.isEmpty() || target.equals(local);
            String uri = meta.getOrDefault(PtpHeaders.URI, "");
            boolean passthrough = "1".equals(meta.getOrDefault(PtpHeaders.VERSION, "").strip()) || uri.isEmpty();
            if (!passthrough && !uri.endsWith("PrivateTransferTransport/push") && !uri.endsWith("/chan/push")) {
                String source = meta.getOrDefault(PtpHeaders.SOURCE_NODE_ID, "");
                if (!here && !source.isEmpty() && !source.equals(local)) {
                    throw notRelayed(local, target);
                }
                return transport.roundtrip(in.getPayload().toByteArray(), meta).handle((answer, e) -> {
                    if (e != null) {
                        PtpException p = asPtp(e);
                        return Outbound.newBuilder().setCode(p.code()).setMessage(p.getMessage()).build();
                    }
                    return Outbound.newBuilder().setCode(PtpCodes.OK).setMessage("success")
                            .setPayload(UnsafeByteOperations.unsafeWrap(answer)).build();
                });
            }
            if (!here) {
                throw notRelayed(local, target);
            }
            String lane = session + '\n' + meta.getOrDefault(PtpHeaders.TOPIC, "");
            if (refusedLanes != null) {
                if (restart) {
                    refusedLanes.remove(lane);
                } else if (refusedLanes.contains(lane)) {
                    throw new PtpException(PtpCodes.SYSTEM_ERROR, "message " + meta.get(PtpHeaders.MESSAGE_ID) + " follows a refused "
                            + "message of session " + session + ", topic " + meta.getOrDefault(PtpHeaders.TOPIC, "") + " on this stream;"
                            + " not taken, to keep the order: send the lane again from the refused one");
                }
            }
            try {
                receivePush(meta, session, passthrough, in);
            } catch (RuntimeException e) {
                if (refusedLanes != null) {
                    refusedLanes.add(lane);
                }
                throw e;
            }
            return CompletableFuture.completedFuture(Outbound.newBuilder().setCode(PtpCodes.OK).setMessage("success").build());
        } catch (RuntimeException e) {
            PtpException p = asPtp(e);
            return CompletableFuture.completedFuture(Outbound.newBuilder().setCode(p.code()).setMessage(p.getMessage()).build());
        }
    }

    /** Queues a pushed message here (passthrough or encapsulated). */
    private void receivePush(Map<String, String> meta, String session, boolean passthrough, Inbound in) {
        byte[] payload;
        String topic;
        if (passthrough) {
            payload = in.getPayload().toByteArray();
            topic = meta.getOrDefault(PtpHeaders.TOPIC, "");
        } else {
            PushInbound push;
            try {
                push = PushInbound.parseFrom(in.getPayload());
            } catch (IOException e) {
                throw new PtpException(PtpCodes.CODEC, "encapsulated payload is not a protobuf PushInbound: " + e.getMessage());
            }
            push.getMetadataMap().forEach(meta::putIfAbsent);
            payload = push.getPayload().toByteArray();
            topic = push.getTopic().isEmpty() ? meta.getOrDefault(PtpHeaders.TOPIC, "") : push.getTopic();
        }
        transport.receive(new PtpMessage(meta.get(PtpHeaders.MESSAGE_ID), session, topic, payload, meta));
    }

    private static PtpException notRelayed(String local, String target) {
        return new PtpException(PtpCodes.NOT_NETWORKED, "this is node " + local + ", not " + target + "; Hutong does not relay");
    }

    private ServerServiceDefinition transportService() {
        return ServerServiceDefinition.builder(PtpMethods.TRANSPORT_SERVICE)
                .addMethod(PtpMethods.PUSH, ServerCalls.asyncUnaryCall((in, out) -> reply(out, () -> {
                    Map<String, String> meta = new TreeMap<>(HEADERS.get());
                    in.getMetadataMap().forEach(meta::putIfAbsent);
                    String topic = in.getTopic().isEmpty() ? meta.getOrDefault(PtpHeaders.TOPIC, "") : in.getTopic();
                    transport.send(new PtpMessage(meta.get(PtpHeaders.MESSAGE_ID), session(meta), topic,
                            in.getPayload().toByteArray(), meta));
                    return ok(null);
                })))
                .addMethod(PtpMethods.POP, ServerCalls.asyncUnaryCall((in, out) -> {
                    Map<String, String> meta = HEADERS.get();
                    PopHandOver handOver = new PopHandOver((ServerCallStreamObserver<TransportOutbound>) out);
                    try {
                        String topic = in.getTopic().isEmpty() ? meta.getOrDefault(PtpHeaders.TOPIC, "") : in.getTopic();
                        Duration wait = in.getTimeout() > 0 ? Duration.ofMillis(in.getTimeout()) : Duration.ofMillis(120_000);
                        // the wait holds no thread; the answer is written from the reply pool
                        CompletableFuture<java.util.Optional<PtpMessage>> popped = queues.pop(session(meta), topic, wait).toCompletableFuture();
                        if (!popped.isDone()) {
                            waitingPops.add(popped);
                            popped.whenComplete((m, e) -> waitingPops.remove(popped));
                            handOver.waiting(popped);
                        }
                        popped.whenCompleteAsync((m, e) -> {
                            if (popped.isCancelled()) {
                                return; // the caller left while the pop waited; it took nothing
                            }
                            handOver.answer(e != null ? failure(e) : ok(m.map(PtpMessage::payload).orElse(null)),
                                    e != null ? null : m.orElse(null));
                        }, replies);
                    } catch (RuntimeException e) {
                        handOver.answer(failure(e), null);
                    }
                }))
                .addMethod(PtpMethods.PEEK, ServerCalls.asyncUnaryCall((in, out) -> reply(out, () -> {
                    Map<String, String> meta = HEADERS.get();
                    String topic = in.getTopic().isEmpty() ? meta.getOrDefault(PtpHeaders.TOPIC, "") : in.getTopic();
                    return ok(queues.peek(session(meta), topic).map(PtpMessage::payload).orElse(null));
                })))
                .addMethod(PtpMethods.RELEASE, ServerCalls.asyncUnaryCall((in, out) -> reply(out, () -> {
                    queues.release(session(HEADERS.get()));
                    return ok(null);
                })))
                .build();
    }

    /**
     * A pop's answer on its way to its caller (decision WIN1): a caller that cancels (its deadline
     * passed, it disconnected) while the pop waits ends the wait, so the pop takes no message; a
     * message taken goes back to the head of its queue unless gRPC completed the call.
     */
    private final class PopHandOver {
        private final ServerCallStreamObserver<TransportOutbound> call;
        private final java.util.concurrent.atomic.AtomicReference<PtpMessage> unconfirmed = new java.util.concurrent.atomic.AtomicReference<>();
        private volatile CompletableFuture<java.util.Optional<PtpMessage>> waiting;
        private volatile boolean cancelled;

        PopHandOver(ServerCallStreamObserver<TransportOutbound> call) {
            this.call = call;
            // set before the call returns, as gRPC requires; run on a transport thread, so kept short
            call.setOnCancelHandler(() -> {
                cancelled = true;
                CompletableFuture<java.util.Optional<PtpMessage>> w = waiting;
                if (w != null) {
                    w.cancel(false);
                }
                requeue();
            });
            call.setOnCloseHandler(() -> unconfirmed.set(null));
        }

        void waiting(CompletableFuture<java.util.Optional<PtpMessage>> popped) {
            waiting = popped;
            if (cancelled) {
                popped.cancel(false);
            }
        }

        void answer(TransportOutbound reply, PtpMessage taken) {
            unconfirmed.set(taken);
            if (cancelled || call.isCancelled()) {
                requeue();
                return;
            }
            try {
                call.onNext(reply);
                call.onCompleted();
            } catch (RuntimeException e) {
                requeue(); // the call ended meanwhile
            }
        }

        private void requeue() {
            PtpMessage m = unconfirmed.getAndSet(null);
            if (m != null) {
                boolean again = queues.requeue(m);
                LOG.info("the answer to a gRPC pop of session " + m.sessionId() + " did not reach the container; message "
                        + m.messageId() + (again ? " queued again for its next pop" : " dropped: the session is released"));
            }
        }
    }

    private static String session(Map<String, String> meta) {
        String s = meta.getOrDefault(PtpHeaders.SESSION_ID, "");
        if (s.isBlank()) {
            throw new PtpException(PtpCodes.BAD_REQUEST, "missing header " + PtpHeaders.SESSION_ID);
        }
        return s;
    }

    private static void reply(StreamObserver<TransportOutbound> out, java.util.function.Supplier<TransportOutbound> work) {
        TransportOutbound r;
        try {
            r = work.get();
        } catch (RuntimeException e) {
            r = failure(e);
        }
        out.onNext(r);
        out.onCompleted();
    }

    private static TransportOutbound ok(byte[] content) {
        TransportOutbound.Builder b = TransportOutbound.newBuilder().setCode(PtpCodes.OK).setMessage("success");
        if (content != null) {
            b.setPayload(UnsafeByteOperations.unsafeWrap(content));
        }
        return b.build();
    }

    private static TransportOutbound failure(Throwable e) {
        PtpException p = asPtp(e);
        return TransportOutbound.newBuilder().setCode(p.code()).setMessage(p.getMessage()).setPayload(ByteString.EMPTY).build();
    }

    private static PtpException asPtp(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof PtpException p) {
            return p;
        }
        LOG.log(Level.WARNING, "gRPC transport request failed", t);
        return new PtpException(PtpCodes.SYSTEM_ERROR, "system error: " + t);
    }
}
