/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.Transport;
import io.hutong.api.transport.dialect.ChannelCall;
import io.hutong.api.transport.dialect.ChannelReply;
import io.hutong.api.transport.dialect.ChannelRequest;
import io.hutong.api.transport.dialect.ContainerDialect;
import io.hutong.api.transport.dialect.EncodedReply;
import io.hutong.protocol.ptp.Inbound;
import io.hutong.protocol.ptp.Outbound;
import io.hutong.protocol.ptp.PushInbound;

/**
 * What the HTTP adapter does with a PTP request, apart from HTTP itself: the container API (spec
 * 40 §3.2) through the dialect that matches the caller, and the east-west {@code invoke} and
 * {@code transport} endpoints (§2.2, §2.3) in both modes (decision T7). It keeps no message: pushes
 * go to the transport core, pops and peeks read its queues.
 */
@Component(service = ChannelService.class)
public class ChannelService {

    private static final Logger LOG = Logger.getLogger(ChannelService.class.getName());
    static final Duration DEFAULT_POP = Duration.ofMillis(120_000);
    static final String OK_TEXT = "success";

    private final Transport transport;
    private final SessionQueues queues;
    private final RoutingTable routing;
    private final Map<DialectKey, ContainerDialect> dialects = new ConcurrentSkipListMap<>();
    /** Set when this adapter leaves: the failure its waiting pops were ended with, already answered directly. */
    private volatile PtpException leaving;
    /** Pops waiting in the core, each with how to answer its caller directly when this adapter leaves. */
    private final Map<CompletableFuture<Optional<PtpMessage>>, java.util.function.Consumer<ChannelReply>> waitingPops =
            new java.util.concurrent.ConcurrentHashMap<>();
    // replies to waiting pops are written here, never on the thread that pushed (it holds a queue lock)
    private final ExecutorService replies = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hutong-transport-http-reply");
        t.setDaemon(true);
        return t;
    });

    /** Orders dialects by ranking (highest first), then by service id (oldest first). */
    private record DialectKey(int ranking, long id) implements Comparable<DialectKey> {
        @Override
        public int compareTo(DialectKey o) {
            return Comparator.comparingInt(DialectKey::ranking).reversed().thenComparingLong(DialectKey::id).compare(this, o);
        }
    }

    @Activate
    public ChannelService(@Reference Transport transport, @Reference SessionQueues queues, @Reference RoutingTable routing) {
        this.transport = transport;
        this.queues = queues;
        this.routing = routing;
    }

    @Deactivate
    void deactivate() {
        // A pop waiting in the core would otherwise outlive this adapter and take the next message
        // for a reply nobody can write any more: it is ended first, so the core keeps the message
        // for the pop the container sends to the adapter that replaces this one.
        PtpException gone = new PtpException(PtpCodes.NO_INSTANCE, "the HTTP adapter is being replaced; pop again");
        leaving = gone;
        waitingPops.forEach((pop, answer) -> {
            if (pop.completeExceptionally(gone)) {
                // answered here, not by a resume: the JAX-RS application may already be gone with the resource
                answer.accept(failure(gone));
            }
        });
        replies.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDialect(ContainerDialect dialect, Map<String, Object> props) {
        dialects.put(key(props), dialect);
    }

    void removeDialect(ContainerDialect dialect, Map<String, Object> props) {
        dialects.remove(key(props));
    }

    private static DialectKey key(Map<String, Object> props) {
        Object r = props.get(Constants.SERVICE_RANKING);
        return new DialectKey(r instanceof Integer i ? i : 0, ((Number) props.get(Constants.SERVICE_ID)).longValue());
    }

    /** @return the most limited body the adapter reads before answering E0000000413 */
    long maxBodyBytes() {
        // base64 in JSON grows a payload by a third, and FATE OSX's JSON invoke encodes it twice (16/9);
        // framing adds a little. The message itself is held to the limit once decoded.
        long max = queues.maxMessageBytes();
        return max + max / 9 * 7 + 64 * 1024;
    }

    ContainerDialect dialectFor(ChannelRequest r) {
        for (ContainerDialect d : dialects.values()) {
            if (d.matches(r)) {
                return d;
            }
        }
        return new StandardDialect();
    }

    /**
     * Answers a container API call (push, pop, peek, release).
     *
     * @param direct how to answer a waiting pop directly, should this adapter leave before it is answered
     * @return the answer, or {@code null} when it was given through {@code direct}
     */
    CompletionStage<EncodedReply> container(ChannelRequest r, java.util.function.Consumer<EncodedReply> direct) {
        return container(r, direct, new PopHandOver());
    }

    /**
     * Answers a container API call, a pop handing the message it takes to {@code handOver}, which puts it
     * back at the head of its queue should the caller not receive the answer.
     *
     * @param direct   how to answer a waiting pop directly, should this adapter leave before it is answered
     * @param handOver what the caller's connection says of the answer
     * @return the answer, or {@code null} when it was given through {@code direct} or the caller is gone
     */
    CompletionStage<EncodedReply> container(ChannelRequest r, java.util.function.Consumer<EncodedReply> direct, PopHandOver handOver) {
        ContainerDialect dialect = dialectFor(r);
        try {
            ChannelCall call = dialect.decode(r);
            String session = required(r, PtpHeaders.SESSION_ID);
            String topic = call.topic().isEmpty() ? r.header(PtpHeaders.TOPIC) : call.topic();
            switch (r.operation()) {
                case "push" -> {
                    Map<String, String> meta = ptpHeaders(r);
                    call.metadata().forEach(meta::putIfAbsent);
                    transport.send(new PtpMessage(meta.get(PtpHeaders.MESSAGE_ID), session, topic, call.payload(), meta));
                    return done(dialect, r, new ChannelReply(PtpCodes.OK, OK_TEXT, null));
                }
                case "pop" -> {
                    Duration wait = call.timeout() != null ? call.timeout() : querySeconds(r).orElse(DEFAULT_POP);
                    CompletableFuture<Optional<PtpMessage>> popped = queues.pop(session, topic, wait).toCompletableFuture();
                    if (!popped.isDone()) {
                        waitingPops.put(popped, reply -> direct.accept(dialect.encode(r, reply)));
                        popped.whenComplete((m, e) -> waitingPops.remove(popped));
                        // a caller gone while the pop waits: the pop stops waiting, and the next message stays queued
                        handOver.callerGone.thenRun(() -> popped.cancel(false));
                    }
                    return popped.handleAsync((m, e) -> {
                        if (e != null) {
                            Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                            return t == leaving || popped.isCancelled() ? null : dialect.encode(r, failure(e));
                        }
                        if (m.isPresent() && !handOver.took(m.get())) {
                            return null;
                        }
                        return dialect.encode(r, new ChannelReply(PtpCodes.OK, OK_TEXT, m.map(PtpMessage::payload).orElse(null)));
                    }, replies);
                }
                case "peek" -> {
                    Optional<PtpMessage> m = queues.peek(session, topic);
                    return done(dialect, r, new ChannelReply(PtpCodes.OK, OK_TEXT, m.map(PtpMessage::payload).orElse(null)));
                }
                case "release" -> {
                    queues.release(session);
                    return done(dialect, r, new ChannelReply(PtpCodes.OK, OK_TEXT, null));
                }
                default -> throw new PtpException(PtpCodes.NOT_FOUND, "no container operation " + r.operation());
            }
        } catch (RuntimeException e) {
            return done(dialect, r, failure(e));
        }
    }

    /**
     * A pop's answer on its way to its caller (decision WIN1): the message the pop took stays the
     * adapter's to put back at the head of its queue until the answer is known to be written. The
     * resource reports what the connection says; whichever of {@link #lost} and a late {@link #took}
     * comes second puts the message back, once.
     */
    final class PopHandOver {
        private final java.util.concurrent.atomic.AtomicReference<PtpMessage> unconfirmed = new java.util.concurrent.atomic.AtomicReference<>();
        final CompletableFuture<Void> callerGone = new CompletableFuture<>();

        /** @return whether the answer carrying {@code m} is still worth writing; if not, {@code m} is queued again */
        boolean took(PtpMessage m) {
            unconfirmed.set(m);
            if (callerGone.isDone()) {
                requeue();
                return false;
            }
            return true;
        }

        /** @return whether the answer on its way carries a message */
        boolean carriesMessage() {
            return unconfirmed.get() != null;
        }

        /** The answer was written: the message is the caller's now. */
        void written() {
            unconfirmed.set(null);
        }

        /** The caller will not read the answer: a waiting pop stops, a message already taken goes back. */
        void lost() {
            callerGone.complete(null);
            requeue();
        }

        private void requeue() {
            PtpMessage m = unconfirmed.getAndSet(null);
            if (m != null) {
                boolean again = queues.requeue(m);
                LOG.info("the answer to a pop of session " + m.sessionId() + " did not reach the container; message " + m.messageId()
                        + (again ? " queued again for its next pop" : " dropped: the session is released"));
            }
        }
    }

    private static CompletionStage<EncodedReply> done(ContainerDialect d, ChannelRequest r, ChannelReply reply) {
        return CompletableFuture.completedFuture(d.encode(r, reply));
    }

    static ChannelReply failure(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof PtpException p) {
            return new ChannelReply(p.code(), p.getMessage(), null);
        }
        LOG.log(Level.WARNING, "transport request failed", t);
        return new ChannelReply(PtpCodes.SYSTEM_ERROR, "system error: " + t, null);
    }

    private static Optional<Duration> querySeconds(ChannelRequest r) {
        String t = r.query().get("timeout");
        if (t == null || t.isBlank()) {
            return Optional.empty();
        }
        try {
            long s = Long.parseLong(t.strip());
            return Optional.of(s > 0 ? Duration.ofSeconds(s) : Duration.ZERO);
        } catch (NumberFormatException e) {
            throw new PtpException(PtpCodes.BAD_REQUEST, "query parameter timeout must be whole seconds, not " + t);
        }
    }

    private static String required(ChannelRequest r, String header) {
        String v = r.header(header);
        if (v.isBlank()) {
            throw new PtpException(PtpCodes.BAD_REQUEST, "missing header " + header);
        }
        return v;
    }

    /** @return every {@code x-ptp-*} header of the request, the provider code under its standard name */
    static Map<String, String> ptpHeaders(ChannelRequest r) {
        Map<String, String> m = new TreeMap<>();
        r.headers().forEach((k, v) -> {
            if (k.startsWith("x-ptp-")) {
                m.put(k, v);
            }
        });
        String tecn = m.remove(PtpHeaders.TECN_PROVIDER_CODE);
        if (tecn != null) {
            m.putIfAbsent(PtpHeaders.TECH_PROVIDER_CODE, tecn);
        }
        return m;
    }

    /**
     * Answers an east-west {@code invoke} or {@code transport} from a peer (T7): passthrough when
     * {@code x-ptp-version} is 1 or no {@code x-ptp-uri} is given, encapsulation of a
     * {@code PrivateTransferTransport/push}, or else a roundtrip to the resource the uri names
     * (TR17), which a caller on this node may also address to a peer.
     */
    CompletionStage<EncodedReply> peer(ChannelRequest r) {
        boolean protobuf = StandardDialect.isProtobuf(r.contentType());
        try {
            String session = required(r, PtpHeaders.SESSION_ID);
            String local = routing.localNodeId();
            String target = r.header(PtpHeaders.TARGET_NODE_ID);
            boolean here = target.isEmpty() || target.equals(local);
            Map<String, String> meta = ptpHeaders(r);
            String uri = r.header(PtpHeaders.URI);
            boolean passthrough = "1".equals(r.header(PtpHeaders.VERSION).strip()) || uri.isEmpty();
            if (!passthrough && !uri.endsWith("PrivateTransferTransport/push") && !uri.endsWith("/chan/push")) {
                String source = r.header(PtpHeaders.SOURCE_NODE_ID);
                if (!here && !source.isEmpty() && !source.equals(local)) {
                    throw notRelayed(local, target);
                }
                byte[] request = unwrapInbound(r, meta);
                meta.put(PtpHeaders.SESSION_ID, session);
                return transport.roundtrip(request, meta).handle((answer, e) -> {
                    if (e != null) {
                        ChannelReply f = failure(e);
                        return peerReply(protobuf, f.code(), f.message());
                    }
                    return peerReply(protobuf, PtpCodes.OK, OK_TEXT, answer);
                });
            }
            if (!here) {
                throw notRelayed(local, target);
            }
            byte[] payload;
            String topic;
            if (passthrough) {
                payload = r.body();
                topic = r.header(PtpHeaders.TOPIC);
            } else {
                byte[] inner = unwrapInbound(r, meta);
                String innerTopic;
                if (StandardDialect.isJson(r.contentType()) && inner.length > 0 && inner[0] == '{') {
                    // FATE OSX's HTTP form: the push itself is JSON, {"topic", "payload": base64} (decision OSX1);
                    // a protobuf PushInbound cannot start with '{' (that would be field 15, which it does not have)
                    JsonNode push = Json.read(inner);
                    Json.map(push, "metadata").forEach(meta::putIfAbsent);
                    payload = Json.bytes(push, "payload");
                    innerTopic = Json.text(push, "topic");
                } else {
                    PushInbound push;
                    try {
                        push = PushInbound.parseFrom(aliasing(inner));
                    } catch (java.io.IOException e) {
                        throw new PtpException(PtpCodes.CODEC, "encapsulated payload is neither a protobuf PushInbound nor,"
                                + " in a JSON request, a JSON one: " + e.getMessage());
                    }
                    push.getMetadataMap().forEach(meta::putIfAbsent);
                    payload = push.getPayload().toByteArray();
                    innerTopic = push.getTopic();
                }
                topic = innerTopic.isEmpty() ? r.header(PtpHeaders.TOPIC) : innerTopic;
            }
            meta.put(PtpHeaders.SESSION_ID, session);
            transport.receive(new PtpMessage(meta.get(PtpHeaders.MESSAGE_ID), session, topic, payload, meta));
            return CompletableFuture.completedFuture(peerReply(protobuf, PtpCodes.OK, OK_TEXT));
        } catch (RuntimeException e) {
            ChannelReply f = failure(e);
            return CompletableFuture.completedFuture(peerReply(protobuf, f.code(), f.message()));
        }
    }

    private static PtpException notRelayed(String local, String target) {
        return new PtpException(PtpCodes.NOT_NETWORKED, "this is node " + local + ", not " + target + "; Hutong does not relay");
    }

    /** @return the inner payload of an encapsulated request: an {@code Inbound} in protobuf or JSON, else the body itself */
    private static byte[] unwrapInbound(ChannelRequest r, Map<String, String> meta) {
        if (StandardDialect.isProtobuf(r.contentType())) {
            try {
                Inbound in = Inbound.parseFrom(aliasing(r.body()));
                in.getMetadataMap().forEach(meta::putIfAbsent);
                return in.getPayload().toByteArray();
            } catch (java.io.IOException e) {
                throw new PtpException(PtpCodes.CODEC, "body is not a protobuf Inbound: " + e.getMessage());
            }
        }
        if (StandardDialect.isJson(r.contentType())) {
            JsonNode n = Json.read(r.body());
            Json.map(n, "metadata").forEach(meta::putIfAbsent);
            return Json.bytes(n, "payload");
        }
        return r.body();
    }

    /** Parses without copying byte fields: the body is ours and large payloads must not be held twice. */
    static com.google.protobuf.CodedInputStream aliasing(byte[] body) {
        com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(body);
        in.enableAliasing(true);
        return in;
    }

    static EncodedReply peerReply(boolean protobuf, String code, String message) {
        return peerReply(protobuf, code, message, null);
    }

    /** @return an {@code Outbound}, in protobuf or as JSON with the payload in base64 */
    static EncodedReply peerReply(boolean protobuf, String code, String message, byte[] payload) {
        if (protobuf) {
            return new EncodedReply(StandardDialect.PROTOBUF, Outbound.newBuilder().setCode(code).setMessage(message)
                    .setPayload(payload == null ? ByteString.EMPTY : com.google.protobuf.UnsafeByteOperations.unsafeWrap(payload))
                    .build().toByteArray());
        }
        return new EncodedReply(StandardDialect.JSON, Json.outbound(code, message, payload));
    }

    /** @return dialect names in the order they are asked, for the health report */
    List<String> dialectNames() {
        List<String> names = new ArrayList<>();
        dialects.values().forEach(d -> names.add(d.getClass().getSimpleName()));
        return names;
    }
}
