/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.examples.rowstats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.algo.link.Link;
import io.hutong.algo.link.LinkContext;
import io.hutong.algo.link.LinkOptions;
import io.hutong.algo.link.Links;
import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;
import io.hutong.component.testkit.PartyRun;
import io.hutong.component.testkit.TestNetwork;
import io.hutong.component.testkit.TestRun;

/** The row_stats component run by both parties of a task on the component test kit, honest and hostile. */
class RowStatsComponentTest {

    private static final String GUEST_CSV = "id,amount\na,1.5\nb,2.5\nc,-4\n";
    private static final String HOST_CSV = "id,amount\nx,10\ny,20\n";

    @TempDir
    Path tmp;
    private TestNetwork net;

    @BeforeEach
    void parties() {
        net = new TestNetwork(tmp).parameter("column", "amount").parameter("recv_timeout_ms", "1000")
                .parameter("connect_timeout_ms", "1000").runTimeout(Duration.ofSeconds(30));
        net.party("guest.0", "alice").csvInput("data", GUEST_CSV).output("result");
        net.party("host.0", "bob").csvInput("data", HOST_CSV).output("result");
    }

    @Test
    void bothPartiesWriteOwnPeerAndCombinedStatistics() {
        TestRun run = net.run(new RowStatsComponent());

        assertEquals(TaskStatus.SUCCESS, state(run, "guest.0"), () -> reason(run, "guest.0"));
        assertEquals(TaskStatus.SUCCESS, state(run, "host.0"), () -> reason(run, "host.0"));
        String own = "{\"count\":3,\"sum\":0.0,\"mean\":0.0,\"min\":-4.0,\"max\":2.5}";
        String peer = "{\"count\":2,\"sum\":30.0,\"mean\":15.0,\"min\":10.0,\"max\":20.0}";
        String combined = "{\"count\":5,\"sum\":30.0,\"mean\":6.0,\"min\":-4.0,\"max\":20.0}";
        assertEquals("{\"component\":\"row_stats\",\"column\":\"amount\",\"self_role\":\"guest.0\","
                + "\"peer_role\":\"host.0\",\"own\":" + own + ",\"peer\":" + peer + ",\"combined\":" + combined
                + "}\n", net.party("guest.0").readOutput("result"));
        assertEquals("{\"component\":\"row_stats\",\"column\":\"amount\",\"self_role\":\"host.0\","
                + "\"peer_role\":\"guest.0\",\"own\":" + peer + ",\"peer\":" + own + ",\"combined\":" + combined
                + "}\n", net.party("host.0").readOutput("result"));
        assertTrue(run.party("guest.0").stages().containsAll(java.util.List.of("compute", "connect", "exchange",
                "write")), () -> "stages: " + run.party("guest.0").stages());
    }

    @Test
    void aPartyWithoutRowsStillLearnsThePeersStatistics() {
        net.party("host.0").csvInput("data", "id,amount\n");

        TestRun run = net.run(new RowStatsComponent());

        assertEquals(TaskStatus.SUCCESS, state(run, "host.0"), () -> reason(run, "host.0"));
        assertTrue(net.party("host.0").readOutput("result").contains(
                "\"own\":{\"count\":0,\"sum\":0.0,\"mean\":null,\"min\":null,\"max\":null}"));
        assertTrue(net.party("host.0").readOutput("result").contains(
                "\"combined\":{\"count\":3,\"sum\":0.0,\"mean\":0.0,\"min\":-4.0,\"max\":2.5}"));
    }

    @Test
    void aPeerSendingGarbageFailsTheTaskWithoutOutput() {
        net.party("host.0").component(peerSending("hello, I am not statistics".getBytes(StandardCharsets.UTF_8)));

        TestRun run = net.run(new RowStatsComponent());

        assertEquals(TaskStatus.FAILED, state(run, "guest.0"));
        assertEquals("peer host.0 sent malformed statistics: expected 36 bytes, got 26", reason(run, "guest.0"));
        assertNoOutput("guest.0");
    }

    @Test
    void aPeerClaimingANegativeCountOrNonFiniteSumIsRefused() {
        net.party("host.0").component(peerSending(message(-1, 0, 0, 0)));
        TestRun run = net.run(new RowStatsComponent());
        assertEquals(TaskStatus.FAILED, state(run, "guest.0"));
        assertEquals("peer host.0 sent malformed statistics: count is negative: -1", reason(run, "guest.0"));
        assertNoOutput("guest.0");

        net.party("host.0").component(peerSending(message(2, Double.NaN, 1, 2)));
        TestRun again = net.run(new RowStatsComponent());
        assertEquals(TaskStatus.FAILED, state(again, "guest.0"));
        assertTrue(reason(again, "guest.0").startsWith("peer host.0 sent malformed statistics: sum, min and max must"
                + " be finite"), () -> reason(again, "guest.0"));
        assertNoOutput("guest.0");
    }

    @Test
    void anOversizePeerMessageIsRefused() {
        net.party("host.0").component(peerSending(new byte[200_000]));

        TestRun run = net.run(new RowStatsComponent());

        assertEquals(TaskStatus.FAILED, state(run, "guest.0"));
        assertTrue(reason(run, "guest.0").contains("200000"), () -> reason(run, "guest.0"));
        assertNoOutput("guest.0");
    }

    @Test
    void aSilentPeerFailsTheTaskWithinTheTimeout() {
        net.party("host.0").absent();
        long start = System.nanoTime();

        TestRun run = net.run(new RowStatsComponent());

        assertEquals(TaskStatus.FAILED, state(run, "guest.0"));
        assertEquals("peer host.0 did not join the task within 1000 ms (connect_timeout_ms)", reason(run, "guest.0"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(15)) < 0);
        assertNoOutput("guest.0");
    }

