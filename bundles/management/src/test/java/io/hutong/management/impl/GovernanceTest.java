/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.WebApplicationException;

/** Contracts, approvals, permits and call checks between two nodes talking real HTTP on loopback. */
class GovernanceTest {

    TestNode alice;
    TestNode bob;
    final HttpClient http = HttpClient.newHttpClient();

    Supplier<DataSource> databases() {
        return TestNode::h2;
    }

    @BeforeEach
    void nodes() throws Exception {
        alice = new TestNode("alice", databases().get());
        bob = new TestNode("bob", databases().get());
    }

    @AfterEach
    void close() {
        // null when the set-up was aborted (the PostgreSQL variant without a server)
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    static int status(Runnable r) {
        try {
            r.run();
            return 200;
        } catch (WebApplicationException e) {
            return e.getResponse().getStatus();
        }
    }

    static String message(Runnable r) {
        WebApplicationException e = assertThrows(WebApplicationException.class, r::run);
        return e.getResponse().getStatus() + " " + e.getMessage();
    }

    /** alice applies, bob approves, the confirm is delivered: both hold the contract APPROVED. */
    String contract() {
        GovernanceStore.Contract c = alice.gov.applyContract(bob.address, "bob", null);
        assertEquals(ApprovalStatus.APPLIED, c.status());
        assertEquals(ApprovalStatus.APPLIED, bob.store.contract(c.contractId(), Governance.PARTNER).orElseThrow().status());
        bob.gov.decideContract(c.contractId(), ApprovalStatus.APPROVED, null);
        assertEquals(1, bob.gov.deliverDue());
        assertEquals(ApprovalStatus.APPROVED, alice.store.contract(c.contractId(), Governance.INITIATOR).orElseThrow().status());
        assertEquals(ApprovalStatus.APPROVED, bob.store.contract(c.contractId(), Governance.PARTNER).orElseThrow().status());
        return c.contractId();
    }

    record Reply(int status, JsonNode body) {
    }

    /** Sends a request from alice to bob with the headers given (null = leave out), signing with alice's key when sign is true. */
    Reply send(String method, String pathAndQuery, String body, Map<String, String> override, boolean sign) throws Exception {
        URI uri = URI.create(bob.address + pathAndQuery);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-source-node-id", "alice");
        h.put("x-target-node-id", "bob");
        h.put("x-nonce", UUID.randomUUID().toString());
        h.put("x-timestamp", Long.toString(System.currentTimeMillis()));
        h.put("x-trace-id", "t1");
        h.put("x-mprac-token-set", "");
        if (method.equals("POST")) {
            h.put("x-csrf-protection", "1");
        }
        h.putAll(override);
        if (sign && !override.containsKey("x-auth-sign")) {
            byte[] canonical = CanonicalRequest.of(method, uri.getRawPath(), PeerClient.decodeQuery(uri.getRawQuery()),
                    h.get("x-source-node-id"), h.get("x-target-node-id"), h.get("x-nonce"), h.get("x-timestamp"),
                    body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            h.put("x-auth-sign", Base64.getEncoder().encodeToString(alice.identity.sign(canonical)));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        h.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()));
    }

    @Test
    void contractIsAppliedApprovedAndTerminatedOnBothSides() throws Exception {
        String id = contract();
        assertEquals("409 contract " + id + " is APPROVED and cannot become REJECTED (only [TERMINATED] from APPROVED)",
                message(() -> bob.gov.decideContract(id, ApprovalStatus.REJECTED, null)));
        assertTrue(message(() -> alice.gov.decideContract(id, ApprovalStatus.APPROVED, null)).startsWith("409 contract " + id
                + " was applied for by this node"));
        alice.gov.terminateContract(id);
        assertEquals(1, alice.gov.deliverDue());
        assertEquals(ApprovalStatus.TERMINATED, bob.store.contract(id, Governance.PARTNER).orElseThrow().status());
        assertEquals(ApprovalStatus.TERMINATED, alice.store.contract(id, Governance.INITIATOR).orElseThrow().status());
        // after termination bob refuses alice's signed calls
        assertEquals("409 no APPROVED contract with node bob", message(() -> alice.gov.applyAudit(AuditKind.FLOW, flow())));
        Reply refused = send("GET", "/v1/interconn/node/contract/query?contract_id=" + id, null, Map.of(), true);
        assertEquals(403, refused.status());
        assertEquals("no APPROVED contract with node alice (its contract with this node is TERMINATED)", refused.body().path("msg").asText());
        assertEquals("409 contract " + id + " is TERMINATED and cannot become TERMINATED (TERMINATED is final)",
                message(() -> bob.gov.terminateContract(id)));
    }

    @Test
    void aRejectedContractStaysRejectedAndANewApplicationIsPossible() {
        GovernanceStore.Contract c = alice.gov.applyContract(bob.address, "bob", null);
        // the 409 names the state, never the id a stranger could confirm with (issue 10, contract hijack)
        assertEquals("409 node bob refused: node alice already has a contract with this node in state APPLIED",
                message(() -> alice.gov.applyContract(bob.address, "bob", null)));
        bob.gov.decideContract(c.contractId(), ApprovalStatus.REJECTED, null);
        bob.gov.deliverDue();
        assertEquals(ApprovalStatus.REJECTED, alice.store.contract(c.contractId(), Governance.INITIATOR).orElseThrow().status());
        assertNotNull(alice.gov.applyContract(bob.address, "bob", null).contractId());
    }

    @Test
    void unknownContractsAndApprovalsAre404() {
        assertEquals("404 no contract nope", message(() -> bob.gov.decideContract("nope", ApprovalStatus.APPROVED, null)));
        assertEquals("404 no dataset audit a1", message(() -> bob.gov.decideAudit(AuditKind.DATASET, "a1", ApprovalStatus.APPROVED)));
        assertEquals("404 no flow audit a1", message(() -> bob.gov.terminateAudit(AuditKind.FLOW, "a1")));
    }

    /** A one-component DAG (spec 20 §5.1) and a configuration where alice is guest and bob host (§5.2). */
    static final String DAG = "{\"version\":\"2.0\",\"components\":[{\"name\":\"psi_0\",\"componentName\":\"ecdh_psi\","
            + "\"provider\":\"hutong\",\"version\":\"1.0.0\",\"input\":[],\"output\":[{\"key\":\"result\",\"type\":\"dataset\"}]}]}";
    static final String CONF = "{\"initiator\":{\"role\":\"guest\",\"node_id\":\"alice\"},\"role\":{\"guest\":[\"alice\"],"
            + "\"host\":[\"bob\"]},\"task_params\":{\"host\":{\"0\":{\"psi_0\":{\"dataset_id\":\"ds1\"}}}}}";
    static final String JOB_ID = "job-0123456789abcdef0123456789abcdef";

    ObjectNode flow() {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("peer_node_id", "bob");
        b.put("flow_id", "flow-1");
        b.put("name", "psi flow");
        b.set("dag", Json.object(DAG));
        return b;
    }

    ObjectNode job() {
        ObjectNode b = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("job_id", JOB_ID).put("flow_id", "flow-1")
                .put("name", "J").put("project_id", "p1");
        b.set("dag", Json.object(DAG));
        b.set("conf", Json.object(CONF));
        return b;
    }

    @Test
    void flowApprovalWalksTheStateMachineAndQueryIsTheFallback() throws Exception {
        contract();
        GovernanceStore.Audit a = alice.gov.applyAudit(AuditKind.FLOW, flow());
        assertEquals(ApprovalStatus.APPLIED, bob.store.audit(AuditKind.FLOW, a.auditId(), Governance.OWNER).orElseThrow().status());
        bob.gov.decideAudit(AuditKind.FLOW, a.auditId(), ApprovalStatus.APPROVED);
        // the confirm is "lost": alice asks instead
        assertEquals(ApprovalStatus.APPROVED, alice.gov.refreshAudit(AuditKind.FLOW, a.auditId()).status());
        // the confirm arriving late carries the permit and is accepted (GOV2)
        bob.gov.deliverDue();
        GovernanceStore.OutboxCall call = bob.store.outbox().get(bob.store.outbox().size() - 1);
        assertEquals("DONE", call.state());
        bob.gov.terminateAudit(AuditKind.FLOW, a.auditId());
        bob.gov.deliverDue();
        assertEquals(ApprovalStatus.TERMINATED, alice.store.audit(AuditKind.FLOW, a.auditId(), Governance.REQUESTER).orElseThrow().status());
        assertEquals("409 flow audit " + a.auditId() + " is TERMINATED and cannot become APPROVED (TERMINATED is final)",
                message(() -> bob.gov.decideAudit(AuditKind.FLOW, a.auditId(), ApprovalStatus.APPROVED)));
    }

    @Test
    void everyKindOfApprovalCanBeAppliedForApprovedAndRejected() {
        contract();
        bob.store.upsertDataset(new GovernanceStore.Dataset("ds1", "Customers", null, null, "x.csv", 3, "[]", null, null, false, 1));
        Map<AuditKind, ObjectNode> bodies = new LinkedHashMap<>();
        ObjectNode ds = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("dataset_id", "ds1");
        bodies.put(AuditKind.DATASET, ds);
        ObjectNode pr = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("project_id", "p1").put("name", "P").put("type", "PSI");
        pr.putArray("datasets").addObject().put("dataset_id", "ds1").put("name", "Customers").put("owner", "inst-bob");
        bodies.put(AuditKind.PROJECT, pr);
        bodies.put(AuditKind.FLOW, flow());
        bodies.put(AuditKind.JOB, job());
        bodies.put(AuditKind.MODEL, Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("model_id", "m1").put("apply_project_id", "p1"));
        for (var e : bodies.entrySet()) {
            GovernanceStore.Audit ok = alice.gov.applyAudit(e.getKey(), e.getValue().deepCopy());
            GovernanceStore.Audit no = alice.gov.applyAudit(e.getKey(), e.getValue().deepCopy());
            bob.gov.decideAudit(e.getKey(), ok.auditId(), ApprovalStatus.APPROVED);
            bob.gov.decideAudit(e.getKey(), no.auditId(), ApprovalStatus.REJECTED);
            bob.gov.deliverDue();
            assertEquals(ApprovalStatus.APPROVED, alice.store.audit(e.getKey(), ok.auditId(), Governance.REQUESTER).orElseThrow().status(), e.getKey().name());
            assertEquals(ApprovalStatus.REJECTED, alice.store.audit(e.getKey(), no.auditId(), Governance.REQUESTER).orElseThrow().status(), e.getKey().name());
            // the approval came with a permit alice now holds
            String token = alice.store.audit(e.getKey(), ok.auditId(), Governance.REQUESTER).orElseThrow().permitToken();
            assertNotNull(token, e.getKey().name());
            assertTrue(alice.gov.tokenSetFor("bob").contains(e.getKey().name() + ":" + ok.resourceId() + "/1/" + token));
        }
    }

    @Test
    void applyFieldsAreCheckedAndNamed() {
        contract();
        ObjectNode f = flow();
        f.remove("dag");
        assertEquals("400 dag is required", message(() -> alice.gov.applyAudit(AuditKind.FLOW, f)));
        ObjectNode p = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("project_id", "p").put("name", "n").put("type", "CHESS");
        assertTrue(message(() -> alice.gov.applyAudit(AuditKind.PROJECT, p)).startsWith("400 type must be one of"));
        ObjectNode d = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("dataset_id", "missing");
        // bob checks too: the dataset does not exist there
        assertEquals("404 node bob refused: no dataset missing on node bob", message(() -> alice.gov.applyAudit(AuditKind.DATASET, d)));
        ObjectNode m = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("model_id", "m");
        assertEquals("400 apply_project_id is required", message(() -> alice.gov.applyAudit(AuditKind.MODEL, m)));
        ObjectNode j = job();
        j.put("conf", "not an object");
        assertEquals("400 conf must be a JSON object", message(() -> alice.gov.applyAudit(AuditKind.JOB, j)));
    }

    @Test
    void permitsCountUsesExpireAndAreRevokedOnTerminate() {
        contract();
        bob.store.upsertDataset(new GovernanceStore.Dataset("ds1", "Customers", null, null, "x.csv", 3, "[]", null, null, false, 1));
        ObjectNode ds = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("dataset_id", "ds1").put("times_limit", 2);
        GovernanceStore.Audit a = alice.gov.applyAudit(AuditKind.DATASET, ds);
        bob.gov.decideAudit(AuditKind.DATASET, a.auditId(), ApprovalStatus.APPROVED);
        bob.gov.deliverDue();
        String set = alice.gov.tokenSetFor("bob");
        assertTrue(bob.gov.check(set, "DATASET", "ds1", "alice").granted());
        assertFalse(bob.gov.check(set, "DATASET", "ds1", "mallory").granted());
        assertTrue(bob.gov.check(set, "DATASET", "ds1", "alice").granted());
        assertTrue(bob.gov.check(set, "DATASET", "ds1", "alice").reason().contains("used up (2 of 2 uses)"));
        assertFalse(bob.gov.check(set, "DATASET", "other", "alice").granted());
        assertFalse(bob.gov.check("", "DATASET", "ds1", "alice").granted());

        ObjectNode timed = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("dataset_id", "ds1")
                .put("time_limit", System.currentTimeMillis() + 60_000);
        GovernanceStore.Audit t = alice.gov.applyAudit(AuditKind.DATASET, timed);
        bob.gov.decideAudit(AuditKind.DATASET, t.auditId(), ApprovalStatus.APPROVED);
        bob.gov.deliverDue();
        String token = alice.store.audit(AuditKind.DATASET, t.auditId(), Governance.REQUESTER).orElseThrow().permitToken();
        String one = "DATASET:ds1/1/" + token;
        assertTrue(bob.gov.check(one, "DATASET", "ds1", "alice").granted());
        bob.useSystemClock = false;
        bob.clock.set(System.currentTimeMillis() + 120_000);
        assertTrue(bob.gov.check(one, "DATASET", "ds1", "alice").reason().contains("expired"));
        bob.useSystemClock = true;
        alice.gov.terminateAudit(AuditKind.DATASET, t.auditId());
        alice.gov.deliverDue();
        assertTrue(bob.gov.check(one, "DATASET", "ds1", "alice").reason().contains("revoked"));
        assertEquals(ApprovalStatus.TERMINATED, bob.store.audit(AuditKind.DATASET, t.auditId(), Governance.OWNER).orElseThrow().status());
    }

    @Test
    void callsAreRefusedWhenUnsignedWronglySignedReplayedStaleOrMisaddressed() throws Exception {
        String id = contract();
        String q = "/v1/interconn/node/contract/query?contract_id=" + id;
        Reply good = send("GET", q, null, Map.of(), true);
        assertEquals(200, good.status(), good.body().toString());
        assertEquals("APPROVED", good.body().path("data").path("status").asText());

        Reply unsigned = send("GET", q, null, Map.of(), false);
        assertEquals(401, unsigned.status());
        assertEquals("x-auth-sign header is required", unsigned.body().path("msg").asText());

        Reply forged = send("GET", q, null, Map.of("x-auth-sign", Base64.getEncoder().encodeToString(bob.identity.sign(new byte[] {1}))), false);
        assertEquals(401, forged.status());
        assertEquals("x-auth-sign does not verify with the SHA256_ECDSA credential of node alice", forged.body().path("msg").asText());

        String nonce = UUID.randomUUID().toString();
        assertEquals(200, send("GET", q, null, Map.of("x-nonce", nonce), true).status());
        Reply replay = send("GET", q, null, Map.of("x-nonce", nonce), true);
        assertEquals(401, replay.status());
        assertTrue(replay.body().path("msg").asText().contains("already used"), replay.body().toString());

        Reply stale = send("GET", q, null, Map.of("x-timestamp", Long.toString(System.currentTimeMillis() - 301_000)), true);
        assertEquals(401, stale.status());
        assertTrue(stale.body().path("msg").asText().startsWith("x-timestamp is stale"), stale.body().toString());

        Reply elsewhere = send("GET", q, null, Map.of("x-target-node-id", "carol"), true);
        assertEquals(403, elsewhere.status());
        assertEquals("x-target-node-id is carol but this node is bob", elsewhere.body().path("msg").asText());

        Reply stranger = send("GET", q, null, Map.of("x-source-node-id", "mallory"), true);
        assertEquals(403, stranger.status());
        assertEquals("no APPROVED contract with node mallory", stranger.body().path("msg").asText());

        String body = "{\"audit_id\":\"x\"}";
        Reply noCsrf = send("POST", "/v1/interconn/flow/audit/terminate", body, java.util.Collections.singletonMap("x-csrf-protection", null), true);
        assertEquals(403, noCsrf.status());
        assertEquals("x-csrf-protection header is required on POST", noCsrf.body().path("msg").asText());

        Reply tampered = send("POST", "/v1/interconn/flow/audit/terminate", body, Map.of(), true);
        assertEquals(404, tampered.status(), "a properly signed call reaches the handler");
        Reply noHeader = send("GET", q, null, java.util.Collections.singletonMap("x-nonce", null), true);
        assertEquals(401, noHeader.status());
        assertEquals("x-nonce header is required", noHeader.body().path("msg").asText());
    }

    @Test
    void theNoncesAreRememberedAcrossARestart() throws Exception {
        String id = contract();
        String q = "/v1/interconn/node/contract/query?contract_id=" + id;
        String nonce = UUID.randomUUID().toString();
        assertEquals(200, send("GET", q, null, Map.of("x-nonce", nonce), true).status());
        // a new Governance on the same database is what a restarted node is
        Governance restarted = new Governance(bob.store, bob.identity, bob.gov.self(), TestNode.CALL_TIMEOUT, 300_000, 10,
                System::currentTimeMillis);
        EastWestRequest again = new EastWestRequest("GET", "/v1/interconn/node/contract/query", "contract_id=" + id,
                h -> Map.of("x-source-node-id", "alice", "x-target-node-id", "bob", "x-nonce", nonce,
                        "x-timestamp", Long.toString(System.currentTimeMillis()), "x-auth-sign", "AAAA").get(h), "");
        assertEquals(401, status(() -> restarted.check(again, false)));
        assertTrue(message(() -> restarted.check(again, false)).contains("already used"));
    }

    @Test
    void outboxRetriesUntilThePartnerIsBack() throws Exception {
        GovernanceStore.Contract c = alice.gov.applyContract(bob.address, "bob", null);
        String aliceAddress = alice.address;
        alice.close(); // alice is down when bob approves
        bob.gov.decideContract(c.contractId(), ApprovalStatus.APPROVED, null);
        assertEquals(0, bob.gov.deliverDue());
        GovernanceStore.OutboxCall pending = bob.store.outbox().get(0);
        assertEquals("PENDING", pending.state());
        assertTrue(pending.lastError().startsWith("unreachable"), pending.lastError());
        assertEquals(1, pending.attempts());
        // alice comes back on the same address and database
        int port = URI.create(aliceAddress).getPort();
        TestNode back = TestNode.restart(alice, port);
        try {
            // delivered once the retry delay has passed
            assertEquals(1, org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                    .until(bob.gov::deliverDue, n -> n != 0));
            assertEquals(ApprovalStatus.APPROVED, back.store.contract(c.contractId(), Governance.INITIATOR).orElseThrow().status());
            assertEquals("DONE", bob.store.outbox().get(0).state());
        } finally {
            back.close();
        }
    }

    @Test
    void pagesFollowTheStandardsDefaults() {
        List<Integer> all = java.util.stream.IntStream.range(0, 45).boxed().toList();
        assertEquals(20, ((List<?>) Page.of(null, null).of(all).get("records")).size());
        assertEquals(5, ((List<?>) Page.of("3", null).of(all).get("records")).size());
        assertEquals(45, ((List<?>) Page.of("1", "-1").of(all).get("records")).size());
        assertEquals(0, ((List<?>) Page.of("9", "10").of(all).get("records")).size());
        assertEquals(45, Page.of("9", "10").of(all).get("total"));
        assertEquals("400 page_size must be positive or -1 (all), got 0", message(() -> Page.of("1", "0")));
        assertEquals("400 page_num must be an integer, got 'x'", message(() -> Page.of("x", "1")));
    }

    // ------------------------------------------------------------------ governance state (issue 10 item 4)

    /** alice applies for an approval of each kind at bob, bob approves (or leaves it APPLIED), the confirms arrive. */
    Map<AuditKind, String> approvalsOfEveryKind(boolean approve) {
        bob.store.upsertDataset(new GovernanceStore.Dataset("ds1", "Customers", null, null, "x.csv", 3, "[]", null, null, false, 1));
        Map<AuditKind, ObjectNode> bodies = new LinkedHashMap<>();
        bodies.put(AuditKind.DATASET, Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("dataset_id", "ds1"));
        ObjectNode pr = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("project_id", "p1").put("name", "P");
        bodies.put(AuditKind.PROJECT, pr);
        bodies.put(AuditKind.FLOW, flow());
        bodies.put(AuditKind.JOB, job());
        bodies.put(AuditKind.MODEL, Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("model_id", "m1").put("apply_project_id", "p1"));
        Map<AuditKind, String> ids = new LinkedHashMap<>();
        for (var e : bodies.entrySet()) {
            String id = alice.gov.applyAudit(e.getKey(), e.getValue()).auditId();
            if (approve) {
                bob.gov.decideAudit(e.getKey(), id, ApprovalStatus.APPROVED);
            }
            ids.put(e.getKey(), id);
        }
        bob.gov.deliverDue();
        return ids;
    }

    @Test
    void terminatingAContractEndsEveryApprovalUnderItOnBothSidesAndRevokesTheirPermits() {
        String id = contract();
        Map<AuditKind, String> approved = approvalsOfEveryKind(true);
        String waiting = alice.gov.applyAudit(AuditKind.MODEL, Json.MAPPER.createObjectNode().put("peer_node_id", "bob")
                .put("model_id", "m2").put("apply_project_id", "p1")).auditId();
        assertEquals(5, alice.gov.tokenSetFor("bob").split(",").length, "alice holds a permit per approval");
        String datasetPermit = alice.store.audit(AuditKind.DATASET, approved.get(AuditKind.DATASET), Governance.REQUESTER).orElseThrow().permitToken();
        String set = alice.gov.tokenSetFor("bob");

        alice.gov.terminateContract(id);
        // alice's side at once, bob's when the terminate arrives
        for (var e : approved.entrySet()) {
            assertEquals(ApprovalStatus.TERMINATED, alice.store.audit(e.getKey(), e.getValue(), Governance.REQUESTER).orElseThrow().status(),
                    e.getKey().name());
            assertEquals(ApprovalStatus.APPROVED, bob.store.audit(e.getKey(), e.getValue(), Governance.OWNER).orElseThrow().status());
        }
        assertEquals(1, alice.gov.deliverDue());
        for (var e : approved.entrySet()) {
            assertEquals(ApprovalStatus.TERMINATED, bob.store.audit(e.getKey(), e.getValue(), Governance.OWNER).orElseThrow().status(),
                    e.getKey().name());
        }
        // an application nobody answered cannot be decided under a contract that is gone
        assertEquals(ApprovalStatus.TERMINATED, alice.store.audit(AuditKind.MODEL, waiting, Governance.REQUESTER).orElseThrow().status());
        assertEquals(ApprovalStatus.TERMINATED, bob.store.audit(AuditKind.MODEL, waiting, Governance.OWNER).orElseThrow().status());
        assertTrue(message(() -> bob.gov.decideAudit(AuditKind.MODEL, waiting, ApprovalStatus.APPROVED)).startsWith("409 model audit "
                + waiting + " is TERMINATED"));
        // every permit, held and issued, is revoked: alice sends none, bob grants none
        assertTrue(alice.store.permits().stream().allMatch(GovernanceStore.Permit::revoked));
        assertTrue(bob.store.permits().stream().allMatch(GovernanceStore.Permit::revoked));
        assertEquals(10, alice.store.permits().size() + bob.store.permits().size());
        assertEquals("", alice.gov.tokenSetFor("bob"));
        assertEquals("permit " + datasetPermit + " for DATASET:ds1 was revoked (approval terminated)",
                bob.gov.check(set, "DATASET", "ds1", "alice").reason());
    }

    @Test
    void theProjectListShowsOnlyTheProjectsOfTheContractItNames() throws Exception {
        String first = contract();
        ObjectNode old = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("project_id", "p-old").put("name", "old");
        bob.gov.decideAudit(AuditKind.PROJECT, alice.gov.applyAudit(AuditKind.PROJECT, old).auditId(), ApprovalStatus.APPROVED);
        bob.gov.deliverDue();
        assertEquals(List.of("p-old"), projectsAtBob(first));

        // bob applies for a second contract the other way round while the first is live: it has no projects
        GovernanceStore.Contract second = bob.gov.applyContract(alice.address, "alice", null);
        alice.gov.decideContract(second.contractId(), ApprovalStatus.APPROVED, null);
        alice.gov.deliverDue();
        assertEquals(List.of(), projectsAtBob(second.contractId()));

        // the first contract ends; a new one with the same partner starts empty and shows only its own project
        alice.gov.terminateContract(first);
        alice.gov.deliverDue();
        bob.gov.terminateContract(second.contractId());
        bob.gov.deliverDue();
        String third = contract();
        assertNotEquals(first, third);
        ObjectNode fresh = Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("project_id", "p-new").put("name", "new");
        bob.gov.decideAudit(AuditKind.PROJECT, alice.gov.applyAudit(AuditKind.PROJECT, fresh).auditId(), ApprovalStatus.APPROVED);
        bob.gov.deliverDue();
        assertEquals(List.of("p-new"), projectsAtBob(third));
        assertEquals(403, status(() -> projectsAtBob(first)), "the terminated contract lists nothing");
    }

    /** alice asks bob, signed, for the projects of a contract (spec 10 §4.5). */
    List<String> projectsAtBob(String contractId) {
        PeerClient.Reply r = alice.gov.call(() -> alice.gov.peers().get(bob.address, "bob", "/v1/interconn/project/list",
                Map.of("contract_id", contractId)), "bob");
        List<String> ids = new java.util.ArrayList<>();
        r.data().path("records").forEach(p -> ids.add(p.path("project_id").asText()));
        return ids;
    }

    @Test
    void aRefreshThatSeesApprovedAwaitsThePermitAndTheLateConfirmDeliversIt() {
        String contract = contract();
        GovernanceStore.Audit a = alice.gov.applyAudit(AuditKind.FLOW, flow());
        bob.gov.decideAudit(AuditKind.FLOW, a.auditId(), ApprovalStatus.APPROVED);
        String issued = bob.store.audit(AuditKind.FLOW, a.auditId(), Governance.OWNER).orElseThrow().permitToken();
        // the confirm is held back, as after failed attempts with a long backoff
        GovernanceStore.OutboxCall confirm = bob.store.outbox().get(bob.store.outbox().size() - 1);
        bob.store.dueAt(confirm.id(), System.currentTimeMillis() + 3_600_000);
        assertEquals(0, bob.gov.deliverDue());

        GovernanceStore.Audit adopted = alice.gov.refreshAudit(AuditKind.FLOW, a.auditId());
        assertEquals(ApprovalStatus.APPROVED, adopted.status());
        assertEquals(null, adopted.permitToken());
        assertEquals(true, AdminGovernanceResource.audit(adopted).get("permit_awaited"));
        assertEquals("", alice.gov.tokenSetFor("bob"), "no permit is held yet");

        // bob's answer to the query sent its confirm on its way now, not in an hour
        assertEquals(1, bob.gov.deliverDue());
        assertEquals("DONE", bob.store.outbox().get(bob.store.outbox().size() - 1).state());
        GovernanceStore.Audit complete = alice.store.audit(AuditKind.FLOW, a.auditId(), Governance.REQUESTER).orElseThrow();
        assertEquals(ApprovalStatus.APPROVED, complete.status());
        assertEquals(issued, complete.permitToken());
        assertEquals(false, AdminGovernanceResource.audit(complete).get("permit_awaited"));
        assertEquals("FLOW:flow-1/1/" + issued, alice.gov.tokenSetFor("bob"));
        assertTrue(bob.gov.check(alice.gov.tokenSetFor("bob"), "FLOW", "flow-1", "alice").granted());

        // the same confirm again (a resend) is answered OK and changes nothing
        Governance.Caller fromBob = new Governance.Caller("bob", alice.store.contract(contract, Governance.INITIATOR).orElseThrow());
        ObjectNode again = Json.MAPPER.createObjectNode().put("audit_id", a.auditId()).put("status", "APPROVED");
        again.set("resource_permit", Json.MAPPER.valueToTree(Governance.permitObject(bob.store.permit(issued, Governance.ISSUED).orElseThrow())));
        alice.gov.auditConfirm(AuditKind.FLOW, fromBob, again.deepCopy());
        assertEquals(issued, alice.store.audit(AuditKind.FLOW, a.auditId(), Governance.REQUESTER).orElseThrow().permitToken());
    }

    @Test
    void aJobApplyResentAfterTheDecisionBringsTheConfirmAtOnce() throws Exception {
        contract();
        GovernanceStore.Audit a = alice.gov.applyAudit(AuditKind.JOB, job());
        bob.gov.decideAudit(AuditKind.JOB, a.auditId(), ApprovalStatus.APPROVED);
        GovernanceStore.OutboxCall confirm = bob.store.outbox().get(bob.store.outbox().size() - 1);
        bob.store.dueAt(confirm.id(), System.currentTimeMillis() + 3_600_000);
        assertEquals(0, bob.gov.deliverDue());
        // the standard has no job query: the requester polls by sending the same apply again
        Reply again = send("POST", "/v1/interconn/job/audit/apply", a.requestJson(), Map.of(), true);
        assertEquals(200, again.status(), again.body().toString());
        assertEquals(1, bob.gov.deliverDue());
        GovernanceStore.Audit held = alice.store.audit(AuditKind.JOB, a.auditId(), Governance.REQUESTER).orElseThrow();
        assertEquals(ApprovalStatus.APPROVED, held.status());
        assertNotNull(held.permitToken());
    }

    @Test
    void aLateConfirmThatConflictsIsRefusedWithoutLosingWhatIsStored() {
        String contract = contract();
        GovernanceStore.Audit a = alice.gov.applyAudit(AuditKind.FLOW, flow());
        bob.gov.decideAudit(AuditKind.FLOW, a.auditId(), ApprovalStatus.APPROVED);
        bob.gov.deliverDue();
        String held = alice.store.audit(AuditKind.FLOW, a.auditId(), Governance.REQUESTER).orElseThrow().permitToken();
        assertNotNull(held);
        Governance.Caller fromBob = new Governance.Caller("bob", alice.store.contract(contract, Governance.INITIATOR).orElseThrow());

        ObjectNode other = Json.MAPPER.createObjectNode().put("audit_id", a.auditId()).put("status", "APPROVED");
        other.putObject("resource_permit").put("token", "another-token");
        assertEquals("409 flow audit " + a.auditId() + " is APPROVED with permit " + held + "; the confirm carries another (another-token)",
                message(() -> alice.gov.auditConfirm(AuditKind.FLOW, fromBob, other)));
        ObjectNode rejected = Json.MAPPER.createObjectNode().put("audit_id", a.auditId()).put("status", "REJECTED");
        assertEquals("409 flow audit " + a.auditId() + " is APPROVED and cannot become REJECTED (only [TERMINATED] from APPROVED)",
                message(() -> alice.gov.auditConfirm(AuditKind.FLOW, fromBob, rejected)));
        GovernanceStore.Audit kept = alice.store.audit(AuditKind.FLOW, a.auditId(), Governance.REQUESTER).orElseThrow();
        assertEquals(ApprovalStatus.APPROVED, kept.status());
        assertEquals(held, kept.permitToken());
        assertTrue(alice.store.permit("another-token", Governance.HELD).isEmpty());
        assertEquals("FLOW:flow-1/1/" + held, alice.gov.tokenSetFor("bob"));

        // a rejection repeated is the same outcome: OK
        GovernanceStore.Audit no = alice.gov.applyAudit(AuditKind.FLOW, flow());
        bob.gov.decideAudit(AuditKind.FLOW, no.auditId(), ApprovalStatus.REJECTED);
        bob.gov.deliverDue();
        alice.gov.auditConfirm(AuditKind.FLOW, fromBob, Json.MAPPER.createObjectNode().put("audit_id", no.auditId()).put("status", "REJECTED"));
        assertEquals(ApprovalStatus.REJECTED, alice.store.audit(AuditKind.FLOW, no.auditId(), Governance.REQUESTER).orElseThrow().status());
    }

    @Test
    void theHolderOfAPermitCountsTheSameUsesAsItsOwner() {
        contract();
        bob.store.upsertDataset(new GovernanceStore.Dataset("ds1", "Customers", null, null, "x.csv", 3, "[]", null, null, false, 1));
        GovernanceStore.Audit a = alice.gov.applyAudit(AuditKind.DATASET,
                Json.MAPPER.createObjectNode().put("peer_node_id", "bob").put("dataset_id", "ds1").put("times_limit", 3));
        bob.gov.decideAudit(AuditKind.DATASET, a.auditId(), ApprovalStatus.APPROVED);
        bob.gov.deliverDue();
        String token = alice.store.audit(AuditKind.DATASET, a.auditId(), Governance.REQUESTER).orElseThrow().permitToken();
        String contract = alice.gov.approvedContractWith("bob").orElseThrow().contractId();
        for (int i = 1; i <= 3; i++) {
            assertEquals("ds1", datasetAtBob(contract).path("dataset_id").asText());
            assertEquals(i, bob.store.permit(token, Governance.ISSUED).orElseThrow().timesUsed());
            assertEquals(i, alice.store.permit(token, Governance.HELD).orElseThrow().timesUsed(), "the holder's count after use " + i);
        }
        assertTrue(message(() -> datasetAtBob(contract)).contains("is used up (3 of 3 uses)"));
        assertEquals(3, alice.store.permit(token, Governance.HELD).orElseThrow().timesUsed());

        // only the issuer's report counts, and a count never goes back
        alice.gov.usesReported("mallory", token + "=1000");
        alice.gov.usesReported("bob", token + "=1");
        alice.gov.usesReported("bob", token + "=x," + token + "=-4,=7");
        assertEquals(3, alice.store.permit(token, Governance.HELD).orElseThrow().timesUsed());
    }

    com.fasterxml.jackson.databind.JsonNode datasetAtBob(String contract) {
        return alice.gov.call(() -> alice.gov.peers().get(bob.address, "bob", "/v1/interconn/dataset/pub/query",
                Map.of("contract_id", contract, "dataset_id", "ds1")), "bob").data();
    }

    @Test
    void flowAndJobApprovalsCheckTheirDagAndConfAtBothEnds() throws Exception {
        contract();
        ObjectNode empty = job();
        empty.putObject("dag");
        assertEquals("400 dag.components is required", message(() -> alice.gov.applyAudit(AuditKind.JOB, empty)));
        ObjectNode noConf = job();
        noConf.putObject("conf");
        assertEquals("400 conf.role is required", message(() -> alice.gov.applyAudit(AuditKind.JOB, noConf)));
        ObjectNode badId = job().put("job_id", "job-1");
        assertEquals("400 job_id must be job- followed by 32 lower-case hex digits, got 'job-1'",
                message(() -> alice.gov.applyAudit(AuditKind.JOB, badId)));
        ObjectNode cycle = flow();
        ((ObjectNode) cycle.path("dag").path("components").get(0)).putArray("input").addObject().put("key", "psi_0.result").put("type", "dataset");
        assertEquals("400 dag.components[0].input[0].key references an output of psi_0 itself",
                message(() -> alice.gov.applyAudit(AuditKind.FLOW, cycle)));
        ObjectNode elsewhere = flow();
        elsewhere.set("config", Json.object(CONF.replace("bob", "carol")));
        assertEquals("400 config.role gives node bob, which approves this flow, no role {guest=[alice], host=[carol]}",
                message(() -> alice.gov.applyAudit(AuditKind.FLOW, elsewhere)));

        // bob checks what arrives: {} is no longer APPLIED
        String body = "{\"audit_id\":\"j-empty\",\"job_id\":\"" + JOB_ID + "\",\"flow_id\":\"f\",\"name\":\"n\",\"project_id\":\"p\","
                + "\"dag\":{},\"conf\":{}}";
        Reply refused = send("POST", "/v1/interconn/job/audit/apply", body, Map.of(), true);
        assertEquals(400, refused.status());
        assertEquals("dag.components is required", refused.body().path("msg").asText());
        String notBob = "{\"audit_id\":\"j-carol\",\"job_id\":\"" + JOB_ID + "\",\"flow_id\":\"f\",\"name\":\"n\",\"project_id\":\"p\","
                + "\"dag\":" + DAG + ",\"conf\":" + CONF.replace("bob", "carol") + "}";
        Reply notMine = send("POST", "/v1/interconn/job/audit/apply", notBob, Map.of(), true);
        assertEquals(400, notMine.status());
        assertEquals("conf.role gives node bob, which approves this job, no role {guest=[alice], host=[carol]}",
                notMine.body().path("msg").asText());
        assertTrue(bob.store.audits().isEmpty(), "nothing was stored");
        String good = notBob.replace("j-carol", "j-good").replace("carol", "bob");
        assertEquals(200, send("POST", "/v1/interconn/job/audit/apply", good, Map.of(), true).status());
        assertEquals(ApprovalStatus.APPLIED, bob.store.audit(AuditKind.JOB, "j-good", Governance.OWNER).orElseThrow().status());
    }
}
