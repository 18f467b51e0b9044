/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.hutong.api.delivery.DeadLetter;
import io.hutong.api.health.Health;

/**
 * The management outbox against a partner that answers what the test says, over real loopback HTTP:
 * which answers are retried, which make a dead letter, the retry budget, replay, discard and health.
 */
class OutboxDeadLetterTest {

    TestNode bob;
    HttpServer partner;
    String partnerAddress;
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        bob = new TestNode("bob", TestNode.h2());
        bob.useSystemClock = false;
        partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partner.createContext("/", x -> {
            calls.incrementAndGet();
            x.getRequestBody().readAllBytes();
            int s = status.get();
            byte[] body = ("{\"code\":" + (s == 200 ? 0 : s) + ",\"msg\":\"" + (s == 200 ? "ok" : "answer " + s)
                    + "\",\"data\":null}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(s, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        partner.start();
        partnerAddress = "http://127.0.0.1:" + partner.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        bob.close();
        partner.stop(0);
    }

    /** Queues a confirm to {@code address} as {@code Governance} does after an operator's decision. */
    String queue(String address) {
        String id = UUID.randomUUID().toString();
        long now = bob.gov.now();
        bob.store.enqueue(new GovernanceStore.OutboxCall(id, "alice", address, "/v1/interconn/flow/audit/confirm",
                "{\"audit_id\":\"a1\",\"status\":\"APPROVED\"}", "PENDING", 0, now, null, now));
        return id;
    }

    /** Lets the outbox run once a minute later than before, so every retry is due. */
    void tick() {
        bob.clock.addAndGet(120_000);
        bob.gov.deliverDue();
    }

    @Test
    void aForbiddenAnswerIsFinalAndMakesADeadLetterAndTheHealthDegraded() {
        assertEquals(Health.State.UP, ManagementPlane.health(bob.gov).state());
        status.set(403);
        String id = queue(partnerAddress);
        tick();
        tick();
        tick();
        assertEquals(1, calls.get(), "a 403 is not retried");
        List<DeadLetter> dead = bob.gov.deadLetters();
        assertEquals(1, dead.size());
        DeadLetter d = dead.get(0);
        assertEquals(id, d.id());
        assertEquals("alice", d.peer());
        assertEquals("403", d.code());
        assertEquals("management", d.layer());
        assertTrue(d.reason().contains("answer 403"), d.reason());
        assertEquals("/v1/interconn/flow/audit/confirm", d.details().get("path"));
        Health h = ManagementPlane.health(bob.gov);
        assertEquals(Health.State.DEGRADED, h.state());
        assertEquals(1L, h.details().get("dead_letters"));
        assertTrue(h.message().contains("dead letters"), h.message());
    }

    @Test
    void aBadSchemeAddressIsADeadLetterWithoutAnyCall() {
        queue("file:///etc/passwd");
        queue("gopher://127.0.0.1:70/x");
        queue("http://");
        tick();
        tick();
        List<DeadLetter> dead = bob.gov.deadLetters();
        assertEquals(3, dead.size(), dead.toString());
        dead.forEach(d -> assertEquals("bad_address", d.code()));
        assertTrue(dead.get(0).reason().contains("file:///etc/passwd") && dead.get(0).reason().contains("scheme 'file'"),
                dead.get(0).reason());
        assertEquals(1, dead.get(0).attempts(), "never retried");
        assertEquals(0, bob.store.countOutbox("PENDING"));
        assertEquals(Health.State.DEGRADED, ManagementPlane.health(bob.gov).state());
    }

    @Test
    void serverErrorsAreRetriedUntilTheBudgetThenReplayDelivers() {
        bob.gov.outboxBudget(new Governance.OutboxBudget(3, 86_400_000L));
        status.set(503);
        String id = queue(partnerAddress);
        tick();
        tick();
        assertTrue(bob.gov.deadLetters().isEmpty(), "503 is retried");
        assertEquals("PENDING", bob.store.outbox().get(0).state());
        tick();
        tick();
        assertEquals(3, calls.get(), "no call past the budget");
        DeadLetter d = bob.gov.deadLetters().get(0);
        assertEquals("503", d.code());
        assertTrue(d.reason().contains("after 3 attempts"), d.reason());
        // the partner is fixed: replayed, delivered, gone from the list, health UP
        status.set(200);
        assertTrue(bob.gov.replayDeadLetter(id));
        assertFalse(bob.gov.replayDeadLetter(id), "replayed once");
        tick();
        assertEquals("DONE", bob.store.outbox().get(0).state());
        assertTrue(bob.gov.deadLetters().isEmpty());
        assertEquals(Health.State.UP, ManagementPlane.health(bob.gov).state());
    }

    @Test
    void theAgeBudgetEndsRetriesToAnUnreachablePartner() {
        bob.gov.outboxBudget(new Governance.OutboxBudget(0, 300_000L));
        partner.stop(0);
        queue(partnerAddress);
        tick();
        tick();
        assertTrue(bob.gov.deadLetters().isEmpty(), "unreachable is retried while the budget lasts");
        tick();
        DeadLetter d = bob.gov.deadLetters().get(0);
        assertEquals("unreachable", d.code());
        assertTrue(d.reason().contains("after 3 attempts in 360 s"), d.reason());
    }

    @Test
    void aDiscardedDeadLetterIsGoneForGoodAndAReplayUsesThePartnersCallableAddress() throws Exception {
        String bad = queue("file:///etc/passwd");
        String refused = queue(partnerAddress);
        status.set(409);
        tick();
        assertEquals(2, bob.gov.deadLetters().size());
        assertTrue(bob.gov.discardDeadLetter(refused));
        assertFalse(bob.gov.discardDeadLetter(refused));
        assertTrue(bob.store.outbox().stream().noneMatch(c -> c.id().equals(refused)));
        // the partner has since told its real address (a contract with it): the replay goes there
        try (java.sql.Connection c = bob.ds.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "INSERT INTO mgmt_contract (contract_id, role, peer_node_id, peer_address, status, created_at, updated_at)"
                        + " VALUES ('c1', 'PARTNER', 'alice', ?, 'APPROVED', 1, 1)")) {
            ps.setString(1, partnerAddress);
            ps.executeUpdate();
        }
        status.set(200);
        assertTrue(bob.gov.replayDeadLetter(bad));
        tick();
        GovernanceStore.OutboxCall c = bob.store.outbox().stream().filter(x -> x.id().equals(bad)).findFirst().orElseThrow();
        assertEquals("DONE", c.state());
        assertEquals(partnerAddress, c.address());
        assertNull(c.lastError());
    }

    @Test
    void onlyHttpAndHttpsAddressesWithAHostAreCalled() {
        assertNull(Governance.addressProblem("http://10.0.0.1:7304"));
        assertNull(Governance.addressProblem("https://bob.example/"));
        assertTrue(Governance.addressProblem("file:///etc/passwd").contains("file"));
        assertTrue(Governance.addressProblem("jar:http://x/y.jar!/").contains("jar"));
        assertTrue(Governance.addressProblem("127.0.0.1:7304") != null, "a bare host:port is not a URL");
        assertTrue(Governance.addressProblem("http:///nohost").contains("host"));
        assertTrue(Governance.addressProblem("ht tp://x").contains("URL"));
        assertTrue(Governance.addressProblem(null) != null);
    }
}
