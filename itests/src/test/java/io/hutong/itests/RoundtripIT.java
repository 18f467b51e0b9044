/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static io.hutong.itests.TransportNodes.grpcPort;
import static io.hutong.itests.TransportNodes.post;
import static io.hutong.itests.TransportNodes.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.itests.TransportNodes.Node;
import io.hutong.itests.TransportNodes.Reply;
import io.hutong.itests.resource.ResourceActivator;
import io.hutong.transport.client.PtpClient;
import io.hutong.transport.client.PtpClientException;
import io.hutong.transport.client.PtpSession;

/**
 * Roundtrips ({@code mesh.chan.roundtrip}, decision TR17) between two real nodes: a container on
 * alice asks, through alice, a resource that a bundle deployed on bob registered, over each
 * east-west protocol and each client protocol; and what goes wrong on the way is answered with the
 * standard's codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoundtripIT {

    @TempDir
    static Path tmp;

    private TransportNodes nodes;
    private Node alice;
    private Node bob;
    private int bobGrpc;

    @BeforeAll
    void start() throws Exception {
        nodes = new TransportNodes(tmp);
        alice = nodes.start("alice");
        bob = nodes.startWithOwnHome("bob");
        bobGrpc = grpcPort(bob); // kept: a stopped node has no ready.json
        TestBundles.write(bob.deploy().resolve("itest-resource.jar"), "io.hutong.itests.resource", "1.0.0", ResourceActivator.class,
                "org.osgi.framework,io.hutong.api.transport;version=\"[1.1,2)\"", Map.of());
        routeBob("grpc");
        // the bundle is up once its resource answers
        long deadline = System.nanoTime() + NodeProcess.EFFECT.toNanos();
        try (PtpClient c = PtpClient.connect("grpc://127.0.0.1:" + grpcPort(alice))) {
            while (true) {
                try {
                    c.roundtrip("x".getBytes(), ask("/itest/reverse"));
                    break;
                } catch (PtpClientException e) {
                    if (!"E0000000404".equals(e.code()) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    @AfterAll
    void stop() {
        nodes.close();
    }

    private void routeBob(String protocol) throws Exception {
        int port = "grpc".equals(protocol) ? bobGrpc : bob.eastWest;
        Reply r = send(alice.adminUrl("/v1/admin/routes/bob"), "PUT", Map.of(), "application/json",
                ("{\"address\":\"127.0.0.1:" + port + "\",\"protocol\":\"" + protocol + "\"}").getBytes());
        assertEquals(200, r.status(), new String(r.body()));
    }

    private static Map<String, String> ask(String uri) {
        Map<String, String> m = new HashMap<>();
        m.put("x-ptp-target-node-id", "bob");
        m.put("x-ptp-uri", uri);
        m.put("x-ptp-token", "tk-1");
        m.put("x-ptp-trace-id", "trace-1");
        m.put("x-ptp-tech-provider-code", "hutong-itest");
        return m;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private String[] clients() throws Exception {
        return new String[] {"grpc://127.0.0.1:" + grpcPort(alice), "http://127.0.0.1:" + alice.eastWest,
                "http+protobuf://127.0.0.1:" + alice.eastWest};
    }

    @Test
    @Order(1)
    void aResourceOnBobAnswersAContainerOnAliceOverEveryProtocolPair() throws Exception {
        for (String east : new String[] {"grpc", "http"}) {
            routeBob(east);
            for (String address : clients()) {
                try (PtpClient c = PtpClient.connect(address)) {
                    String via = east + " east-west, client " + address;
                    assertEquals("olleh", text(c.roundtrip("hello".getBytes(), ask("/itest/reverse"))), via);
                    Map<String, String> meta = ask("/itest/whoami");
                    meta.put("x-ptp-session-id", "session_job-rt");
                    assertEquals("node=bob source=alice session=session_job-rt token=tk-1 trace=trace-1",
                            text(c.roundtrip(new byte[0], meta)), via);
                    String generated = text(c.roundtrip(new byte[0], ask("/itest/whoami")));
                    assertTrue(generated.contains("session=roundtrip-"), via + ": " + generated);
                    assertEquals(0, c.roundtrip(new byte[0], ask("/itest/reverse")).length, via);
                }
            }
        }
    }

    @Test
    @Order(2)
    void fiveMebibytesGoThereAndBackOverBothProtocols() throws Exception {
        byte[] big = new byte[5 << 20];
        new Random(7).nextBytes(big);
        byte[] reversed = new byte[big.length];
        for (int i = 0; i < big.length; i++) {
            reversed[i] = big[big.length - 1 - i];
        }
        for (String east : new String[] {"grpc", "http"}) {
            routeBob(east);
            try (PtpClient c = PtpClient.connect("grpc://127.0.0.1:" + grpcPort(alice))) {
                assertArrayEquals(reversed, c.roundtrip(big, ask("/itest/reverse")), east);
            }
        }
    }

    @Test
    @Order(3)
    void failuresAnswerWithTheStandardsCodesAndNameTheCause() throws Exception {
        for (String east : new String[] {"grpc", "http"}) {
            routeBob(east);
            for (String address : clients()) {
                try (PtpClient c = PtpClient.connect(address)) {
                    String via = east + " east-west, client " + address;
                    PtpClientException none = assertThrows(PtpClientException.class, () -> c.roundtrip(new byte[1], ask("/itest/nothing")));
                    assertEquals("E0000000404", none.code(), via);
                    assertTrue(none.reason().contains("/itest/nothing") && none.reason().contains("bob"), via + ": " + none.reason());
                    PtpClientException busy = assertThrows(PtpClientException.class, () -> c.roundtrip(new byte[1], ask("/itest/busy")));
                    assertEquals("E0000000700", busy.code(), via);
                    assertTrue(busy.reason().contains("itest resource busy"), via + ": " + busy.reason());
                    PtpClientException broken = assertThrows(PtpClientException.class, () -> c.roundtrip(new byte[1], ask("/itest/broken")));
                    assertEquals("E0000000500", broken.code(), via);
                    assertTrue(broken.reason().contains("broken on purpose"), via + ": " + broken.reason());

                    Map<String, String> carol = ask("/itest/reverse");
                    carol.put("x-ptp-target-node-id", "carol");
                    PtpClientException unknown = assertThrows(PtpClientException.class, () -> c.roundtrip(new byte[1], carol));
                    assertEquals("E0000000618", unknown.code(), via);
                    assertTrue(unknown.reason().contains("carol"), via + ": " + unknown.reason());
                    Map<String, String> noUri = ask("/itest/reverse");
                    noUri.remove("x-ptp-uri");
                    // without a uri an invoke is a passthrough message for a queue (T7), so the client refuses to send it
                    PtpClientException missing = assertThrows(PtpClientException.class, () -> c.roundtrip(new byte[1], noUri));
                    assertEquals("E0000000400", missing.code(), via);
                    assertTrue(missing.reason().contains("x-ptp-uri"), via + ": " + missing.reason());
                }
            }
        }
        // a resource at alice herself is asked without an east-west hop
        try (PtpClient c = PtpClient.connect("grpc://127.0.0.1:" + grpcPort(alice))) {
            Map<String, String> self = ask("/itest/reverse");
            self.put("x-ptp-target-node-id", "alice");
            assertEquals("E0000000404", assertThrows(PtpClientException.class, () -> c.roundtrip(new byte[1], self)).code(),
                    "alice has no such resource: the bundle was deployed on bob only");
        }
    }

    @Test
    @Order(4)
    void aNodeDoesNotRelayAPeersRoundtripToAThirdNode() throws Exception {
        // carol, a peer, asks bob for something at alice: bob answers only for itself
        Reply r = post(bob.chan("invoke"), Map.of("x-ptp-session-id", "s-relay", "x-ptp-source-node-id", "carol",
                "x-ptp-target-node-id", "alice", "x-ptp-uri", "/itest/reverse", "x-ptp-version", "2"), "application/json",
                "{\"payload\":\"eA==\"}".getBytes());
        assertEquals(200, r.status());
        assertEquals("E0000000618", r.code());
        assertTrue(r.json().path("message").asText().contains("does not relay"), new String(r.body()));
        // the same request for bob himself is answered, in JSON with the payload in base64
        Reply own = post(bob.chan("invoke"), Map.of("x-ptp-session-id", "s-relay", "x-ptp-source-node-id", "carol",
                "x-ptp-target-node-id", "bob", "x-ptp-uri", "/itest/reverse", "x-ptp-version", "2"), "application/json",
                "{\"payload\":\"YWJj\"}".getBytes());
        assertEquals("E0000000000", own.code(), new String(own.body()));
        assertEquals("cba", text(java.util.Base64.getDecoder().decode(own.json().path("payload").asText())));
    }

    @Test
    @Order(5)
    void closingTheChannelReleasesItsSessions() throws Exception {
        PtpClient c = PtpClient.connect("http+protobuf://127.0.0.1:" + alice.eastWest);
        PtpSession s = c.open("s-close", Map.of("x-ptp-target-node-id", "alice"));
        s.push("unread".getBytes(), "t");
        c.close(Duration.ofSeconds(5));
        try (PtpClient other = PtpClient.connect("grpc://127.0.0.1:" + grpcPort(alice))) {
            PtpClientException released = assertThrows(PtpClientException.class,
                    () -> other.open("s-close", Map.of()).pop(Duration.ofSeconds(1), "t"));
            assertEquals("E0000000608", released.code(), "the unread message went with the session");
        }
    }

    @Test
    @Order(9)
    void aRoundtripToAStoppedPeerFailsAtOnceAndIsNotRetried() throws Exception {
        TransportNodes.stop(bob);
        for (String east : new String[] {"grpc", "http"}) {
            routeBob(east);
            try (PtpClient c = PtpClient.connect("grpc://127.0.0.1:" + grpcPort(alice))) {
                long start = System.nanoTime();
                PtpClientException down = assertThrows(PtpClientException.class, () -> c.roundtrip(new byte[1], ask("/itest/reverse")));
                assertEquals("E0000000607", down.code(), east + ": " + down.reason());
                assertTrue(down.reason().contains("bob"), down.reason());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "answered without waiting for bob");
            }
        }
    }
}
