/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.TransportSession;

/**
 * Components run on two parties of a test network the way the runtime runs them: messages between the parties per
 * topic, a silent or vanished peer, messages an attacker injects, the storage and the environment contract.
 */
class TestNetworkTest {

    @TempDir
    Path tmp;

    /** The body of a test component. */
    interface Body {
        void run(TaskContext context) throws Exception;
    }

    /** A component {@code kit_test} 1.0.0 that runs {@code body}. */
    static AlgorithmComponent component(Body body) {
        return new AlgorithmComponent() {
            @Override
            public Map<String, Object> selfDescription() {
                return Map.of("componentName", "kit_test", "title", "Kit test", "provider", "hutong", "version",
                        "1.0.0");
            }

            @Override
            public void run(TaskContext context) throws Exception {
                body.run(context);
            }
        };
    }

    private static String peerOf(TaskContext c) {
        return c.nodeIds().keySet().stream().filter(r -> !r.equals(c.selfRole())).findFirst().orElseThrow();
    }

    private static String text(Optional<byte[]> b) {
        return b.map(x -> new String(x, UTF_8)).orElse(null);
    }

    private TestNetwork twoParties() {
        TestNetwork net = new TestNetwork(tmp).runTimeout(Duration.ofSeconds(20));
        net.party("guest.0", "alice");
        net.party("host.0", "bob");
        return net;
    }

    @Test
    void twoPartiesExchangeMessagesAndEachEndsSuccessWithItsLogAndStages() {
        TestNetwork net = twoParties();
        TestRun run = net.run(component(c -> {
            TransportSession s = c.transport(peerOf(c));
            c.progress(0.2, "hello");
            s.push(("hello from " + c.selfRole()).getBytes(UTF_8), Map.of(), "greeting");
            String got = text(s.pop(Duration.ofSeconds(10), "greeting"));
            c.log("got " + got);
            c.progress(0.8, "done");
        }));

        assertEquals(List.of(TaskStatus.SUCCESS, TaskStatus.SUCCESS), run.states());
        PartyRun guest = run.party("guest.0");
        assertTrue(guest.log().contains("got hello from host.0"), guest.log().toString());
        assertTrue(run.party("host.0").log().contains("got hello from guest.0"));
        assertEquals(List.of("hello", "done"), guest.stages());
        TaskStatus s = guest.status();
        assertEquals("kit_test", s.component());
        assertEquals("1.0.0", s.version());
        assertEquals("guest", s.role());
        assertEquals("task-1", s.taskId());
        assertEquals(1.0, s.progress());
        assertEquals("success", s.stage());
        assertNull(s.reason());
        assertTrue(s.ended() != null && !s.ended().isBefore(s.started()));
        assertTrue(guest.log().get(0).startsWith("task started: component kit_test 1.0.0, role guest.0"));
        assertTrue(guest.log().contains("task SUCCESS"), guest.log().toString());
        assertTrue(net.party("guest.0").pendingTopics().isEmpty(), "everything sent was read");
    }

    @Test
    void eachTopicIsItsOwnFifoQueueAndAPartyNeverReadsWhatItPushed() {
        TestNetwork net = twoParties();
        net.party("host.0").absent();
        TestRun run = net.run(component(c -> {
            TransportSession s = c.transport("host.0");
            s.push("1".getBytes(UTF_8), Map.of(), "x");
            s.push("2".getBytes(UTF_8), Map.of(), "x");
            s.push("3".getBytes(UTF_8), Map.of(), "y");
            if (s.pop(Duration.ZERO, "x").isPresent()) {
                throw new AssertionError("a party read its own push");
            }
        }));
        assertEquals(List.of(TaskStatus.SUCCESS), run.states());
        TestParty host = net.party("host.0");
        assertEquals(List.of("1", "2"), host.pending("x").stream().map(b -> new String(b, UTF_8)).toList());
        assertEquals(List.of("3"), host.pending("y").stream().map(b -> new String(b, UTF_8)).toList());
        assertEquals(java.util.Set.of("x", "y"), host.pendingTopics());

        // the host's component now reads them: y first does not disturb x's order
        TestNetwork reader = new TestNetwork(tmp.resolve("r"));
        reader.party("guest.0", "alice").absent();
        TestParty h = reader.party("host.0", "bob");
        h.inject("x", "1".getBytes(UTF_8));
        h.inject("x", "2".getBytes(UTF_8));
        h.inject("y", "3".getBytes(UTF_8));
        List<String> order = new ArrayList<>();
        assertEquals(List.of(TaskStatus.SUCCESS), reader.run(component(c -> {
            TransportSession s = c.transport("guest.0");
            order.add(text(s.pop(Duration.ofSeconds(1), "y")));
            order.add(text(s.peek("x")));
            order.add(text(s.pop(Duration.ofSeconds(1), "x")));
            order.add(text(s.pop(Duration.ofSeconds(1), "x")));
            order.add(text(s.pop(Duration.ZERO, "x")));
        })).states());
        assertEquals(java.util.Arrays.asList("3", "1", "1", "2", null), order);
    }

