/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.component.testkit.PartyRun;
import io.hutong.component.testkit.TestNetwork;
import io.hutong.component.testkit.TestParty;
import io.hutong.component.testkit.TestRun;
import io.hutong.crypto.x25519.fast.FastX25519;

/**
 * Two parties run the component's task against each other on the component test kit (the environment contract, a
 * loopback transport between their nodes, each with its own storage): the result rows, the report, the parameter
 * names of the reference container, and failures that name their cause on both sides in bounded time.
 */
class EcdhPsiComponentTest {

    /** The component as DS wires it, on the fast X25519 provider. */
    private static final AlgorithmComponent PSI = psi(items -> { });

    /** The component, telling {@code processed} of the items encrypted as the node's metrics would be. */
    private static AlgorithmComponent psi(java.util.function.LongConsumer processed) {
        return new AlgorithmComponent() {
            @Override
            public Map<String, Object> selfDescription() {
                return new EcdhPsiComponent().selfDescription();
            }

            @Override
            public void run(TaskContext context) throws Exception {
                new EcdhPsiTask(context, new FastX25519(), EcdhPsiComponent.VERSION, processed).run();
            }
        };
    }

    private static final DataRef RESULT = new DataRef("out", "result.csv");

    @TempDir
    Path tmp;

    /** A network of guest.0 (node alice) and host.0 (node bob) under {@code dir}. */
    private TestNetwork network(String dir) {
        TestNetwork net = new TestNetwork(tmp.resolve(dir));
        net.party("guest.0", "alice");
        net.party("host.0", "bob");
        return net;
    }

    /** Gives a party its CSV as input train_data and the result's place as output train_data. */
    private static TestParty data(TestParty party, String csv) {
        return party.csvInput("train_data", csv).output("train_data", RESULT);
    }

    /** A network whose parties have the given CSVs and patient timeouts. */
    private TestNetwork parties(String guestCsv, String hostCsv) {
        TestNetwork net = network("net");
        data(net.party("guest.0"), guestCsv);
        data(net.party("host.0"), hostCsv);
        net.parameter("recv_timeout_ms", "30000");   // generous: a loaded CI machine computes slowly
        net.parameter("connect_timeout_ms", "3000");
        return net;
    }

    /** @return each party's failure in role order (guest.0, host.0), null for success */
    private static List<Throwable> failures(TestRun run) {
        return run.parties().values().stream().map(p -> p.failure().orElse(null)).toList();
    }

    private static String read(TestParty party, String name) {
        return party.read(new DataRef("out", name));
    }

    private static String csv(String header, List<String> rows) {
        return header + "\n" + String.join("\n", rows) + (rows.isEmpty() ? "" : "\n");
    }

    @Test
    void bothPartiesGetTheirOwnMatchingRowsInInputOrderAndAReport() throws Exception {
        List<String> guestRows = new ArrayList<>();
        List<String> hostRows = new ArrayList<>();
        StringBuilder guestExpected = new StringBuilder("id,name,age\n");
        StringBuilder hostExpected = new StringBuilder("name,score,id\n");
        for (int i = 0; i < 6000; i++) {
            String row = "u" + i + ",名字" + i % 7 + "," + i;
            guestRows.add(row);
            if (i >= 4000 && (i % 7 == 2 || i % 7 == 3)) {
                guestExpected.append(row).append('\n');
            }
        }
        for (int i = 9999; i >= 4000; i--) {   // other column order, reversed, some names differ
            String name = "名字" + (i % 7 == 3 || i % 7 == 2 ? i % 7 : 9);
            String row = " " + name + " ,0.5,u" + i;
            hostRows.add(row);
            if (i < 6000 && (i % 7 == 2 || i % 7 == 3)) {
                hostExpected.append(row).append('\n');
            }
        }
        TestNetwork net = parties(csv("id,name,age", guestRows), csv("name,score,id", hostRows));
        net.parameter("field_names", "id,name");
        net.parameter("algo", "ecdh_psi");
        net.parameter("protocol_families", "ecc");
        net.parameter("curve_type", "curve25519");
        net.parameter("hash_type", "sha_256");
        net.parameter("hash2curve_strategy", "direct_hash_as_point_x");
        net.parameter("point_octet_format", "uncompressed");
        net.parameter("bit_length_after_truncated", "-1");
        net.parameter("result_to_rank", "-1");
        net.parameter("start_transport", "true");
        java.util.concurrent.atomic.AtomicLong processed = new java.util.concurrent.atomic.AtomicLong();
        TestRun run = net.run(psi(processed::addAndGet));
        assertEquals(java.util.Arrays.asList(null, null), failures(run));
        assertEquals(12_000, processed.get(), "each party's 6000 items counted once as processed");

        TestParty guest = net.party("guest.0");
        TestParty host = net.party("host.0");
        assertEquals(guestExpected.toString(), read(guest, "result.csv"));
        assertEquals(hostExpected.toString(), read(host, "result.csv"));
        long common = guestExpected.toString().lines().count() - 1;
        assertTrue(common > 500);
        String report = read(guest, "result.csv.report.json");
        assertTrue(report.contains("\"intersection_count\":" + common), report);
        assertTrue(report.contains("\"self_items\":6000"), report);
        assertTrue(report.contains("\"peer_items\":6000"), report);
        assertTrue(report.contains("\"self_rank\":0"), report);
        assertTrue(report.contains("\"x25519_provider\":\"hutong-fast\""), report);
        assertTrue(report.contains("\"psi_ms\":"), report);
        assertEquals(1.0, run.party("guest.0").status().progress());
        List<String> hostStages = run.party("host.0").stages();
        assertEquals("done", hostStages.get(hostStages.size() - 1));
        assertFalse(run.party("guest.0").log().stream().anyMatch(l -> l.contains("start_transport")),
                "a reference parameter is known");
    }

