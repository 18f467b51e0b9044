/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.hutong.api.delivery.DeadLetter;
import io.hutong.api.delivery.DeadLetters;
import io.hutong.api.health.Layers;
import io.hutong.api.transport.PeerLink;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.PtpResource;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.TokenCheck;
import io.hutong.api.transport.Transport;
import io.hutong.api.transport.TransportSession;
import io.hutong.api.transport.TransportStatistics;

/**
 * The node's transport (spec 40 §1, §4): routes every pushed message to its target node's queue,
 * here through the session queues or at a peer through that peer's outbound queue, and checks
 * tokens before anything is queued here.
 *
 * <p>Peer links (the adapters' sending halves) and token checks come and go at runtime; the
 * outbound queues stay, so a message waits for a replaced adapter instead of being lost.
 */
@Component(service = {Transport.class, DeadLetters.class}, configurationPid = "io.hutong.transport.forwarding")
@Designate(ocd = ForwardingConfig.class)
public class NodeTransport implements Transport, DeadLetters {

    private final SessionQueues queues;
    private final RoutingTable routing;
    private final ForwardingConfig config;
    private final Map<String, PeerOutbox> outboxes = new ConcurrentHashMap<>();
    private final List<TokenCheck> checks = new CopyOnWriteArrayList<>();
    private final Map<PeerLink, String> links = new ConcurrentHashMap<>();
    private final Map<PtpResource, String> resources = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final RetryBudget budget;
    private final TransportDeadLetters deadLetters;
    private final java.util.function.LongSupplier clock;

    @Activate
    public NodeTransport(@Reference SessionQueues queues, @Reference RoutingTable routing, ForwardingConfig config) {
        this(queues, routing, config, System::currentTimeMillis);
    }

    NodeTransport(SessionQueues queues, RoutingTable routing, ForwardingConfig config, java.util.function.LongSupplier clock) {
        this.queues = queues;
        this.routing = routing;
        this.config = config;
        this.clock = clock;
        this.budget = RetryBudget.of(config);
        this.deadLetters = new TransportDeadLetters(config.dead_letters_max_bytes(), clock);
        this.timer = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "hutong-transport-forwarding");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        outboxes.values().forEach(PeerOutbox::close);
        timer.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTokenCheck(TokenCheck check) {
        checks.add(check);
    }