    @Test
    void aSilentPeerMakesThePopTimeOutInBoundedTimeAndKeepsWhatWasSentToIt() {
        TestNetwork net = twoParties().maxPopWait(Duration.ofMillis(300));
        net.party("host.0").absent();
        long start = System.nanoTime();
        TestRun run = net.run(component(c -> {
            TransportSession s = c.transport("host.0");
            s.push("are you there".getBytes(UTF_8), Map.of(), "q");
            // asks for a minute; the network's pop limit answers after 300 ms
            if (s.pop(Duration.ofMinutes(1), "a").isEmpty()) {
                throw new IllegalStateException("host.0 did not answer");
            }
        }));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 5000, "took " + millis + " ms");
        PartyRun guest = run.party("guest.0");
        assertEquals(TaskStatus.FAILED, guest.status().state());
        assertEquals("host.0 did not answer", guest.status().reason());
        assertEquals("failed", guest.status().stage());
        assertTrue(guest.failure().orElseThrow() instanceof IllegalStateException);
        assertTrue(guest.log().contains("task FAILED: host.0 did not answer"));
        assertEquals("are you there", new String(net.party("host.0").pending("q").get(0), UTF_8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.party("host.0"));
        assertTrue(e.getMessage().contains("absent"));
    }

    @Test
    void aComponentThatNeverReturnsIsInterruptedAtTheRunTimeout() {
        TestNetwork net = twoParties().runTimeout(Duration.ofMillis(500));
        TestRun run = net.run(component(c -> new CountDownLatch(1).await()));
        for (PartyRun p : run.parties().values()) {
            assertEquals(TaskStatus.FAILED, p.status().state());
            assertTrue(p.status().reason().startsWith("did not end within PT0.5S"), p.status().reason());
            assertTrue(p.failure().orElseThrow() instanceof InterruptedException);
        }
    }

    @Test
    void anInjectedMessageReachesTheComponentAsIfThePeerHadSentIt() {
        TestNetwork net = twoParties();
        net.party("host.0").absent();
        TestParty guest = net.party("guest.0");
        assertTrue(guest.inject("host.0-guest.0", new byte[] {0, 1, 2, (byte) 0xff}));
        TestRun run = net.run(component(c -> {
            byte[] b = c.transport("host.0").pop(Duration.ofSeconds(5), "host.0-guest.0").orElseThrow();
            if (b.length != 4 || b[3] != (byte) 0xff) {
                throw new AssertionError("not the injected bytes");
            }
            throw new IOException("host.0 sent " + b.length + " bytes that are not a message");
        }));
        assertEquals("host.0 sent 4 bytes that are not a message", run.party("guest.0").status().reason());
    }

    @Test
    void injectionIsHeldToTheNodesLimitsAndDuplicateIds() {
        TestNetwork net = twoParties().maxMessageBytes(10).maxSessionBytes(15);
        TestParty guest = net.party("guest.0");
        PtpException tooLarge = assertThrows(PtpException.class, () -> guest.inject("t", new byte[11]));
        assertEquals(PtpCodes.TOO_LARGE, tooLarge.code());
        PtpMessage m = new PtpMessage("id-1", TestNetwork.DEFAULT_SESSION_ID, "t", new byte[10], Map.of());
        assertTrue(guest.inject(m));
        assertFalse(guest.inject(m), "a message id seen before is dropped");
        PtpException full = assertThrows(PtpException.class, () -> guest.inject("t", new byte[6]));
        assertEquals(PtpCodes.BUFFER_FULL, full.code());
        assertEquals(1, guest.pending("t").size());
    }