    @Test
    void progressFollowsTheWorkWithoutGoingBackOrStalling() throws Exception {
        // 20 000 rows fit in the read-ahead window (8 batches of 4 096): progress counted by rows read would jump to
        // 0.9 at once and sit there for the whole computation
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add("u" + i);
        }
        TestNetwork net = parties(csv("id", rows), csv("id", rows.subList(5_000, 20_000)));
        net.parameter("field_names", "id");
        TestRun run = net.run(PSI);
        assertEquals(java.util.Arrays.asList(null, null), failures(run));

        for (String role : List.of("guest.0", "host.0")) {
            List<PartyRun.ProgressReport> reports = run.party(role).progressReports();
            for (int i = 1; i < reports.size(); i++) {
                assertTrue(reports.get(i).fraction() >= reports.get(i - 1).fraction(), role + " went back: " + reports);
            }
            List<PartyRun.ProgressReport> psi = reports.stream().filter(r -> r.stage().equals("psi")).toList();
            assertEquals(0.1, psi.get(0).fraction(), 1e-9, role + ": " + reports);
            assertEquals(0.9, psi.get(psi.size() - 1).fraction(), 1e-9, role + " reaches 0.9 when the work is done: " + reports);
            assertTrue(psi.size() >= 20, role + " moves in small steps: " + reports);
            // no plateau: between two increases never more than a third of the stage
            java.time.Duration stage = psi.get(psi.size() - 1).at().minus(psi.get(0).at());
            for (int i = 1; i < psi.size(); i++) {
                java.time.Duration gap = psi.get(i).at().minus(psi.get(i - 1).at());
                assertTrue(gap.multipliedBy(3).compareTo(stage) < 0, role + " stalled " + gap.toMillis() + " ms of a "
                        + stage.toMillis() + " ms stage at " + psi.get(i - 1).fraction() + ": " + reports);
            }
        }
    }

    @Test
    void resultToOneRankWritesTheResultOnlyThereAndTheReportEverywhere() throws Exception {
        TestNetwork net = parties(csv("id", List.of("a", "b", "c", "d")), csv("id", List.of("d", "x", "b", "b")));
        TestParty guest = net.party("guest.0").output("report", new DataRef("out", "guest-report.json"));
        TestParty host = net.party("host.0");
        net.parameter("result_to_rank", "1");
        assertEquals(java.util.Arrays.asList(null, null), failures(net.run(PSI)));
        assertEquals("id\nd\nb\nb\n", read(host, "result.csv"));
        assertFalse(Files.exists(guest.storageRoot().resolve("out/result.csv")), "rank 0 does not learn the result");
        String guestReport = read(guest, "guest-report.json");
        assertTrue(guestReport.contains("\"received_result\":false"), guestReport);
        assertTrue(guestReport.contains("\"intersection_count\":null"), guestReport);
        assertTrue(read(host, "result.csv.report.json").contains("\"intersection_count\":3"));
    }

    @Test
    void sm2SuiteAndEmptyAndSingleInputs() throws Exception {
        TestNetwork net = parties(csv("id", List.of("1", "2", "3")), csv("id", List.of("3", "4")));
        net.parameter("curve_type", "sm2");
        assertEquals(java.util.Arrays.asList(null, null), failures(net.run(PSI)));
        assertEquals("id\n3\n", read(net.party("guest.0"), "result.csv"));
        assertTrue(read(net.party("host.0"), "result.csv.report.json")
                .contains("\"point_octet_format\":\"x962_compressed\""));

        TestNetwork other = network("other");
        TestParty empty = data(other.party("guest.0"), "id\n");
        TestParty one = data(other.party("host.0"), "id\nonly\n");
        assertEquals(java.util.Arrays.asList(null, null), failures(other.run(PSI)));
        assertEquals("id\n", read(empty, "result.csv"));
        assertEquals("id\n", read(one, "result.csv"));
    }

    @Test
    void aRefusedHandshakeFailsBothSidesWithTheReason() throws Exception {
        TestNetwork net = parties(csv("id", List.of("a")), csv("id", List.of("a")));
        net.party("guest.0").parameter("result_to_rank", "-1");
        net.party("host.0").parameter("result_to_rank", "0");
        List<Throwable> failures = failures(net.run(PSI));
        assertNotNull(failures.get(0));
        assertNotNull(failures.get(1));
        assertTrue(failures.get(0).getMessage().contains("handshake refused")
                && failures.get(0).getMessage().contains("negotiate result_to_rank failed"), failures.get(0).getMessage());
        assertTrue(failures.get(1).getMessage().contains("HANDSHAKE_REFUSED 31100200"), failures.get(1).getMessage());

        TestNetwork other = network("other");
        data(other.party("guest.0"), csv("id", List.of("a")));
        data(other.party("host.0"), csv("id", List.of("a"))).parameter("curve_type", "sm2");
        failures = failures(other.run(PSI));
        assertTrue(failures.get(0).getMessage().contains("negotiate ec suits failed"), failures.get(0).getMessage());
        assertTrue(failures.get(1).getMessage().contains("this party runs sm2/sha_256/try_and_rehash"),
                failures.get(1).getMessage());
    }

    @Test
    void badParametersAndMissingInputFailBeforeAnythingIsSent() throws Exception {
        TestNetwork net = parties(csv("id", List.of("a")), "id\n");
        net.party("host.0").absent();
        TestParty guest = net.party("guest.0").parameter("curve_type", "secp256k1");
        Throwable e = guestFailure(net);
        assertTrue(e.getMessage().contains("parameter curve_type = 'secp256k1' is not valid; expected curve25519, sm2"),
                e.getMessage());

        guest.removeParameter("curve_type").parameter("field_names", "id,phone");
        e = guestFailure(net);
        assertTrue(e.getMessage().contains("key column 'phone' is not in the header"), e.getMessage());

        guest.removeParameter("field_names").input("train_data", new DataRef("data", "missing.csv"));
        e = guestFailure(net);
        assertTrue(e.getMessage().contains("input train_data data/missing.csv is not in the storage"), e.getMessage());
        assertTrue(net.party("host.0").pendingTopics().isEmpty(), "nothing was sent");
        assertTrue(guest.pendingTopics().isEmpty(), "nothing was sent");
    }

    @Test
    void aPeerThatNeverJoinsOrStopsMidRunFailsTheTaskInBoundedTime() throws Exception {
        TestNetwork net = parties(csv("id", List.of("a")), "id\n");
        net.party("host.0").absent();
        long start = System.nanoTime();
        Throwable e = guestFailure(net);
        assertTrue(e.getMessage().contains("host.0 did not join the task"), e.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);

        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            rows.add("r" + i);
        }
        TestNetwork other = network("other");
        data(other.party("guest.0"), csv("id", rows));
        data(other.party("host.0"), csv("id", rows));
        // 5 s: long enough that a loaded machine (CI, load 12+) does not time a healthy run out before the disconnect
        other.parameter("recv_timeout_ms", "5000");
        TestRun run = other.start(PSI);
        // fails with "ended without the awaited status" when the host ends before the test could stop it
        run.party("host.0").awaitStatus(s -> "psi".equals(s.stage()) && s.progress() >= 0.15, Duration.ofSeconds(60));
        other.party("host.0").disconnect();   // host's node goes away mid-run
        start = System.nanoTime();
        run.await();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(seconds < 40, "failed after " + seconds + " s");
        Throwable hostFailure = run.party("host.0").failure().orElseThrow();
        Throwable guestFailure = run.party("guest.0").failure().orElseThrow();
        assertTrue(hostFailure.getMessage().contains("E0000000608"), hostFailure.getMessage());
        assertTrue(guestFailure.getMessage().contains("it stopped or the link is down"), guestFailure.getMessage());
    }

    /** Runs the network (the guest alone) and returns what the guest's task failed with. */
    private static Throwable guestFailure(TestNetwork net) {
        PartyRun guest = net.run(PSI).party("guest.0");
        return guest.failure().orElseThrow(() -> new AssertionError("the task succeeded"));
    }

    @Test
    void theSelfDescriptionNamesTheComponentAndItsParameters() {
        EcdhPsiComponent c = new EcdhPsiComponent();
        assertEquals("ecdh_psi", c.code());
        assertEquals("1.0.0", c.version());
        assertEquals("hutong", c.engine());
        List<Object> names = c.inputs().stream().map(m -> m.get("name")).toList();
        assertTrue(names.containsAll(List.of("curve_type", "hash_type", "hash2curve_strategy", "point_octet_format",
                "bit_length_after_truncated", "result_to_rank", "field_names", "train_data")), names.toString());
        assertEquals(List.of("train_data", "report"), c.outputs().stream().map(m -> m.get("name")).toList());
        assertNull(c.selfDescription().get("nothing"));
    }
}
