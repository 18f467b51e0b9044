/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hutong.api.component.TaskContext;
import io.hutong.api.transport.TransportSession;
import io.hutong.protocol.interconnection.link.PushRequest;
import io.hutong.protocol.interconnection.link.TransType;

/**
 * Links opened for tasks the way a component opens them: ranks by role order, topics per direction, the task's
 * transport session, messages in order, a large message chunked and whole again, and clear errors for a task without
 * the peer or a peer that never answers.
 */
class LinksTest {

    private static final Duration LONG = Duration.ofSeconds(120);

    /** One node's PTP queues shared by every party in this JVM: topic → messages. */
    private final Map<String, BlockingQueue<byte[]>> topics = new ConcurrentHashMap<>();
    private final List<Map.Entry<String, byte[]>> pushed = Collections.synchronizedList(new ArrayList<>());
    private final List<Link> links = new ArrayList<>();

    @AfterEach
    void close() {
        links.forEach(Link::close);
    }

    private TransportSession session() {
        return (TransportSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TransportSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sessionId" -> "session_1";
                    case "push" -> {
                        pushed.add(Map.entry((String) args[2], (byte[]) args[0]));
                        yield queue((String) args[2]).add((byte[]) args[0]) ? null : null;
                    }
                    case "pop" -> Optional.ofNullable(queue((String) args[1]).poll(
                            Math.min(((Duration) args[0]).toMillis(), 50), TimeUnit.MILLISECONDS));
                    default -> null;
                });
    }

    /** @return what was pushed on a topic (or on every topic), in order */
    private List<Map.Entry<String, byte[]>> pushed(String topic) {
        synchronized (pushed) {
            return pushed.stream().filter(e -> topic == null || e.getKey().equals(topic)).toList();
        }
    }

    private BlockingQueue<byte[]> queue(String topic) {
        return topics.computeIfAbsent(topic, t -> new LinkedBlockingQueue<>());
    }

    private TaskContext task(String selfRole, String... roles) {
        Map<String, String> nodes = new java.util.HashMap<>();
        for (String r : roles) {
            nodes.put(r, "node-" + r);
        }
        return (TaskContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {TaskContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "selfRole" -> selfRole;
                    case "nodeIds" -> nodes;
                    case "sessionId" -> "session_1";
                    case "transport" -> {
                        if (!nodes.containsKey((String) args[0])) {
                            throw new IllegalArgumentException("no party " + args[0]);
                        }
                        yield session();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Link open(TaskContext task, LinkOptions options) {
        Link l = Links.open(task, options);
        links.add(l);
        return l;
    }

    @Test
    void ranksFollowTheRoleOrderAndTopicsNameBothRoles() throws Exception {
        Link host = open(task("host.0", "host.0", "guest.0"), LinkOptions.defaults());
        Link guest = open(task("guest.0", "host.0", "guest.0"), LinkOptions.defaults());
        assertEquals(List.of(1, 0, 2), List.of(host.selfRank(), host.peerRank(), host.worldSize()));
        assertEquals(List.of(0, 1, 2), List.of(guest.selfRank(), guest.peerRank(), guest.worldSize()));

        CompletableFuture<Void> hostConnects = CompletableFuture.runAsync(() -> call(host::connect));
        guest.connect();
        hostConnects.get(120, TimeUnit.SECONDS);
        // what travels is the serialized PushRequest itself, as the reference containers send it
        Map<String, String> keyByTopic = new java.util.HashMap<>();
        for (Map.Entry<String, byte[]> e : pushed(null)) {
            keyByTopic.put(e.getKey(), PushRequest.parseFrom(e.getValue()).getKey().replace(LinkWire.SEPARATOR, "|"));
        }
        assertEquals(Map.of("guest.0-host.0", "connect_0|0", "host.0-guest.0", "connect_1|0"), keyByTopic);
    }

    @Test
    void messagesOfAContextArriveInTheOrderTheyWereSent() throws Exception {
        Link a = open(task("guest.0", "guest.0", "host.0"), LinkOptions.defaults());
        Link b = open(task("host.0", "guest.0", "host.0"), LinkOptions.defaults());
        int n = 100;   // ten times the window: the sender waits for the reader all along
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> call(() -> {
            LinkContext root = LinkContext.root(a);
            for (int i = 0; i < n; i++) {
                root.send(("m" + i).getBytes());
            }
        }));
        LinkContext root = LinkContext.root(b);
        for (int i = 0; i < n; i++) {
            assertEquals("m" + i, new String(root.receive(LONG)));
        }
        sender.get(120, TimeUnit.SECONDS);
        CompletableFuture<Void> bf = CompletableFuture.runAsync(() -> call(b::finish));
        a.finish();
        bf.get(120, TimeUnit.SECONDS);
    }

    @Test
    void aMessageOfSeveralMebibytesTravelsChunkedAndArrivesWhole() throws Exception {
        Link a = open(task("guest.0", "guest.0", "host.0"), LinkOptions.defaults());
        Link b = open(task("host.0", "guest.0", "host.0"), LinkOptions.defaults());
        byte[] value = new byte[3 * LinkOptions.CHUNK_BYTES + 17];
        new Random(11).nextBytes(value);
        a.send("big", value);
        List<PushRequest> pushes = new ArrayList<>();
        for (Map.Entry<String, byte[]> p : pushed("guest.0-host.0")) {
            pushes.add(PushRequest.parseFrom(p.getValue()));
        }
        assertEquals(4, pushes.stream().filter(p -> p.getTransType() == TransType.CHUNKED).count());
        assertArrayEquals(value, b.receive("big"));
    }

    @Test
    void aSilentPeerFailsAReceiveNamingTheKeyAndTheTime() {
        Link a = open(task("guest.0", "guest.0", "host.0"), LinkOptions.defaults().withRecvTimeout(
                Duration.ofMillis(300)));
        TimeoutException e = assertThrows(TimeoutException.class, () -> a.receive("root:P2P-1:1->0"));
        assertTrue(e.getMessage().contains("the peer (rank 1) sent nothing under root:P2P-1:1->0 within 300 ms"),
                e.getMessage());
        TimeoutException c = assertThrows(TimeoutException.class, () -> a.connect(Duration.ofMillis(300)));
        assertTrue(c.getMessage().contains("did not connect within 300 ms"), c.getMessage());
    }

    @Test
    void tasksWithoutTheRightPartiesAreRefusedByName() {
        IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
                () -> Links.open(task("guest.0", "guest.0", "host.0", "host.1"), LinkOptions.defaults()));
        assertTrue(three.getMessage().contains("exactly two parties; the task names [guest.0, host.0, host.1]"),
                three.getMessage());
        IllegalArgumentException stranger = assertThrows(IllegalArgumentException.class,
                () -> Links.open(task("arbiter.0", "guest.0", "host.0"), LinkOptions.defaults()));
        assertTrue(stranger.getMessage().contains("this party (arbiter.0, config.self_role) is not among"),
                stranger.getMessage());
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
                () -> Links.open(task("guest.0", "guest.0", "host.0"), "guest.0", LinkOptions.defaults()));
        assertTrue(self.getMessage().contains("no peer guest.0"), self.getMessage());

        Link toSecondHost = Links.open(task("host.1", "guest.0", "host.0", "host.1"), "guest.0",
                LinkOptions.defaults());
        links.add(toSecondHost);
        assertEquals(List.of(2, 0, 3), List.of(toSecondHost.selfRank(), toSecondHost.peerRank(),
                toSecondHost.worldSize()));
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LinkOptions.defaults().withRecvTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> LinkOptions.defaults().withWindow(0));
        assertThrows(IllegalArgumentException.class, () -> LinkOptions.defaults().withChunkBytes(0));
        assertThrows(IllegalArgumentException.class, () -> LinkOptions.defaults().withMaxMessageBytes(1L << 40));
        assertThrows(IllegalArgumentException.class,
                () -> LinkOptions.defaults().withMaxMessageBytes(LinkOptions.CHUNK_BYTES - 1));
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