    @Test
    void pushesOverTheLimitsAreRefusedToTheComponentWithTheStandardCodes() {
        TestNetwork net = twoParties().maxMessageBytes(100).maxSessionBytes(150);
        net.party("host.0").absent();
        List<String> codes = new ArrayList<>();
        net.run(component(c -> {
            TransportSession s = c.transport("host.0");
            for (int size : new int[] {101, 100, 100}) {
                try {
                    s.push(new byte[size], Map.of(), "t");
                    codes.add("ok");
                } catch (PtpException e) {
                    codes.add(e.code());
                }
            }
        }));
        assertEquals(List.of(PtpCodes.TOO_LARGE, "ok", PtpCodes.BUFFER_FULL), codes);
    }

    @Test
    void aPeerWhoseNodeGoesAwayMidRunEndsWithReleasedAndItsMessagesVanish() throws Exception {
        TestNetwork net = twoParties();
        CountDownLatch hostWaits = new CountDownLatch(1);
        TestRun run = net.start(component(c -> {
            TransportSession s = c.transport(peerOf(c));
            if (c.selfRole().equals("host.0")) {
                c.progress(0.5, "waiting");
                hostWaits.countDown();
                s.pop(Duration.ofSeconds(30), "never");
                throw new AssertionError("pop returned");
            }
            hostWaits.await();
            net.party("host.0").disconnect();
            s.push("lost".getBytes(UTF_8), Map.of(), "t");
        }));
        run.await();
        PartyRun host = run.party("host.0");
        assertEquals(TaskStatus.FAILED, host.status().state());
        assertTrue(host.status().reason().contains("has been released"), host.status().reason());
        assertEquals(PtpCodes.RELEASED, ((PtpException) host.failure().orElseThrow()).code());
        assertEquals(TaskStatus.SUCCESS, run.party("guest.0").status().state(), "a push towards a gone node is queued");
        assertTrue(net.party("host.0").pending("t").isEmpty());
    }

    @Test
    void awaitStatusFollowsTheTaskMidRun() throws Exception {
        TestNetwork net = twoParties();
        net.party("host.0").absent();
        CountDownLatch go = new CountDownLatch(1);
        TestRun run = net.start(component(c -> {
            c.progress(0.3, "psi");
            go.await();
            c.progress(Double.NaN, "write");
        }));
        TaskStatus mid = run.party("guest.0").awaitStatus(s -> "psi".equals(s.stage()), Duration.ofSeconds(10));
        assertEquals(0.3, mid.progress());
        assertEquals(TaskStatus.RUNNING, mid.state());
        assertThrows(IllegalStateException.class, () -> net.start(component(c -> { })), "one run at a time");
        go.countDown();
        run.await();
        assertEquals(List.of("psi", "write"), run.party("guest.0").stages());
        AssertionError never = assertThrows(AssertionError.class,
                () -> run.party("guest.0").awaitStatus(s -> "psi".equals(s.stage()), Duration.ofSeconds(1)));
        assertTrue(never.getMessage().contains("ended without the awaited status"));
    }

    @Test
    void aSessionThatIsNotAJobsIsReleasedWhenTheTaskEndsAndTheLateSenderHearsOfIt() {
        TestNetwork net = twoParties().sessionId("session_single-task");
        CountDownLatch guestEnded = new CountDownLatch(1);
        TestRun run = net.run(component(c -> {
            TransportSession s = c.transport(peerOf(c));
            if (c.selfRole().equals("guest.0")) {
                return;
            }
            // wait until the guest's task ended (its node released the session), then push to it
            while (!net.party("guest.0").queues().isReleased("session_single-task")) {
                s.pop(Duration.ofMillis(20), "nothing");
            }
            guestEnded.countDown();
            s.push("late".getBytes(UTF_8), Map.of(), "t");
            s.pop(Duration.ofSeconds(5), "t");
        }));
        assertEquals(0, guestEnded.getCount());
        assertTrue(run.party("guest.0").log().contains("transport session session_single-task released"));
        PartyRun host = run.party("host.0");
        assertEquals(TaskStatus.FAILED, host.status().state());
        assertTrue(host.status().reason().startsWith("a message on topic t could not be delivered"),
                host.status().reason());

        TestNetwork job = new TestNetwork(tmp.resolve("job"));
        job.party("guest.0", "alice");
        job.party("host.0", "bob").absent();
        TestRun kept = job.run(component(c -> c.transport("host.0")));
        assertTrue(kept.party("guest.0").log().contains("transport session " + TestNetwork.DEFAULT_SESSION_ID
                + " kept for the job's next task"));
    }