    void removeTokenCheck(TokenCheck check) {
        checks.remove(check);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPeerLink(PeerLink link, Map<String, Object> props) {
        links.put(link, String.valueOf(props.get(PeerLink.PROTOCOL)));
    }

    void removePeerLink(PeerLink link) {
        links.remove(link);
        outboxes.values().forEach(box -> box.linkGone(link));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addResource(PtpResource resource, Map<String, Object> props) {
        resources.put(resource, resourcePath(String.valueOf(props.get(PtpResource.URI))));
    }

    void removeResource(PtpResource resource) {
        resources.remove(resource);
    }

    /** @return the path of an {@code x-ptp-uri}, without scheme and authority, which callers may or may not send */
    static String resourcePath(String uri) {
        String u = uri == null ? "" : uri.strip();
        int scheme = u.indexOf("://");
        if (scheme > 0) {
            int slash = u.indexOf('/', scheme + 3);
            u = slash < 0 ? "/" : u.substring(slash);
        }
        int query = u.indexOf('?');
        return query < 0 ? u : u.substring(0, query);
    }

    private PeerLink link(String protocol) {
        for (Map.Entry<PeerLink, String> e : links.entrySet()) {
            if (e.getValue().equals(protocol)) {
                return e.getKey();
            }
        }
        return null;
    }

    @Override
    public TransportSession open(String sessionId, Map<String, String> metadata) {
        if (sessionId == null || sessionId.isEmpty()) {
            throw new PtpException(PtpCodes.BAD_REQUEST, "missing session id");
        }
        Map<String, String> fixed = new HashMap<>(metadata == null ? Map.of() : metadata);
        if (blank(fixed.get(PtpHeaders.TARGET_NODE_ID)) && blank(fixed.get(PtpHeaders.TARGET_INST_ID))) {
            throw new PtpException(PtpCodes.BAD_REQUEST, "missing header " + PtpHeaders.TARGET_NODE_ID);
        }
        return new Session(sessionId, Map.copyOf(fixed));
    }

    @Override
    public void send(PtpMessage message) {
        Map<String, String> meta = new TreeMap<>(message.metadata());
        String target = meta.get(PtpHeaders.TARGET_NODE_ID);
        String targetInst = meta.get(PtpHeaders.TARGET_INST_ID);
        if (blank(target) && blank(targetInst)) {
            throw new PtpException(PtpCodes.BAD_REQUEST, "missing header " + PtpHeaders.TARGET_NODE_ID);
        }
        // refused here, not by the peer: a peer's E0000000413 after the asynchronous hand-over (TR6) reaches no container
        if (message.payload().length > queues.maxMessageBytes()) {
            throw new PtpException(PtpCodes.TOO_LARGE, "message of " + message.payload().length + " bytes exceeds the limit of "
                    + queues.maxMessageBytes() + " bytes");
        }
        // an earlier message of this session that became a dead letter is answered to the next call (DELIVERY4)
        Optional<PtpException> failure = queues.takeFailure(message.sessionId());
        if (failure.isPresent()) {
            throw failure.get();
        }
        String local = routing.localNodeId();
        String id = blank(message.messageId()) ? UUID.randomUUID().toString() : message.messageId();
        meta.put(PtpHeaders.MESSAGE_ID, id);
        meta.put(PtpHeaders.SESSION_ID, message.sessionId());
        meta.put(PtpHeaders.TOPIC, message.topic());
        boolean here = isHere(target, targetInst);
        if (here) {
            meta.putIfAbsent(PtpHeaders.SOURCE_NODE_ID, local);
        } else {
            // east-west the source is this node, whatever a container wrote (DELIVERY5)
            meta.put(PtpHeaders.SOURCE_NODE_ID, local);
        }
        PtpMessage stamped = new PtpMessage(id, message.sessionId(), message.topic(), message.payload(), meta);
        if (here) {
            receive(stamped);
            return;
        }
        outbox(routeTo(target, targetInst).nodeId()).enqueue(stamped);
    }

    private PeerOutbox outbox(String peer) {
        return outboxes.computeIfAbsent(peer, p -> new PeerOutbox(p, n -> routing.route(n).orElse(null), this::link, timer,
                config.outbox_max_bytes(), Duration.ofMillis(config.retry_max_backoff_ms()), budget, config.peer_max_in_flight(),
                config.lane_window(), config.lane_window_bytes(),
                this::dead, clock));
    }

    /** An outbox gave a message up: listed, and told to the container's next call on the session (DELIVERY4). */
    private void dead(String peer, PtpMessage m, String code, String reason, int attempts) {
        DeadLetter letter = deadLetters.add(peer, m, code, reason, attempts);
        queues.reportFailure(m.sessionId(), new PtpException(code, "message " + m.messageId() + " to node " + peer
                + " was not delivered: " + reason + " (dead letter " + letter.id() + ")"));
    }

    @Override
    public String layer() {
        return Layers.TRANSPORT;
    }

    @Override
    public List<DeadLetter> list() {
        return deadLetters.list();
    }

    /** Queues the message again to its peer, as it was (same message id: a peer that did get it drops the repeat). */
    @Override
    public boolean replay(String id) {
        TransportDeadLetters.Entry e = deadLetters.get(id);
        if (e == null) {
            return false;
        }
        String peer = e.letter().peer();
        if (routing.route(peer).isEmpty()) {
            throw new IllegalStateException("node " + peer + " has no route; add one before replaying");
        }
        if (deadLetters.remove(id) == null) {
            return false; // replayed or discarded meanwhile
        }
        try {
            outbox(peer).enqueue(e.message());
        } catch (PtpException full) {
            deadLetters.add(peer, e.message(), e.letter().code(), e.letter().reason(), e.letter().attempts());
            throw new IllegalStateException("cannot queue it now: " + full.getMessage());
        }
        return true;
    }

    @Override
    public boolean discard(String id) {
        return deadLetters.remove(id) != null;
    }

    /** @return the dead-letter list's counters for the health report */
    Map<String, Object> deadLetterStats() {
        return deadLetters.stats();
    }

    int deadLetterCount() {
        return deadLetters.size();
    }

    @Override
    public boolean receive(PtpMessage message) {
        checkToken(message);
        return queues.push(message);
    }

    /** Asks every token check about the {@code x-ptp-token} a message or request came with. */
    private void checkToken(PtpMessage message) {
        Map<String, String> headers = message.metadata();
        String token = headers.getOrDefault(PtpHeaders.TOKEN, "");
        for (TokenCheck check : checks) {
            check.check(message.sessionId(), token, headers);
        }
    }

    @Override
    public CompletionStage<byte[]> roundtrip(byte[] payload, Map<String, String> metadata) {
        try {
            Map<String, String> meta = new TreeMap<>(metadata == null ? Map.of() : metadata);
            String target = meta.get(PtpHeaders.TARGET_NODE_ID);
            String targetInst = meta.get(PtpHeaders.TARGET_INST_ID);
            if (blank(target) && blank(targetInst)) {
                throw new PtpException(PtpCodes.BAD_REQUEST, "missing header " + PtpHeaders.TARGET_NODE_ID);
            }
            if (blank(meta.get(PtpHeaders.URI))) {
                throw new PtpException(PtpCodes.BAD_REQUEST, "missing header " + PtpHeaders.URI + ": a roundtrip names the resource it asks");
            }
            byte[] body = payload == null ? new byte[0] : payload;
            if (body.length > queues.maxMessageBytes()) {
                throw new PtpException(PtpCodes.TOO_LARGE, "request of " + body.length + " bytes exceeds the limit of "
                        + queues.maxMessageBytes() + " bytes");
            }
            String local = routing.localNodeId();
            // east-west every request names a session (spec 40 §2.1); a roundtrip outside any session gets its own
            if (blank(meta.get(PtpHeaders.SESSION_ID))) {
                meta.put(PtpHeaders.SESSION_ID, "roundtrip-" + UUID.randomUUID());
            }
            if (isHere(target, targetInst)) {
                meta.putIfAbsent(PtpHeaders.SOURCE_NODE_ID, local); // from a peer: its adapter has checked it
            } else {
                meta.put(PtpHeaders.SOURCE_NODE_ID, local); // east-west the source is this node (DELIVERY5)
            }
            PtpMessage request = new PtpMessage(null, meta.get(PtpHeaders.SESSION_ID), meta.getOrDefault(PtpHeaders.TOPIC, ""),
                    body, meta);
            if (isHere(target, targetInst)) {
                return CompletableFuture.completedFuture(answer(request));
            }
            Route route = routeTo(target, targetInst);
            PeerLink link = link(route.protocol());
            if (link == null) {
                throw new PtpException(PtpCodes.NO_INSTANCE, "no " + route.protocol() + " adapter running");
            }
            Duration timeout = Duration.ofMillis(config.roundtrip_timeout_ms());
            String peer = route.nodeId();
            // the link has its own timeout; this one also ends a call whose adapter left without answering
            return link.invoke(route, request, timeout).toCompletableFuture()
                    .orTimeout(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                            ? new PtpException(PtpCodes.TIMEOUT, "node " + peer + " did not answer the roundtrip in " + timeout.toMillis() + " ms")
                            : e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Answers a roundtrip addressed to this node with the resource registered for its {@code x-ptp-uri}. */
    private byte[] answer(PtpMessage request) {
        checkToken(request);
        String uri = request.metadata().get(PtpHeaders.URI);
        String path = resourcePath(uri);
        PtpResource resource = null;
        for (Map.Entry<PtpResource, String> e : resources.entrySet()) {
            if (e.getValue().equals(path)) {
                resource = e.getKey();
                break;
            }
        }
        if (resource == null) {
            throw new PtpException(PtpCodes.NOT_FOUND, "no resource at x-ptp-uri " + uri + " on node " + routing.localNodeId());
        }
        byte[] answer;
        try {
            answer = resource.answer(request);
        } catch (PtpException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PtpException(PtpCodes.SYSTEM_ERROR, "resource " + path + " failed: " + e, e);
        }
        answer = answer == null ? new byte[0] : answer;
        if (answer.length > queues.maxMessageBytes()) {
            throw new PtpException(PtpCodes.TOO_LARGE, "answer of resource " + path + " has " + answer.length
                    + " bytes, over the limit of " + queues.maxMessageBytes() + " bytes");
        }
        return answer;
    }

    /** @return whether a message for {@code target} (or, without one, {@code targetInst}) is for this node */
    private boolean isHere(String target, String targetInst) {
        String local = routing.localNodeId();
        return local.equals(target) || blank(target) && local.equals(targetInst);
    }

    /** @return the route to the target node, else to the target institution; E0000000618 when there is none */
    private Route routeTo(String target, String targetInst) {
        Optional<Route> route = routing.route(target);
        if (route.isEmpty() && !blank(targetInst)) {
            route = routing.route(targetInst);
        }
        return route.orElseThrow(() -> new PtpException(PtpCodes.NOT_NETWORKED, "node " + (blank(target) ? targetInst : target)
                + " is not networked: no route configured"));
    }

    /** @return per peer, its outbound queue's counters */
    /** @return the figures of every peer outbox, by peer */
    List<TransportStatistics.Peer> peerFigures() {
        return outboxes.values().stream().map(PeerOutbox::figures)
                .sorted(java.util.Comparator.comparing(TransportStatistics.Peer::peer)).toList();
    }

    Map<String, Object> stats() {
        Map<String, Object> m = new TreeMap<>();
        outboxes.forEach((peer, box) -> m.put(peer, box.stats()));
        return m;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A session of the programming interface: metadata fixed at open, pushes routed, pops local. */
    private final class Session implements TransportSession {
        private final String id;
        private final Map<String, String> metadata;

        Session(String id, Map<String, String> metadata) {
            this.id = id;
            this.metadata = metadata;
        }

        @Override
        public String sessionId() {
            return id;
        }

        @Override
        public void push(byte[] payload, Map<String, String> extra, String topic) {
            Map<String, String> meta = new HashMap<>(metadata);
            if (extra != null) {
                meta.putAll(extra);
            }
            send(new PtpMessage(null, id, topic, payload, meta));
        }

        @Override
        public Optional<byte[]> pop(Duration timeout, String topic) {
            try {
                return queues.pop(id, topic, timeout).toCompletableFuture().get().map(PtpMessage::payload);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof PtpException p) {
                    throw p;
                }
                throw new PtpException(PtpCodes.SYSTEM_ERROR, "pop failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PtpException(PtpCodes.SYSTEM_ERROR, "interrupted while waiting for a message");
            }
        }

        @Override
        public Optional<byte[]> peek(String topic) {
            return queues.peek(id, topic).map(PtpMessage::payload);
        }

        @Override
        public void release() {
            queues.release(id);
        }
    }
}
