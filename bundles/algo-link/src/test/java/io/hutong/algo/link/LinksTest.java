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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;
import io.hutong.component.testkit.TestNetwork;
import io.hutong.component.testkit.TestRun;
import io.hutong.protocol.interconnection.link.PushRequest;
import io.hutong.protocol.interconnection.link.TransType;

/**
 * Links opened for tasks the way a component opens them, each party a task of the component test kit (its loopback
 * transport has the node queues' semantics): ranks by role order, topics per direction, the task's transport session,
 * messages in order, a large message chunked and whole again, and clear errors for a task without the peer or a peer
 * that never answers.
 */
class LinksTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** A network of {@code roles}, each role's node named {@code node-<role without the dot>}. */
    private TestNetwork network(String name, String... roles) {
        TestNetwork net = new TestNetwork(tmp.resolve(name)).runTimeout(Duration.ofSeconds(60));
        for (String r : roles) {
            net.party(r, "node-" + r.replace('.', '-'));
        }
        return net;
    }

    @Test
    void ranksFollowTheRoleOrderAndTopicsNameBothRoles() throws Exception {
        // each side alone, so what it pushed stays readable in the absent peer's queue
        for (String[] side : new String[][] {{"guest.0", "host.0", "0,1,2", "guest.0-host.0", "connect_0|0"},
                {"host.0", "guest.0", "1,0,2", "host.0-guest.0", "connect_1|0"}}) {
            TestNetwork net = network(side[0], "guest.0", "host.0");
            net.party(side[1]).absent();
            List<String> ranks = new ArrayList<>();
            TestRun run = net.run(task(ctx -> {
                try (Link link = Links.open(ctx, LinkOptions.defaults())) {
                    ranks.add(link.selfRank() + "," + link.peerRank() + "," + link.worldSize());
                    assertThrows(TimeoutException.class, () -> link.connect(Duration.ofMillis(200)));
                }
            }));
            assertSucceeded(run, side[0]);
            assertEquals(List.of(side[2]), ranks);
            // what travels is the serialized PushRequest itself, as the reference containers send it
            List<byte[]> pushed = net.party(side[1]).pending(side[3]);
            assertEquals(1, pushed.size());
            assertEquals(side[4], PushRequest.parseFrom(pushed.get(0)).getKey().replace(LinkWire.SEPARATOR, "|"));
            assertEquals(java.util.Set.of(side[3]), net.party(side[1]).pendingTopics());
        }
    }

    @Test
    void messagesOfAContextArriveInTheOrderTheyWereSent() {
        TestNetwork net = network("order", "guest.0", "host.0");
        int n = 100;   // ten times the window: the sender waits for the reader all along
        net.party("guest.0").component(task(ctx -> {
            try (Link a = Links.open(ctx, LinkOptions.defaults())) {
                a.connect();
                LinkContext root = LinkContext.root(a);
                for (int i = 0; i < n; i++) {
                    root.send(("m" + i).getBytes());
                }
                a.finish();
            }
        }));
        List<String> received = new ArrayList<>();
        TestRun run = net.run(task(ctx -> {
            try (Link b = Links.open(ctx, LinkOptions.defaults())) {
                b.connect();
                LinkContext root = LinkContext.root(b);
                for (int i = 0; i < n; i++) {
                    received.add(new String(root.receive(LONG)));
                }
                b.finish();
            }
        }));
        assertSucceeded(run, "guest.0");
        assertSucceeded(run, "host.0");
        assertEquals(java.util.stream.IntStream.range(0, n).mapToObj(i -> "m" + i).toList(), received);
    }

    @Test
    void aMessageOfSeveralMebibytesTravelsChunkedAndArrivesWhole() throws Exception {
        byte[] value = new byte[3 * LinkOptions.CHUNK_BYTES + 17];
        new Random(11).nextBytes(value);
        AlgorithmComponent sender = task(ctx -> {
            try (Link a = Links.open(ctx, LinkOptions.defaults())) {
                a.send("big", value);
            }
        });

        TestNetwork alone = network("chunks", "guest.0", "host.0");
        alone.party("host.0").absent();
        assertSucceeded(alone.run(sender), "guest.0");
        List<PushRequest> pushes = new ArrayList<>();
        for (byte[] p : alone.party("host.0").pending("guest.0-host.0")) {
            pushes.add(PushRequest.parseFrom(p));
        }
        assertEquals(4, pushes.stream().filter(p -> p.getTransType() == TransType.CHUNKED).count());

        TestNetwork both = network("whole", "guest.0", "host.0");
        both.party("guest.0").component(sender);
        byte[][] got = new byte[1][];
        TestRun run = both.run(task(ctx -> {
            try (Link b = Links.open(ctx, LinkOptions.defaults())) {
                got[0] = b.receive("big");
            }
        }));
        assertSucceeded(run, "host.0");
        assertArrayEquals(value, got[0]);
    }

    @Test
    void aSilentPeerFailsAReceiveNamingTheKeyAndTheTime() {
        TestNetwork net = network("silent", "guest.0", "host.0");
        net.party("host.0").absent();
        TestRun run = net.run(task(ctx -> {
            try (Link a = Links.open(ctx, LinkOptions.defaults().withRecvTimeout(Duration.ofMillis(300)))) {
                TimeoutException e = assertThrows(TimeoutException.class, () -> a.receive("root:P2P-1:1->0"));
                assertTrue(e.getMessage().contains("the peer (rank 1) sent nothing under root:P2P-1:1->0 within 300 ms"),
                        e.getMessage());
                TimeoutException c = assertThrows(TimeoutException.class, () -> a.connect(Duration.ofMillis(300)));
                assertTrue(c.getMessage().contains("did not connect within 300 ms"), c.getMessage());
            }
        }));
        assertSucceeded(run, "guest.0");
    }

    @Test
    void tasksWithoutTheRightPartiesAreRefusedByName() {
        TestNetwork net = network("parties", "guest.0", "host.0", "host.1");
        List<String> ranks = new ArrayList<>();
        net.party("guest.0").component(task(ctx -> {
            IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
                    () -> Links.open(ctx, LinkOptions.defaults()));
            assertTrue(three.getMessage().contains("exactly two parties; the task names [guest.0, host.0, host.1]"),
                    three.getMessage());
            IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
                    () -> Links.open(ctx, "guest.0", LinkOptions.defaults()));
            assertTrue(self.getMessage().contains("no peer guest.0"), self.getMessage());
        }));
        net.party("host.0").absent();
        TestRun run = net.run(task(ctx -> {
            try (Link toGuest = Links.open(ctx, "guest.0", LinkOptions.defaults())) {
                ranks.add(toGuest.selfRank() + "," + toGuest.peerRank() + "," + toGuest.worldSize());
            }
        }));
        assertSucceeded(run, "guest.0");
        assertSucceeded(run, "host.1");
        assertEquals(List.of("2,0,3"), ranks);

        // a self role the task does not name: no runtime builds such a context, so a bare one
        TaskContext stranger = (TaskContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TaskContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "selfRole" -> "arbiter.0";
                    case "nodeIds" -> Map.of("guest.0", "node-guest-0", "host.0", "node-host-0");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Links.open(stranger, LinkOptions.defaults()));
        assertTrue(e.getMessage().contains("this party (arbiter.0, config.self_role) is not among"), e.getMessage());
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
        void run(TaskContext ctx) throws Exception;
    }

    /** A component whose task is the test's code; an assertion failing in it fails the party's task. */
    private static AlgorithmComponent task(Body body) {
        return new AlgorithmComponent() {
            @Override
            public Map<String, Object> selfDescription() {
                return Map.of("componentName", "link_test", "version", "1.0.0");
            }

            @Override
            public void run(TaskContext ctx) throws Exception {
                body.run(ctx);
            }
        };
    }

    private static void assertSucceeded(TestRun run, String role) {
        TaskStatus s = run.party(role).status();
        assertEquals(TaskStatus.SUCCESS, s.state(), () -> role + ": " + s.reason() + "\n" + run.party(role).log());
    }
}