    @Test
    void storageRoundTripWithTheRuntimesFileSemantics() {
        TestNetwork net = twoParties();
        net.party("host.0").absent();
        TestParty guest = net.party("guest.0").csvInput("data", "id\na\nb\n").output("result")
                .input("missing", new DataRef("data", "nothing.csv"));
        List<String> errors = new ArrayList<>();
        TestRun run = net.run(component(c -> {
            Path in = c.storage().read(c.inputs().get("data"));
            Path out = c.storage().write(c.outputs().get("result"));
            Files.writeString(out, Files.readString(in).toUpperCase());
            try {
                c.storage().read(c.inputs().get("missing"));
            } catch (NoSuchFileException e) {
                errors.add(e.getMessage());
            }
            for (DataRef bad : List.of(new DataRef("..", "x"), new DataRef("data", "../../x"),
                    new DataRef("/etc", "passwd"), new DataRef("data", "."))) {
                try {
                    c.storage().write(bad);
                    errors.add("written: " + bad);
                } catch (IOException e) {
                    errors.add(e.getMessage().contains("points outside the storage") ? "refused" : e.getMessage());
                }
            }
        }));
        assertEquals(List.of(TaskStatus.SUCCESS), run.states());
        assertEquals("ID\nA\nB\n", guest.readOutput("result"));
        assertEquals("ID\nA\nB\n", guest.read(new DataRef("out", "result")));
        assertTrue(Files.isRegularFile(guest.storageRoot().resolve("out/result")));
        assertTrue(errors.get(0).contains("holds no data {namespace: data, name: nothing.csv}"), errors.get(0));
        assertEquals(List.of("refused", "refused", "refused", "refused"), errors.subList(1, 5));
        assertThrows(IllegalArgumentException.class, () -> guest.readOutput("nope"));
        assertThrows(java.io.UncheckedIOException.class, () -> guest.read(new DataRef("out", "absent")));
    }

    @Test
    void theTaskIsGivenTheEnvironmentContractOfTheRuntime() {
        TestNetwork net = new TestNetwork(tmp).taskId("t-42").traceId("tr-9").token("tok")
                .parameter("curve", "sm2").parameter("rank", "-1");
        TestParty guest = net.party("guest.0", "alice", "inst-a").parameter("rank", "0")
                .csvInput("train_data", "id\n").output("result", new DataRef("out", "we\"ird.csv"))
                .env("system.transport", "127.0.0.1:7304");
        net.party("host.0", "bob").absent();
        TestRun run = net.run(component(c -> { }));
        PartyRun g = run.party("guest.0");
        Map<String, String> env = g.environment();
        assertEquals("t-42", env.get("config.task_id"));
        assertEquals("guest.0", env.get("config.self_role"));
        assertEquals("alice", env.get("config.node_id.guest.0"));
        assertEquals("bob", env.get("config.node_id.host.0"));
        assertEquals("inst-a", env.get("config.inst_id.guest.0"));
        assertEquals("bob", env.get("config.inst_id.host.0"));
        assertEquals(TestNetwork.DEFAULT_SESSION_ID, env.get("config.session_id"));
        assertEquals("tr-9", env.get("config.trace_id"));
        assertEquals("tok", env.get("config.token"));
        assertEquals("kit_test", env.get("runtime.component.name"));
        assertEquals("sm2", env.get("runtime.component.parameter.curve"));
        assertEquals("0", env.get("runtime.component.parameter.rank"), "the party's value wins");
        assertEquals("{\"namespace\":\"data\",\"name\":\"train_data.csv\"}", env.get("runtime.component.input.train_data"));
        assertEquals("{\"namespace\":\"out\",\"name\":\"we\\\"ird.csv\"}", env.get("runtime.component.output.result"));
        assertEquals("127.0.0.1:7304", env.get("system.transport"));
        assertTrue(env.get("system.storage").startsWith("file:///") && env.get("system.storage").endsWith("/"));
        assertTrue(Files.isDirectory(Path.of(env.get("config.log.path"))));
        assertEquals(guest.storage().uri(), env.get("system.storage"));

        TaskContext c = g.context();
        assertEquals(Map.of("guest.0", "alice", "host.0", "bob"), c.nodeIds());
        assertEquals(List.of("guest.0", "host.0"), List.copyOf(c.nodeIds().keySet()), "roles in order");
        assertEquals(Map.of("curve", "sm2", "rank", "0"), c.parameters());
        assertEquals(new DataRef("data", "train_data.csv"), c.inputs().get("train_data"));
        assertEquals("t-42", c.taskId());
        assertEquals("tok", c.token());
        assertEquals(Path.of(env.get("config.log.path")), c.logPath());
        assertEquals(Optional.of("sm2"), c.parameter("curve"));

        IllegalStateException ended = assertThrows(IllegalStateException.class, () -> c.transport("host.0"));
        assertTrue(ended.getMessage().contains("has ended"));
        IllegalArgumentException stranger = assertThrows(IllegalArgumentException.class, () -> c.transport("host.1"));
        assertTrue(stranger.getMessage().contains("has no party host.1"));
    }