    @Test
    void aPeerThatJoinsButNeverAnswersFailsTheTaskOnTheReceiveTimeout() {
        net.party("host.0").component(new HostilePeer() {
            @Override
            void talk(LinkContext root) {
                // joins, says nothing
            }
        });

        TestRun run = net.run(new RowStatsComponent());

        assertEquals(TaskStatus.FAILED, state(run, "guest.0"));
        assertEquals("peer host.0 sent no statistics within 1000 ms (recv_timeout_ms)", reason(run, "guest.0"));
        assertNoOutput("guest.0");
    }

    @Test
    void aNonNumericValueFailsTheTaskNamingTheRow() {
        net.party("guest.0").csvInput("data", "id,amount\na,1\nb,twelve\n");

        TestRun run = net.run(new RowStatsComponent());

        assertEquals(TaskStatus.FAILED, state(run, "guest.0"));
        assertEquals("row 2 (line 3): column 'amount' holds 'twelve', not a number", reason(run, "guest.0"));
        assertNoOutput("guest.0");
        // the peer waits for statistics that never come, and says so
        assertEquals(TaskStatus.FAILED, state(run, "host.0"));
        assertNoOutput("host.0");
    }

    @Test
    void nanInfinityAndShortRowsAreNotNumbers() {
        net.party("host.0").absent(); // the guest fails before it connects
        for (String[] bad : new String[][] {{"id,amount\na,NaN\n", "holds 'NaN'"},
                {"id,amount\na,Infinity\n", "holds 'Infinity'"}, {"id,amount\na,1e999\n", "out of range"},
                {"id,amount\na,0x10\n", "holds '0x10'"}, {"id,amount\na\n", "row 1 (line 2) has 1 fields"},
                {"id,amount\na,\n", "holds ''"}}) {
            net.party("guest.0").csvInput("data", bad[0]);
            TestRun run = net.run(new RowStatsComponent());
            assertEquals(TaskStatus.FAILED, state(run, "guest.0"), bad[0]);
            assertTrue(reason(run, "guest.0").contains(bad[1]), () -> bad[0] + " -> " + reason(run, "guest.0"));
        }
    }

    @Test
    void aMissingColumnOrParameterFailsTheTaskSayingWhich() {
        net.party("host.0").absent(); // the guest fails before it connects
        net.party("guest.0").parameter("column", "price");
        TestRun run = net.run(new RowStatsComponent());
        assertEquals("the input has no column 'price'; its columns: [id, amount]", reason(run, "guest.0"));

        net.party("guest.0").parameter("column", " ");
        TestRun blank = net.run(new RowStatsComponent());
        assertTrue(reason(blank, "guest.0").startsWith("parameter column is required"), () -> reason(blank, "guest.0"));

        net.party("guest.0").parameter("column", "amount").parameter("recv_timeout_ms", "soon");
        TestRun timeout = net.run(new RowStatsComponent());
        assertEquals("parameter recv_timeout_ms must be a whole number of milliseconds, not 'soon'",
                reason(timeout, "guest.0"));
    }

    @Test
    void theSelfDescriptionNamesRolesParametersAndData() {
        RowStatsComponent c = new RowStatsComponent();
        assertEquals("row_stats", c.code());
        assertEquals("1.0.0", c.version());
        assertEquals(java.util.List.of("guest", "host"), c.selfDescription().get("roleList"));
        assertEquals(java.util.List.of("column", "recv_timeout_ms", "connect_timeout_ms", "data"),
                c.inputs().stream().map(m -> m.get("name")).toList());
        assertEquals("false", c.inputs().get(0).get("optional"));
        assertEquals("30000", c.inputs().get(1).get("defaultValue"));
        assertEquals(java.util.List.of(Map.of("name", "result", "category", "report", "dataFormat",
                java.util.List.of("json"))), c.outputs());
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** A peer that speaks the link protocol correctly but says what the test wants. */
    private abstract static class HostilePeer implements AlgorithmComponent {
        @Override
        public Map<String, Object> selfDescription() {
            return Map.of("componentName", "row_stats", "version", "1.0.0");
        }

        @Override
        public void run(TaskContext ctx) throws Exception {
            try (Link link = Links.open(ctx, LinkOptions.defaults().withRecvTimeout(Duration.ofSeconds(2))
                    .withConnectTimeout(Duration.ofSeconds(2)))) {
                link.connect();
                talk(LinkContext.root(link));
                // no finish: the honest party fails and never sends its FIN
            }
        }

        abstract void talk(LinkContext root) throws Exception;
    }

    private static AlgorithmComponent peerSending(byte[] bytes) {
        return new HostilePeer() {
            @Override
            void talk(LinkContext root) throws Exception {
                root.send(bytes);
            }
        };
    }

    private static byte[] message(long count, double sum, double min, double max) {
        return ByteBuffer.allocate(36).put("RST1".getBytes(StandardCharsets.US_ASCII)).putLong(count).putDouble(sum)
                .putDouble(min).putDouble(max).array();
    }

    private static String state(TestRun run, String role) {
        return run.party(role).status().state();
    }

    private static String reason(TestRun run, String role) {
        PartyRun p = run.party(role);
        return p.status().reason();
    }

    private void assertNoOutput(String role) {
        assertThrows(UncheckedIOException.class, () -> net.party(role).readOutput("result"));
    }
}
