/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The validation gaps and database leaks of issue 10, tried by a partner against bob's real east-west stack
 * (Jersey, the http bundle's filter, validating reader and envelope errors, the management resources) on
 * loopback: every malformed body is a 400 naming the field, before anything is stored.
 */
class RequestValidationTest {

    TestNode alice;
    TestNode bob;
    EastWestStack bobPlane;
    String contract;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void nodes() throws Exception {
        alice = new TestNode("alice", TestNode.h2());
        bob = new TestNode("bob", TestNode.h2());
        bobPlane = new EastWestStack(bob);
        contract = alice.gov.applyContract(bob.address, "bob", null).contractId();
        bob.gov.decideContract(contract, ApprovalStatus.APPROVED, null);
        assertEquals(1, bob.gov.deliverDue());
    }

    @AfterEach
    void close() {
        bobPlane.close();
        alice.close();
        bob.close();
    }

    record Reply(int status, JsonNode body) {
        String msg() {
            return body.path("msg").asText();
        }
    }

    /** alice calls bob's plane; signed with alice's key when {@code sign}. */
    Reply send(String method, String path, String body, boolean sign, String contentType, Map<String, String> override) throws Exception {
        URI uri = URI.create(bobPlane.address + path);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-source-node-id", "alice");
        h.put("x-target-node-id", "bob");
        h.put("x-nonce", UUID.randomUUID().toString());
        h.put("x-timestamp", Long.toString(System.currentTimeMillis()));
        h.put("x-csrf-protection", "1");
        h.putAll(override);
        if (sign) {
            byte[] canonical = CanonicalRequest.of(method, uri.getRawPath(), PeerClient.decodeQuery(uri.getRawQuery()),
                    h.get("x-source-node-id"), h.get("x-target-node-id"), h.get("x-nonce"), h.get("x-timestamp"),
                    body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            h.put("x-auth-sign", Base64.getEncoder().encodeToString(alice.identity.sign(canonical)));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        h.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.statusCode() + " " + r.body());
        Reply reply = new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()));
        assertEquals(reply.status() == 200 ? 0 : reply.status(), reply.body().path("code").asInt(), r.body());
        return reply;
    }

    Reply post(String path, String body) throws Exception {
        return send("POST", path, body, true, "application/json", Map.of());
    }

    String datasetApply(String timesLimit) {
        return "{\"audit_id\":\"" + UUID.randomUUID() + "\",\"contract_id\":\"" + contract + "\",\"dataset_id\":\"open\",\"times_limit\":"
                + timesLimit + "}";
    }

    @Test
    void timesLimitMustBeAnInt32ThatIsNotNegative() throws Exception {
        Reply negative = post("/v1/interconn/dataset/audit/apply", datasetApply("-5"));
        assertEquals(400, negative.status());
        assertEquals("times_limit must be between 0 and 2147483647", negative.msg());
        Reply huge = post("/v1/interconn/dataset/audit/apply", datasetApply("99999999999"));
        assertEquals(400, huge.status());
        assertEquals("times_limit must be between 0 and 2147483647", huge.msg());
        assertTrue(bob.store.audits().isEmpty(), "nothing was stored");
    }

    @Test
    void aJobIdIsJobDashAnd32Hex() throws Exception {
        String job = "{\"audit_id\":\"a-job\",\"job_id\":\"JOB_1\",\"flow_id\":\"f\",\"name\":\"n\",\"project_id\":\"p\",\"dag\":{},\"conf\":{}}";
        Reply r = post("/v1/interconn/job/audit/apply", job);
        assertEquals(400, r.status());
        assertEquals("job_id must be job- followed by 32 hex digits", r.msg());
    }

    @Test
    void aContractAddressMustBeHttpOrHttps() throws Exception {
        Map<String, Object> info = new LinkedHashMap<>(alice.gov.self().asMap());
        info.put("auth_type", alice.identity.authType());
        info.put("auth_credential", alice.identity.publicKeyPem());
        info.put("address", "file:///etc/passwd");
        Reply r = send("POST", "/v1/interconn/node/contract/apply", Json.write(info), false, "application/json", Map.of());
        assertEquals(400, r.status());
        assertEquals("address must be an http:// or https:// URL", r.msg());
    }

    @Test
    void overLongFieldsAre400NamingTheFieldNotDatabaseText() throws Exception {
        Map<String, Object> info = new LinkedHashMap<>(alice.gov.self().asMap());
        info.put("auth_type", alice.identity.authType());
        info.put("auth_credential", alice.identity.publicKeyPem());
        info.put("description", "d".repeat(20_000));
        Reply description = send("POST", "/v1/interconn/node/contract/apply", Json.write(info), false, "application/json", Map.of());
        assertEquals(400, description.status());
        assertEquals("description must be at most 1024 characters", description.msg());
        info.put("description", null);
        info.put("address", "http://" + "a".repeat(600) + ".example");
        Reply address = send("POST", "/v1/interconn/node/contract/apply", Json.write(info), false, "application/json", Map.of());
        assertEquals(400, address.status());
        assertEquals("address must be at most 512 characters", address.msg());
        Reply auditId = post("/v1/interconn/model/audit/apply",
                "{\"audit_id\":\"" + "a".repeat(200) + "\",\"apply_project_id\":\"p\",\"model_id\":\"m\"}");
        assertEquals(400, auditId.status());
        assertEquals("audit_id must be at most 128 characters", auditId.msg());
        Reply source = send("GET", "/v1/interconn/node/query?node_id=bob", null, false, null, Map.of("x-source-node-id", "s".repeat(300)));
        assertEquals(400, source.status());
        assertEquals("x-source-node-id header is longer than 128 characters", source.msg());
    }

    @Test
    void unknownFieldsAreNotStored() throws Exception {
        Reply r = post("/v1/interconn/model/audit/apply",
                "{\"audit_id\":\"m-1\",\"apply_project_id\":\"p\",\"model_id\":\"m\",\"evil\":\"" + "x".repeat(1000) + "\"}");
        assertEquals(200, r.status(), r.body().toString());
        GovernanceStore.Audit stored = bob.store.audit(AuditKind.MODEL, "m-1", Governance.OWNER).orElseThrow();
        assertFalse(stored.requestJson().contains("evil"), stored.requestJson());
        assertEquals("m", Json.parseStored(stored.requestJson()).path("model_id").asText());
    }

    @Test
    void aResentApplyIsAnsweredAgain() throws Exception {
        // re-sending the same apply is how a requester polls; the bound body must equal the stored one
        String job = "{\"audit_id\":\"j-1\",\"job_id\":\"job-0123456789abcdef0123456789abcdef\",\"flow_id\":\"f\","
                + "\"name\":\"n\",\"project_id\":\"p\",\"dag\":{\"components\":[{\"name\":\"psi_0\",\"componentName\":\"ecdh_psi\","
                + "\"provider\":\"hutong\",\"version\":\"1.0.0\",\"input\":[],\"output\":[{\"key\":\"result\",\"type\":\"dataset\"}]}]},"
                + "\"conf\":{\"initiator\":{\"role\":\"guest\",\"node_id\":\"alice\"},\"role\":{\"guest\":[\"alice\"],\"host\":[\"bob\"]}}}";
        assertEquals(200, post("/v1/interconn/job/audit/apply", job).status());
        Reply again = post("/v1/interconn/job/audit/apply", job);
        assertEquals(200, again.status(), again.body().toString());
        String ds = "{\"audit_id\":\"d-2\",\"contract_id\":\"" + contract + "\",\"dataset_id\":\"open\",\"times_limit\":3}";
        bob.store.upsertDataset(new GovernanceStore.Dataset("open", "open", null, null, "open.csv", 2, "[]", null, null, false, 1));
        assertEquals(200, post("/v1/interconn/dataset/audit/apply", ds).status());
        Reply dsAgain = post("/v1/interconn/dataset/audit/apply", ds);
        assertEquals(200, dsAgain.status(), dsAgain.body().toString());
    }

    @Test
    void trailingContentAfterTheJsonValueIsRefused() throws Exception {
        Reply r = post("/v1/interconn/node/contract/terminate", "{\"contract_id\":\"" + contract + "\"} trailing");
        assertEquals(400, r.status());
        assertTrue(r.msg().startsWith("invalid JSON body"), r.msg());
        assertEquals(ApprovalStatus.APPROVED, bob.store.contract(contract, Governance.PARTNER).orElseThrow().status());
    }

    @Test
    void aJsonEndpointRefusesAnotherContentType() throws Exception {
        Reply r = send("POST", "/v1/interconn/node/contract/terminate", "{\"contract_id\":\"" + contract + "\"}", true, "text/plain", Map.of());
        assertEquals(415, r.status());
        assertEquals(ApprovalStatus.APPROVED, bob.store.contract(contract, Governance.PARTNER).orElseThrow().status());
    }

    @Test
    void theAcceptedAliasesOfM6StillBind() throws Exception {
        Reply r = post("/v1/interconn/dataset/audit/apply",
                "{\"audit_id\":\"d-1\",\"contract_Id\":\"" + contract + "\",\"dataset_id\":\"nope\",\"times_limit\":3}");
        // bound (contract_Id read as contract_id) and checked by Governance: bob has no dataset "nope"
        assertEquals(404, r.status(), r.body().toString());
        assertEquals("no dataset nope on node bob", r.msg());
    }

    @Test
    void everyUnsignedManagementCallIsRefusedBeforeItsBodyIsRead() throws Exception {
        for (String path : new String[] {"/v1/interconn/node/contract/terminate", "/v1/interconn/node/update",
                "/v1/interconn/dataset/audit/apply", "/v1/interconn/job/audit/apply", "/v1/interconn/model/audit/confirm",
                "/v1/interconn/flow/audit/terminate"}) {
            Reply r = send("POST", path, "{not even json", false, "application/json", Map.of());
            assertEquals(401, r.status(), path + " " + r.body());
            assertEquals("x-auth-sign header is required", r.msg());
        }
    }
}
