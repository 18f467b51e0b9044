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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.DataRef;
import io.hutong.crypto.x25519.fast.FastX25519;

/**
 * Two parties run the component's task against each other over a shared in-memory transport, each with its own
 * storage: the result rows, the report, the parameter names of the reference container, and failures that name
 * their cause on both sides in bounded time.
 */
class EcdhPsiComponentTest {

    @TempDir
    Path tmp;

    private final MemoryTask.Network network = new MemoryTask.Network();

    private MemoryTask party(String role, String csv) throws Exception {
        Path root = tmp.resolve(role);
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/input.csv"), csv, StandardCharsets.UTF_8);
        MemoryTask t = new MemoryTask(role, root, network);
        t.inputs.put("train_data", new DataRef("data", "input.csv"));
        t.outputs.put("train_data", new DataRef("out", "result.csv"));
        t.parameters.put("recv_timeout_ms", "30000");   // generous: a loaded CI machine computes slowly
        t.parameters.put("connect_timeout_ms", "3000");
        return t;
    }

    private static CompletableFuture<Void> start(MemoryTask task) {
        return CompletableFuture.runAsync(() -> {
            try {
                new EcdhPsiTask(task, new FastX25519(), EcdhPsiComponent.VERSION).run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Runs both and returns their failures (null = success). */
    private static List<Throwable> runBoth(MemoryTask a, MemoryTask b) throws Exception {
        CompletableFuture<Void> fa = start(a);
        CompletableFuture<Void> fb = start(b);
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Void> f : List.of(fa, fb)) {
            try {
                f.get(60, TimeUnit.SECONDS);
                failures.add(null);
            } catch (ExecutionException e) {
                failures.add(e.getCause().getCause());
            }
        }
        return failures;
    }

    private static String read(MemoryTask t, String name) throws Exception {
        return Files.readString(t.storage().read(new DataRef("out", name)), StandardCharsets.UTF_8);
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
        MemoryTask guest = party("guest.0", csv("id,name,age", guestRows));
        MemoryTask host = party("host.0", csv("name,score,id", hostRows));
        for (MemoryTask t : List.of(guest, host)) {
            t.parameters.put("field_names", "id,name");
            t.parameters.put("algo", "ecdh_psi");
            t.parameters.put("protocol_families", "ecc");
            t.parameters.put("curve_type", "curve25519");
            t.parameters.put("hash_type", "sha_256");
            t.parameters.put("hash2curve_strategy", "direct_hash_as_point_x");
            t.parameters.put("point_octet_format", "uncompressed");
            t.parameters.put("bit_length_after_truncated", "-1");
            t.parameters.put("result_to_rank", "-1");
            t.parameters.put("start_transport", "true");
        }
        assertEquals(java.util.Arrays.asList(null, null), runBoth(guest, host));

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
        assertEquals(1.0, guest.progress);
        assertEquals("done", host.stage);
        assertFalse(guest.log.stream().anyMatch(l -> l.contains("start_transport")), "a reference parameter is known");
    }

    @Test
    void resultToOneRankWritesTheResultOnlyThereAndTheReportEverywhere() throws Exception {
        MemoryTask guest = party("guest.0", csv("id", List.of("a", "b", "c", "d")));
        MemoryTask host = party("host.0", csv("id", List.of("d", "x", "b", "b")));
        guest.outputs.put("report", new DataRef("out", "guest-report.json"));
        for (MemoryTask t : List.of(guest, host)) {
            t.parameters.put("result_to_rank", "1");
        }
        assertEquals(java.util.Arrays.asList(null, null), runBoth(guest, host));
        assertEquals("id\nd\nb\nb\n", read(host, "result.csv"));
        assertFalse(Files.exists(tmp.resolve("guest.0/out/result.csv")), "rank 0 does not learn the result");
        String guestReport = read(guest, "guest-report.json");
        assertTrue(guestReport.contains("\"received_result\":false"), guestReport);
        assertTrue(guestReport.contains("\"intersection_count\":null"), guestReport);
        assertTrue(read(host, "result.csv.report.json").contains("\"intersection_count\":3"));
    }

    @Test
    void sm2SuiteAndEmptyAndSingleInputs() throws Exception {
        MemoryTask guest = party("guest.0", csv("id", List.of("1", "2", "3")));
        MemoryTask host = party("host.0", csv("id", List.of("3", "4")));
        for (MemoryTask t : List.of(guest, host)) {
            t.parameters.put("curve_type", "sm2");
        }
        assertEquals(java.util.Arrays.asList(null, null), runBoth(guest, host));
        assertEquals("id\n3\n", read(guest, "result.csv"));
        assertTrue(read(host, "result.csv.report.json").contains("\"point_octet_format\":\"x962_compressed\""));

        MemoryTask.Network other = new MemoryTask.Network();
        MemoryTask empty = new MemoryTask("guest.0", tmp.resolve("e0"), other);
        Files.createDirectories(tmp.resolve("e0/data"));
        Files.writeString(tmp.resolve("e0/data/input.csv"), "id\n");
        empty.inputs.put("train_data", new DataRef("data", "input.csv"));
        empty.outputs.put("train_data", new DataRef("out", "result.csv"));
        MemoryTask one = new MemoryTask("host.0", tmp.resolve("e1"), other);
        Files.createDirectories(tmp.resolve("e1/data"));
        Files.writeString(tmp.resolve("e1/data/input.csv"), "id\nonly\n");
        one.inputs.put("train_data", new DataRef("data", "input.csv"));
        one.outputs.put("train_data", new DataRef("out", "result.csv"));
        assertEquals(java.util.Arrays.asList(null, null), runBoth(empty, one));
        assertEquals("id\n", read(empty, "result.csv"));
        assertEquals("id\n", read(one, "result.csv"));
    }

    @Test
    void aRefusedHandshakeFailsBothSidesWithTheReason() throws Exception {
        MemoryTask guest = party("guest.0", csv("id", List.of("a")));
        MemoryTask host = party("host.0", csv("id", List.of("a")));
        guest.parameters.put("result_to_rank", "-1");
        host.parameters.put("result_to_rank", "0");
        List<Throwable> failures = runBoth(guest, host);
        assertNotNull(failures.get(0));
        assertNotNull(failures.get(1));
        assertTrue(failures.get(0).getMessage().contains("handshake refused")
                && failures.get(0).getMessage().contains("negotiate result_to_rank failed"), failures.get(0).getMessage());
        assertTrue(failures.get(1).getMessage().contains("HANDSHAKE_REFUSED 31100200"), failures.get(1).getMessage());

        MemoryTask.Network other = new MemoryTask.Network();
        MemoryTask g = new MemoryTask("guest.0", tmp.resolve("guest.0"), other);
        MemoryTask h = new MemoryTask("host.0", tmp.resolve("host.0"), other);
        g.inputs.putAll(guest.inputs);
        g.outputs.putAll(guest.outputs);
        h.inputs.putAll(host.inputs);
        h.outputs.putAll(host.outputs);
        h.parameters.put("curve_type", "sm2");
        failures = runBoth(g, h);
        assertTrue(failures.get(0).getMessage().contains("negotiate ec suits failed"), failures.get(0).getMessage());
        assertTrue(failures.get(1).getMessage().contains("this party runs sm2/sha_256/try_and_rehash"),
                failures.get(1).getMessage());
    }

    @Test
    void badParametersAndMissingInputFailBeforeAnythingIsSent() throws Exception {
        MemoryTask guest = party("guest.0", csv("id", List.of("a")));
        guest.parameters.put("curve_type", "secp256k1");
        Throwable e = runAlone(guest);
        assertTrue(e.getMessage().contains("parameter curve_type = 'secp256k1' is not valid; expected curve25519, sm2"),
                e.getMessage());

        guest.parameters.remove("curve_type");
        guest.parameters.put("field_names", "id,phone");
        e = runAlone(guest);
        assertTrue(e.getMessage().contains("key column 'phone' is not in the header"), e.getMessage());

        guest.parameters.remove("field_names");
        guest.inputs.put("train_data", new DataRef("data", "missing.csv"));
        e = runAlone(guest);
        assertTrue(e.getMessage().contains("input train_data data/missing.csv is not in the storage"), e.getMessage());
        assertTrue(network.queues.values().stream().allMatch(q -> q.isEmpty()), "nothing was sent");
    }

    @Test
    void aPeerThatNeverJoinsOrStopsMidRunFailsTheTaskInBoundedTime() throws Exception {
        MemoryTask guest = party("guest.0", csv("id", List.of("a")));
        long start = System.nanoTime();
        Throwable e = runAlone(guest);
        assertTrue(e.getMessage().contains("host.0 did not join the task"), e.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);

        MemoryTask.Network other = new MemoryTask.Network();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            rows.add("r" + i);
        }
        MemoryTask g = new MemoryTask("guest.0", tmp.resolve("guest.0"), other);
        Files.createDirectories(tmp.resolve("host.0/data"));
        Files.writeString(tmp.resolve("guest.0/data/big.csv"), csv("id", rows));
        g.inputs.put("train_data", new DataRef("data", "big.csv"));
        g.outputs.put("train_data", new DataRef("out", "r.csv"));
        g.parameters.put("recv_timeout_ms", "2000");
        MemoryTask h = new MemoryTask("host.0", tmp.resolve("host.0"), other);
        Files.writeString(tmp.resolve("host.0/data/big.csv"), csv("id", rows));
        h.inputs.putAll(g.inputs);
        h.outputs.putAll(g.outputs);
        h.parameters.put("recv_timeout_ms", "2000");
        CompletableFuture<Void> fg = start(g);
        CompletableFuture<Void> fh = start(h);
        while (!"psi".equals(h.stage) || h.progress < 0.15) {
            Thread.sleep(20);
            assertFalse(fh.isDone(), "host ended before the test could stop it");
        }
        h.cut = true;   // host's node goes away mid-run
        start = System.nanoTime();
        Throwable hostFailure = failureOf(fh);
        Throwable guestFailure = failureOf(fg);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(seconds < 40, "failed after " + seconds + " s");
        assertTrue(hostFailure.getMessage().contains("E0000000608"), hostFailure.getMessage());
        assertTrue(guestFailure.getMessage().contains("it stopped or the link is down"), guestFailure.getMessage());
    }

    private static Throwable runAlone(MemoryTask t) throws Exception {
        return failureOf(start(t));
    }

    private static Throwable failureOf(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause().getCause();
        }
        throw new AssertionError("the task succeeded");
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
