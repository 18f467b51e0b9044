/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code bin/hutong tee verify} against a running node started from the built distribution, with the
 * real recorded SGX DCAP quote; and the UAS key and access keys surviving a node restart. One node
 * serves both tests (a node start is the expensive part): the CLI test only reads from it, the
 * restart test then stops and starts that same node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeeCliIT {

    // static: one directory for the class, as the node in it serves both tests
    @TempDir
    static Path tmp;

    private final List<Process> started = new ArrayList<>();
    private Path data;
    private int ew;
    private int admin;
    private Process node;

    @BeforeAll
    void startNode() throws Exception {
        data = tmp.resolve("node");
        ew = NodeOptions.freePort();
        admin = NodeOptions.freePort();
        node = start(data, ew, admin);
    }

    @AfterAll
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    /** The output and exit status of one CLI run. */
    private record Run(int exit, String output) {
    }

    private Process start(Path data, int ew, int admin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(NodeOptions.distribution().resolve("bin/hutong").toString(), "start",
                "--node-id", "tee-cli", "--data", data.toString(), "--port", "" + ew, "--admin-port", "" + admin);
        pb.environment().put("JAVA_OPTS", NodeProcess.rsaKeyJavaOpts("-Xmx512m"));
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("node.out").toFile())).start();
        started.add(p);
        NodeProcess.awaitReady(data, p, NodeProcess.text(tmp.resolve("node.out")));
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node stops within 60 s of SIGTERM");
    }

    private Run hutong(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NodeOptions.distribution().resolve("bin/hutong").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    private Path write(String name, Object json) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, json instanceof String s ? s : TeeEvidence.JSON.writeValueAsString(json));
        return f;
    }

    @Test
    @Order(1)
    void teeVerifyPrintsTheVerdictAndAttributesAndExitsByTheOutcome() throws Exception {
        String d = data.toString();
        Path uar = write("uar.json", TeeEvidence.dcapPassport());
        Path pass = write("pass.json", Map.of("main_attributes", List.of(Map.of(
                "hex_ta_measurement", TeeEvidence.mrEnclave(), "hex_signer", TeeEvidence.mrSigner(),
                "hex_prod_id", "0", "str_min_isvsvn", "0", "bool_debug_disabled", "true",
                "hex_user_data", "48656C6C6F2C20776F726C6421"))));
        Path wrongSigner = write("wrong-signer.json", Map.of("main_attributes", List.of(Map.of(
                "hex_signer", "00".repeat(32)))));
        String inside = TeeEvidence.INSIDE_WINDOW.toString();

        Run ok = hutong("tee", "verify", uar.toString(), "--policy", pass.toString(), "--at", inside, "--data", d);
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("verified: SGX_DCAP ConfigurationAndSWHardeningNeeded "
                + "(advisories INTEL-SA-00289, INTEL-SA-00615)"), ok.output());
        assertTrue(ok.output().contains("policy: passed"), ok.output());
        assertTrue(ok.output().matches("(?s).*hex_ta_measurement\\s+" + TeeEvidence.mrEnclave() + ".*"), ok.output());
        assertTrue(ok.output().contains("33D8736D"), ok.output());
        assertTrue(ok.output().indexOf("str_tee_platform") < ok.output().indexOf("hex_ta_measurement"),
                "attributes in the standard's order: " + ok.output());

        Run json = hutong("tee", "verify", uar.toString(), "--policy", pass.toString(), "--at", inside, "--data", d, "--json");
        assertEquals(0, json.exit(), json.output());
        JsonNode j = TeeEvidence.JSON.readTree(json.output().substring(json.output().indexOf('{')));
        assertEquals("815F42F1", j.path("attributes").path("hex_signer").asText().substring(0, 8));

        Run policyFails = hutong("tee", "verify", uar.toString(), "--policy", wrongSigner.toString(), "--at", inside, "--data", d);
        assertEquals(1, policyFails.exit(), policyFails.output());
        assertTrue(policyFails.output().contains("policy: FAILED: hex_signer: expected \"" + "00".repeat(32)
                + "\", actual \"" + TeeEvidence.mrSigner() + "\""), policyFails.output());

        Run now = hutong("tee", "verify", uar.toString(), "--policy", pass.toString(), "--data", d);
        assertEquals(1, now.exit(), now.output());
        assertTrue(now.output().contains("NOT verified: EXPIRED"), "all public collateral has expired by now: " + now.output());
        assertTrue(now.output().contains("policy: not evaluated (the report did not verify)"), now.output());
        Run before = hutong("tee", "verify", uar.toString(), "--policy", pass.toString(), "--at", "2025-06-01T00:00:00Z",
                "--data", d);
        assertEquals(1, before.exit(), before.output());
        assertTrue(before.output().contains("NOT verified: NOT_YET_VALID"), before.output());

        Run noPolicy = hutong("tee", "verify", uar.toString(), "--data", d);
        assertEquals(2, noPolicy.exit(), noPolicy.output());
        assertTrue(noPolicy.output().contains("--policy"), noPolicy.output());
        Run badTime = hutong("tee", "verify", uar.toString(), "--policy", pass.toString(), "--at", "July", "--data", d);
        assertEquals(2, badTime.exit(), badTime.output());
        assertTrue(badTime.output().contains("--at must be an ISO-8601 instant"), badTime.output());
        Run noFile = hutong("tee", "verify", tmp.resolve("missing.json").toString(), "--policy", pass.toString(), "--data", d);
        assertEquals(2, noFile.exit(), noFile.output());
        assertTrue(noFile.output().contains("does not exist"), noFile.output());
        Run notAPolicy = hutong("tee", "verify", uar.toString(), "--policy", write("list.json", "[1]").toString(), "--data", d);
        assertEquals(2, notAPolicy.exit(), notAPolicy.output());
        Run badPolicy = hutong("tee", "verify", uar.toString(), "--policy",
                write("bad-policy.json", "{\"main_attributes\":\"all\"}").toString(), "--data", d);
        assertEquals(2, badPolicy.exit(), badPolicy.output());
        assertTrue(badPolicy.output().contains("policy:"), badPolicy.output());
    }

    @Test
    @Order(2)
    void aRestartedNodeSignsWithTheSameUasKeyAndKeepsItsAccessKeys() throws Exception {
        Process first = node;
        String adminUrl = "http://127.0.0.1:" + admin;
        // The first start makes the RSA-4096 UAS key aside (UasNode); under CI load that has taken longer than
        // one 30 s request, so the key is awaited rather than read once.
        Http.Reply made = Http.await(adminUrl + "/v1/admin/tee/uas", NodeProcess.START, r -> r.status() == 200);
        assertEquals(200, made.status(), made.body());
        String uasKey = made.json().path("data").path("public_key_sha256").asText();
        String certificate = Http.get("http://127.0.0.1:" + ew + "/v1/interconn/tee/uas/certificate").body();
        JsonNode key = TeeEvidence.post(adminUrl + "/v1/admin/tee/access-keys", "").json().path("data");
        assertFalse(key.path("access_secret").asText().isEmpty(), key.toString());
        stop(first);

        node = start(data, ew, admin);
        assertEquals(uasKey, Http.get(adminUrl + "/v1/admin/tee/uas").json().path("data").path("public_key_sha256").asText());
        assertEquals(certificate, Http.get("http://127.0.0.1:" + ew + "/v1/interconn/tee/uas/certificate").body());
        Http.Reply verify = TeeEvidence.post("http://127.0.0.1:" + ew + "/v1/interconn/tee/uas/verify", Map.of(
                "access_key", key.path("access_key").asText(), "access_secret", key.path("access_secret").asText(),
                "nonce", "01", "report", TeeEvidence.dcapPassport()));
        assertEquals(200, verify.status(), verify.body());
        assertEquals("405", verify.json().path("result_code").asText(),
                "the key is still accepted; the collateral has expired by the node's clock: " + verify.body());
        assertTrue(verify.json().path("result_msg").asText().startsWith("EXPIRED"), verify.body());
    }
}
