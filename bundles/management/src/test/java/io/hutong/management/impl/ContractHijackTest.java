/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.WebApplicationException;

/**
 * The attacks of issue 10 on the contract handshake and the call checks, each played by a stranger who
 * knows the protocol ("mallory", with a key of its own) against real nodes on loopback.
 */
class ContractHijackTest {

    TestNode alice;
    TestNode bob;
    TestNode.Identity mallory;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void nodes() throws Exception {
        alice = new TestNode("alice", TestNode.h2());
        bob = new TestNode("bob", TestNode.h2());
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        mallory = new TestNode.Identity("mallory", g.generateKeyPair());
    }

    @AfterEach
    void close() {
        alice.close();
        bob.close();
    }

    record Reply(int status, JsonNode body) {
        String msg() {
            return body.path("msg").asText();
        }
    }

    /** POSTs {@code body} to {@code to} claiming to come from {@code source}, signed with {@code signer} (null = unsigned). */
    Reply post(TestNode to, String path, String source, String body, TestNode.Identity signer, Map<String, String> override)
            throws Exception {
        URI uri = URI.create(to.address + path);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-source-node-id", source);
        h.put("x-target-node-id", to.id);
        h.put("x-nonce", UUID.randomUUID().toString());
        h.put("x-timestamp", Long.toString(System.currentTimeMillis()));
        h.put("x-csrf-protection", "1");
        h.put("x-trace-id", "t");
        h.putAll(override);
        if (signer != null) {
            byte[] canonical = CanonicalRequest.of("POST", uri.getRawPath(), PeerClient.decodeQuery(uri.getRawQuery()),
                    h.get("x-source-node-id"), h.get("x-target-node-id"), h.get("x-nonce"), h.get("x-timestamp"),
                    body.getBytes(StandardCharsets.UTF_8));
            h.put("x-auth-sign", Base64.getEncoder().encodeToString(signer.sign(canonical)));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        h.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()));
    }

    static String confirm(String contractId, String status, TestNode.Identity key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contract_id", contractId);
        m.put("status", status);
        if (key != null) {
            m.put("auth_type", key.authType());
            m.put("auth_credential", key.publicKeyPem());
        }
        return Json.write(m);
    }

    GovernanceStore.Contract aliceView(String id) {
        return alice.store.contract(id, Governance.INITIATOR).orElseThrow();
    }

    @Test
    void anUnsignedConfirmCannotInstallAStrangersKey() throws Exception {
        String id = alice.gov.applyContract(bob.address, "bob", null).contractId();
        Reply r = post(alice, "/v1/interconn/node/contract/confirm", "bob", confirm(id, "APPROVED", mallory), null, Map.of());
        assertEquals(401, r.status(), r.body().toString());
        assertTrue(r.msg().startsWith("x-auth-sign header is required on an APPROVED contract confirm"), r.msg());
        assertEquals(ApprovalStatus.APPLIED, aliceView(id).status());
        assertNull(aliceView(id).peerAuthCredential());
    }

    @Test
    void aConfirmMustBeSignedByTheKeyItCarries() throws Exception {
        String id = alice.gov.applyContract(bob.address, "bob", null).contractId();
        // signed by mallory, but carrying bob's real key: the signer does not hold the key it hands over
        Reply r = post(alice, "/v1/interconn/node/contract/confirm", "bob", confirm(id, "APPROVED", (TestNode.Identity) bob.identity),
                mallory, Map.of());
        assertEquals(401, r.status(), r.body().toString());
        assertTrue(r.msg().startsWith("x-auth-sign does not verify"), r.msg());
        assertEquals(ApprovalStatus.APPLIED, aliceView(id).status());
    }

    @Test
    void aSelfSignedConfirmCountsOnlyForAContractAppliedForToItsSender() throws Exception {
        String id = alice.gov.applyContract(bob.address, "bob", null).contractId();
        // mallory signs with the key it carries, but alice applied to bob, not to mallory
        Reply asItself = post(alice, "/v1/interconn/node/contract/confirm", "mallory", confirm(id, "APPROVED", mallory), mallory, Map.of());
        assertEquals(404, asItself.status(), asItself.body().toString());
        assertEquals("no contract " + id + " applied for by this node to node mallory", asItself.msg());
        // a contract alice never applied for: the same answer, nothing learned
        Reply unknown = post(alice, "/v1/interconn/node/contract/confirm", "mallory", confirm("c-nope", "APPROVED", mallory), mallory, Map.of());
        assertEquals(404, unknown.status());
        assertEquals(ApprovalStatus.APPLIED, aliceView(id).status());
    }

    @Test
    void aConfirmReplacesNothingThatIsApproved() throws Exception {
        String id = alice.gov.applyContract(bob.address, "bob", null).contractId();
        bob.gov.decideContract(id, ApprovalStatus.APPROVED, null);
        assertEquals(1, bob.gov.deliverDue());
        String bobsKey = aliceView(id).peerAuthCredential();
        assertEquals(bob.identity.publicKeyPem(), bobsKey);
        // a well-formed, self-signed confirm naming bob: the contract is APPROVED, so it changes nothing
        Reply r = post(alice, "/v1/interconn/node/contract/confirm", "bob", confirm(id, "APPROVED", mallory), mallory, Map.of());
        assertEquals(409, r.status(), r.body().toString());
        assertEquals(bobsKey, aliceView(id).peerAuthCredential());
        assertEquals(ApprovalStatus.APPROVED, aliceView(id).status());
        // and bob's resent confirm (its outbox) is answered again without change
        Reply again = post(alice, "/v1/interconn/node/contract/confirm", "bob", confirm(id, "APPROVED", (TestNode.Identity) bob.identity),
                (TestNode.Identity) bob.identity, Map.of());
        assertEquals(200, again.status(), again.body().toString());
        assertEquals(bobsKey, aliceView(id).peerAuthCredential());
    }

    @Test
    void theConflictOfAnUnsignedApplyDoesNotLeakTheContractId() throws Exception {
        String id = alice.gov.applyContract(bob.address, "bob", null).contractId();
        Map<String, Object> info = new LinkedHashMap<>(alice.gov.self().asMap());
        info.put("auth_type", mallory.authType());
        info.put("auth_credential", mallory.publicKeyPem());
        // mallory claims to be alice and applies again at bob, unsigned as the standard allows
        Reply r = post(bob, "/v1/interconn/node/contract/apply", "alice", Json.write(info), null, Map.of());
        assertEquals(409, r.status(), r.body().toString());
        assertFalse(r.body().toString().contains(id), r.body().toString());
        assertEquals("node alice already has a contract with this node in state APPLIED", r.msg());
    }

    @Test
    void overLongOrBinaryHeadersAre400BeforeAnyLookup() throws Exception {
        String body = confirm("c1", "REJECTED", null);
        Reply longSource = post(alice, "/v1/interconn/node/contract/confirm", "b".repeat(200), body, null, Map.of());
        assertEquals(400, longSource.status());
        assertEquals("x-source-node-id header is longer than 128 characters", longSource.msg());
        Reply longNonce = post(alice, "/v1/interconn/node/contract/confirm", "bob", body, null, Map.of("x-nonce", "n".repeat(300)));
        assertEquals(400, longNonce.status());
        assertEquals("x-nonce header is longer than 128 characters", longNonce.msg());
    }

    @Test
    void aFailedNonceInsertIsAStorageFaultNotAReplay() throws Exception {
        // the nonce table can hold only 4 characters: the lookup works, the insert fails
        try (Connection c = alice.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE mgmt_nonce ALTER COLUMN nonce VARCHAR(4)");
        }
        EastWestRequest r = new EastWestRequest("GET", "/v1/interconn/node/query", "node_id=alice",
                name -> Map.of("x-source-node-id", "bob", "x-target-node-id", "alice", "x-nonce", UUID.randomUUID().toString(),
                        "x-timestamp", Long.toString(System.currentTimeMillis())).get(name), (byte[]) null);
        RuntimeException e = assertThrows(RuntimeException.class, () -> alice.gov.check(r, false));
        assertFalse(e instanceof WebApplicationException, "not answered as a refusal: " + e);
        assertFalse(String.valueOf(e.getMessage()).contains("replayed"), e.getMessage());
    }
}