    @Test
    void thePushedMessageCarriesTheTasksHeaders() {
        TestNetwork net = twoParties();
        net.party("host.0").absent();
        net.run(component(c -> c.transport("host.0").push(new byte[] {1}, Map.of("x-extra", "1"), "t")));
        NodeQueues host = net.party("host.0").queues();
        Map<String, String> meta = host.pending(TestNetwork.DEFAULT_SESSION_ID, "t").get(0).metadata();
        assertEquals("bob", meta.get(PtpHeaders.TARGET_NODE_ID));
        assertEquals("alice", meta.get(PtpHeaders.SOURCE_NODE_ID));
        assertEquals("token-1", meta.get(PtpHeaders.TOKEN));
        assertEquals("trace-1", meta.get(PtpHeaders.TRACE_ID));
        assertEquals("1", meta.get("x-extra"));
        assertFalse(meta.get(PtpHeaders.MESSAGE_ID).isEmpty());
    }

    @Test
    void malformedDeclarationsAreRefusedNamingWhatIsWrong() {
        TestNetwork net = new TestNetwork(tmp);
        assertTrue(assertThrows(IllegalStateException.class, () -> net.run(component(c -> { }))).getMessage()
                .contains("declare the parties first"));
        assertThrows(IllegalArgumentException.class, () -> net.party("guest", "alice"));
        assertThrows(IllegalArgumentException.class, () -> net.party("guest.0", "al ice"));
        assertThrows(IllegalArgumentException.class, () -> net.party("guest.0", ""));
        net.party("guest.0", "alice");
        assertThrows(IllegalArgumentException.class, () -> net.party("guest.0", "alice2"));
        assertThrows(IllegalArgumentException.class, () -> net.taskId("../x"));
        assertThrows(IllegalArgumentException.class, () -> net.maxMessageBytes(0));
        assertThrows(IllegalArgumentException.class, () -> net.runTimeout(Duration.ZERO));
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> net.party("guest.0").env("config.task_id", "x"));
        assertTrue(reserved.getMessage().contains("set by the kit"));
        assertThrows(IllegalArgumentException.class, () -> net.party("guest.0").parameter(" ", "x"));
        assertThrows(java.io.UncheckedIOException.class,
                () -> net.party("guest.0").input("x", new DataRef("..", "escape"), "boom"));
        assertThrows(IllegalArgumentException.class, () -> net.party("host.0"));
    }

    @Test
    void aPartyCanRunItsOwnMisbehavingComponent() {
        TestNetwork net = twoParties();
        net.party("host.0").component(component(c -> {
            throw new Error("boom");
        }));
        TestRun run = net.run(component(c -> { }));
        assertEquals(TaskStatus.SUCCESS, run.party("guest.0").status().state());
        assertEquals("Error: boom", run.party("host.0").status().reason());
    }
}
