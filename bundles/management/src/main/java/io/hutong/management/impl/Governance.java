/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.api.node.NodeIdentity;
import io.hutong.api.permit.PermitCheck;
import io.hutong.management.impl.GovernanceStore.Audit;
import io.hutong.management.impl.GovernanceStore.Contract;
import io.hutong.management.impl.GovernanceStore.Permit;

/**
 * The management plane's rules (spec 10): contracts and approvals with their state machines, the
 * checks on every incoming east-west call (decisions M2, M3), permits (M5), and the operator's actions
 * that start or answer them. The REST resources of both planes only translate HTTP to these methods.
 */
final class Governance implements PermitCheck {

    private static final Logger LOG = Logger.getLogger(Governance.class.getName());

    static final String INITIATOR = "INITIATOR";
    static final String PARTNER = "PARTNER";
    static final String OWNER = "OWNER";
    static final String REQUESTER = "REQUESTER";
    static final String ISSUED = "ISSUED";
    static final String HELD = "HELD";

    /** The identified caller of a checked east-west request, with its approved contract (null for the exempt calls). */
    record Caller(String nodeId, Contract contract) {
    }

    /** This node as the standard describes a node (spec 10 §2.6). */
    record NodeInfo(String nodeId, String address, String instId, String institution, String name, String description) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node_id", nodeId);
            m.put("address", address);
            m.put("inst_id", instId);
            m.put("institution", institution);
            m.put("name", name);
            m.put("description", description);
            m.put("system", SYSTEM);
            m.put("system_version", SYSTEM_VERSION);
            return m;
        }
    }

    static final String SYSTEM = "hutong";
    static final String SYSTEM_VERSION = "0.1.0";

    final GovernanceStore store;
    private final NodeIdentity identity;
    private final NodeInfo self;
    private final PeerClient peers;
    private final long windowMs;
    private final long retryMs;
    private final LongSupplier clock;

    Governance(GovernanceStore store, NodeIdentity identity, NodeInfo self, Duration callTimeout, long windowMs, long retryMs,
               LongSupplier clock) {
        this.store = store;
        this.identity = identity;
        this.self = self;
        this.windowMs = windowMs;
        this.retryMs = retryMs;
        this.clock = clock;
        this.peers = new PeerClient(identity, this::tokenSetFor, this::usesReported, callTimeout);
    }

    NodeInfo self() {
        return self;
    }

    NodeIdentity identity() {
        return identity;
    }

    PeerClient peers() {
        return peers;
    }

    long now() {
        return clock.getAsLong();
    }

    // ------------------------------------------------------------------ incoming checks (M2, M3)

    /**
     * Checks the headers of an incoming east-west call.
     *
     * @param signed false for the three calls the standard exempts from {@code x-auth-sign}
     * @return the caller, with its approved contract when {@code signed}
     */
    Caller check(EastWestRequest r, boolean signed) {
        String source = required(r, "x-source-node-id", NODE_ID_MAX);
        String target = required(r, "x-target-node-id", NODE_ID_MAX);
        String nonce = required(r, "x-nonce", NONCE_MAX);
        String ts = required(r, "x-timestamp", 20);
        if (!target.equals(identity.nodeId())) {
            throw Refusal.forbidden("x-target-node-id is " + target + " but this node is " + identity.nodeId());
        }
        long when;
        try {
            when = Long.parseLong(ts.strip());
        } catch (NumberFormatException e) {
            throw Refusal.unauthorized("x-timestamp must be epoch milliseconds, got '" + ts + "'");
        }
        long skew = Math.abs(now() - when);
        if (skew > windowMs) {
            throw Refusal.unauthorized("x-timestamp is stale: " + (skew / 1000) + " s from this node's clock (allowed ±"
                    + (windowMs / 1000) + " s)");
        }
        if ("POST".equals(r.method())) {
            String csrf = r.header().apply("x-csrf-protection");
            if (csrf == null || csrf.isBlank()) {
                throw Refusal.forbidden("x-csrf-protection header is required on POST");
            }
        }
        Contract contract = null;
        if (signed) {
            String sign = r.header().apply("x-auth-sign");
            if (sign == null || sign.isBlank()) {
                throw Refusal.unauthorized("x-auth-sign header is required");
            }
            contract = approvedContractWith(source).orElseThrow(() -> Refusal.forbidden("no APPROVED contract with node "
                    + source + describeContracts(source)));
            if (contract.expiredTime() != null && contract.expiredTime() > 0 && contract.expiredTime() < now()) {
                throw Refusal.forbidden("contract " + contract.contractId() + " with node " + source + " expired at "
                        + java.time.Instant.ofEpochMilli(contract.expiredTime()));
            }
            verifySignature(r, source, target, nonce, ts, sign, contract.peerAuthType(), contract.peerAuthCredential());
        }
        if (!store.rememberNonce(source, nonce, now())) {
            throw Refusal.unauthorized("x-nonce " + nonce + " was already used by node " + source + " (replayed request)");
        }
        return new Caller(source, contract);
    }

    void verifySignature(EastWestRequest r, String source, String target, String nonce, String ts, String sign,
                         String authType, String credential) {
        SignatureScheme scheme = SignatureSchemes.of(authType).orElseThrow(() -> Refusal.unauthorized(
                "auth_type " + authType + " of node " + source + " is not supported " + SignatureSchemes.names()));
        byte[] canonical = CanonicalRequest.of(r.method(), r.path(), r.query(), source, target, nonce, ts,
                r.body());
        boolean ok;
        try {
            ok = scheme.verify(credential, canonical, Base64.getDecoder().decode(sign.strip()));
        } catch (IllegalArgumentException e) {
            throw Refusal.unauthorized("x-auth-sign is not Base64");
        } catch (GeneralSecurityException e) {
            throw Refusal.unauthorized("x-auth-sign cannot be checked with the " + authType + " credential of node " + source
                    + ": " + e.getMessage());
        }
        if (!ok) {
            throw Refusal.unauthorized("x-auth-sign does not verify with the " + authType + " credential of node " + source);
        }
    }

    /** The longest node id (mgmt_contract.peer_node_id, VARCHAR(128)). */
    static final int NODE_ID_MAX = 128;
    /** The longest nonce (spec 10 suggests a UUID; mgmt_nonce.nonce holds 256, AUTH6 allows 128). */
    static final int NONCE_MAX = 128;

    private static String required(EastWestRequest r, String name, int max) {
        String v = r.header().apply(name);
        if (v == null || v.isBlank()) {
            throw Refusal.unauthorized(name + " header is required");
        }
        // checked before any lookup, so an over-long or binary value is a 400 and never reaches the database (AUTH6)
        if (v.length() > max) {
            throw Refusal.badRequest(name + " header is longer than " + max + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw Refusal.badRequest(name + " header must be printable ASCII without spaces");
            }
        }
        return v;
    }

    private String describeContracts(String peer) {
        List<Contract> cs = store.contractsWith(peer);
        if (cs.isEmpty()) {
            return "";
        }
        // the state only: the id would let a stranger name the contract (AUTH2)
        return " (its contract with this node is " + cs.get(0).status() + ")";
    }

    Optional<Contract> approvedContractWith(String peer) {
        return store.contractsWith(peer).stream().filter(c -> c.status() == ApprovalStatus.APPROVED).findFirst();
    }

    /** @return the approved contract {@code id} between this node and the caller; 404/403 otherwise */
    Contract callerContract(Caller caller, String id) {
        List<Contract> cs = store.contracts(id).stream().filter(c -> c.peerNodeId().equals(caller.nodeId())).toList();
        if (cs.isEmpty()) {
            throw Refusal.notFound("no contract " + id + " with node " + caller.nodeId());
        }
        return cs.stream().filter(c -> c.status() == ApprovalStatus.APPROVED).findFirst()
                .orElseThrow(() -> Refusal.forbidden("contract " + id + " is " + cs.get(0).status() + ", not APPROVED"));
    }

    // ------------------------------------------------------------------ contracts, incoming

    /** M1 contract apply: a partner asks for a contract; it waits for the operator as APPLIED. */
    String contractApply(Caller caller, ObjectNode b) {
        String address = Json.text(b, "address");
        String credential = Json.text(b, "auth_credential");
        String authType = Json.text(b, "auth_type");
        Json.text(b, "inst_id");
        Json.text(b, "institution");
        Json.text(b, "name");
        String nodeId = Json.text(b, "node_id");
        Json.text(b, "system");
        Json.text(b, "system_version");
        Json.optText(b, "description");
        Long expired = Json.optLong(b, "expired_time");
        if (!nodeId.equals(caller.nodeId())) {
            throw Refusal.badRequest("node_id " + nodeId + " differs from x-source-node-id " + caller.nodeId());
        }
        requireReadableCredential(authType, credential);
        for (Contract c : store.contractsWith(nodeId)) {
            if (c.role().equals(PARTNER) && (c.status() == ApprovalStatus.APPLIED || c.status() == ApprovalStatus.APPROVED)) {
                // no contract id here: an unsigned caller must not learn it (the hijack of issue 10, AUTH2)
                throw Refusal.conflict("node " + nodeId + " already has a contract with this node in state " + c.status());
            }
        }
        String id = UUID.randomUUID().toString();
        long now = now();
        store.insertContract(new Contract(id, PARTNER, nodeId, address, authType, credential, Json.write(b), expired,
                ApprovalStatus.APPLIED, now, now));
        LOG.info("contract " + id + " applied for by node " + nodeId);
        return id;
    }

    static void requireReadableCredential(String authType, String credential) {
        SignatureScheme s = SignatureSchemes.of(authType).orElseThrow(() -> Refusal.badRequest(
                "auth_type must be one of " + SignatureSchemes.names() + ", got '" + authType + "'"));
        try {
            // verifying a dummy signature parses the key (or certificate) and fails only on the signature
            s.verify(credential, new byte[] {0}, new byte[] {0});
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw Refusal.badRequest("auth_credential is not a readable " + authType + " credential: " + e.getMessage());
        }
    }

    /**
     * M2 contract confirm: the partner approved or rejected the contract this node applied for. The call is
     * exempt from the contract-key signature (there is no key yet), so it must prove itself otherwise (AUTH2):
     * it must name a contract this node applied for <em>to the calling node</em> that is still APPLIED, and an
     * approval must be signed ({@code x-auth-sign}) with the very key it hands over. A confirm can therefore
     * neither replace the key of an APPROVED contract nor install a key its sender does not hold.
     */
    void contractConfirm(Caller caller, EastWestRequest r, ObjectNode b) {
        String id = Json.text(b, "contract_id");
        ApprovalStatus to = ApprovalStatus.confirmed(Json.text(b, "status"));
        String authType = null;
        String credential = null;
        Long expired = Json.optLong(b, "expired_time");
        Contract c = store.contract(id, INITIATOR).filter(x -> x.peerNodeId().equals(caller.nodeId()))
                .orElseThrow(() -> Refusal.notFound("no contract " + id + " applied for by this node to node " + caller.nodeId()));
        if (to == ApprovalStatus.APPROVED) {
            authType = Json.text(b, "auth_type");
            credential = Json.text(b, "auth_credential");
            requireReadableCredential(authType, credential);
            String sign = r.header().apply("x-auth-sign");
            if (sign == null || sign.isBlank()) {
                throw Refusal.unauthorized("x-auth-sign header is required on an APPROVED contract confirm: it must be signed"
                        + " with the auth_credential it carries");
            }
            verifySignature(r, caller.nodeId(), identity.nodeId(), r.header().apply("x-nonce"), r.header().apply("x-timestamp"),
                    sign, authType, credential);
        }
        if (c.status() == to && (to == ApprovalStatus.REJECTED || credential.equals(c.peerAuthCredential()))) {
            return; // the partner's outbox resent a confirm that was applied: answer it again, change nothing
        }
        if (c.status() != ApprovalStatus.APPLIED) {
            throw Refusal.conflict("contract " + id + " is " + c.status() + ", a confirm can only answer an APPLIED contract");
        }
        if (!store.moveContract(id, INITIATOR, ApprovalStatus.APPLIED, to, authType, credential, expired, now())) {
            throw Refusal.conflict("contract " + id + " changed state concurrently");
        }
        LOG.info("contract " + id + " " + to + " by node " + caller.nodeId());
    }

    /** M3 contract terminate, from the partner. */
    void contractTerminate(Caller caller, ObjectNode b) {
        String id = Json.text(b, "contract_id");
        List<Contract> cs = store.contracts(id).stream().filter(c -> c.peerNodeId().equals(caller.nodeId())).toList();
        if (cs.isEmpty()) {
            throw Refusal.notFound("no contract " + id + " with node " + caller.nodeId());
        }
        Contract c = cs.get(0);
        c.status().requireMove(ApprovalStatus.TERMINATED, "contract " + id);
        terminate(c);
        LOG.info("contract " + id + " terminated by node " + caller.nodeId());
    }

    /** M4 node update: the partner's address or credential changed. */
    void nodeUpdate(Caller caller, ObjectNode b) {
        String id = Json.text(b, "contract_id");
        String address = Json.text(b, "address");
        String credential = Json.text(b, "auth_credential");
        String authType = Json.text(b, "auth_type");
        Json.text(b, "inst_id");
        Json.text(b, "institution");
        Json.text(b, "name");
        Json.text(b, "system");
        Json.text(b, "system_version");
        requireReadableCredential(authType, credential);
        Contract c = callerContract(caller, id);
        store.updateContractPeer(id, c.role(), address, authType, credential, Json.write(b), now());
    }

    /** M5 contract query: the status as this node keeps it. */
    ApprovalStatus contractQuery(Caller caller, String id) {
        if (id == null || id.isBlank()) {
            throw Refusal.badRequest("contract_id is required");
        }
        return store.contracts(id).stream().filter(c -> c.peerNodeId().equals(caller.nodeId())).findFirst()
                .orElseThrow(() -> Refusal.notFound("no contract " + id + " with node " + caller.nodeId())).status();
    }

    /** M6 node query. */
    Map<String, Object> nodeQuery(String nodeId) {
        if (nodeId == null || nodeId.isBlank()) {
            throw Refusal.badRequest("node_id is required");
        }
        if (!nodeId.equals(identity.nodeId())) {
            throw Refusal.notFound("node " + nodeId + " is not this node (" + identity.nodeId() + ")");
        }
        return self.asMap();
    }

    // ------------------------------------------------------------------ approvals, incoming

    void auditApply(AuditKind kind, Caller caller, ObjectNode b) {
        String resource = kind.validateApply(b);
        kind.requireTakesPart(b, identity.nodeId());
        String auditId = Json.text(b, "audit_id");
        String contractId = Json.optText(b, "contract_id");
        if (contractId != null) {
            callerContract(caller, contractId);
        }
        if (kind == AuditKind.DATASET && store.dataset(resource).isEmpty()) {
            throw Refusal.notFound("no dataset " + resource + " on node " + identity.nodeId());
        }
        long now = now();
        Audit a = new Audit(kind, auditId, OWNER, caller.nodeId(), contractId == null ? caller.contract().contractId() : contractId,
                resource, ApprovalStatus.APPLIED, Json.write(b), null, now, now);
        if (!store.insertAudit(a)) {
            Audit existing = store.audit(kind, auditId, OWNER).orElseThrow();
            // Re-sending the same apply is how a requester polls a job approval: answer it again, and send a
            // decision it evidently has not received now (GOV2)
            if (existing.peerNodeId().equals(caller.nodeId()) && Json.parseStored(existing.requestJson()).equals(b)) {
                if (existing.status() != ApprovalStatus.APPLIED) {
                    hurryConfirm(kind, auditId, caller.nodeId());
                }
                return;
            }
            throw Refusal.conflict(kind.label() + " audit " + auditId + " exists already (" + existing.status() + ")");
        }
        LOG.info(kind.label() + " audit " + auditId + " applied for by node " + caller.nodeId());
    }

    void auditConfirm(AuditKind kind, Caller caller, ObjectNode b) {
        String id = Json.text(b, "audit_id");
        ApprovalStatus to = ApprovalStatus.confirmed(Json.text(b, "status"));
        JsonNode permit = b.get("resource_permit");
        Audit a = store.audit(kind, id, REQUESTER).filter(x -> x.peerNodeId().equals(caller.nodeId()))
                .orElseThrow(() -> Refusal.notFound("no " + kind.label() + " audit " + id + " applied for at node " + caller.nodeId()));
        Permit held = to == ApprovalStatus.APPROVED && permit != null && !permit.isNull() ? heldPermit(a, permit) : null;
        if (a.status() == to) {
            repeatedConfirm(a, held);
            return;
        }
        a.status().requireMove(to, kind.label() + " audit " + id);
        if (!store.moveAudit(kind, id, REQUESTER, ApprovalStatus.APPLIED, to, held == null ? null : held.token(), now())) {
            throw Refusal.conflict(kind.label() + " audit " + id + " changed state concurrently");
        }
        if (held != null && store.permit(held.token(), HELD).isEmpty()) {
            store.insertPermit(held);
        }
    }

    /**
     * A confirm for an approval that already has its outcome: the owner's outbox resending it, or the confirm
     * arriving after the query fallback adopted the status without the permit (GOV2). The same outcome is
     * answered OK, and delivers the permit when none is held yet; a different permit is refused (409) and
     * changes nothing.
     */
    private void repeatedConfirm(Audit a, Permit offered) {
        String what = a.kind().label() + " audit " + a.auditId();
        if (offered == null || offered.token().equals(a.permitToken())) {
            return;
        }
        if (a.permitToken() != null) {
            throw Refusal.conflict(what + " is " + a.status() + " with permit " + a.permitToken()
                    + "; the confirm carries another (" + offered.token() + ")");
        }
        // the approval takes the token first: a concurrent confirm with another permit cannot leave one held for nothing
        if (!store.adoptPermit(a.kind(), a.auditId(), REQUESTER, offered.token(), now())) {
            Audit now = store.audit(a.kind(), a.auditId(), REQUESTER).orElseThrow();
            if (!offered.token().equals(now.permitToken())) {
                throw Refusal.conflict(what + " is " + now.status() + " with permit " + now.permitToken()
                        + "; the confirm carries another (" + offered.token() + ")");
            }
        }
        if (store.permit(offered.token(), HELD).isEmpty()) {
            store.insertPermit(offered);
        }
        LOG.info(what + ": the permit arrived after the status was adopted by refresh");
    }

    /** Reads a received resource_permit: the object of spec 10 §1.2, its JSON as a string, or a bare token (M5). */
    private Permit heldPermit(Audit a, JsonNode p) {
        JsonNode o = p;
        if (p.isTextual()) {
            String s = p.asText().strip();
            if (s.startsWith("{")) {
                o = Json.object(s);
            } else if (!s.isEmpty()) {
                return new Permit(s, HELD, a.kind(), a.auditId(), a.kind().name(), a.resourceId(), 1, a.peerNodeId(), null,
                        identity.nodeId(), self.instId(), null, null, 0, false, now());
            } else {
                return null;
            }
        }
        if (!o.isObject()) {
            throw Refusal.badRequest("resource_permit must be an object or a string");
        }
        String token = Json.text(o, "token");
        Long level = Json.optLong(o, "resource_level");
        Long timesLimit = Json.optLong(o, "times_limit");
        return new Permit(token, HELD, a.kind(), a.auditId(),
                Optional.ofNullable(Json.optText(o, "resource_type")).orElse(a.kind().name()),
                Optional.ofNullable(Json.optText(o, "resource_id")).orElse(a.resourceId()),
                level == null ? 1 : level.intValue(), Optional.ofNullable(Json.optText(o, "resource_node_id")).orElse(a.peerNodeId()),
                Json.optText(o, "resource_inst_id"), Optional.ofNullable(Json.optText(o, "request_node_id")).orElse(identity.nodeId()),
                Json.optText(o, "request_inst_id"), Json.optLong(o, "time_limit"), timesLimit == null ? null : timesLimit.intValue(),
                0, false, now());
    }

    void auditTerminate(AuditKind kind, Caller caller, ObjectNode b) {
        String id = Json.text(b, "audit_id");
        Audit a = store.audits(kind, id).stream().filter(x -> x.peerNodeId().equals(caller.nodeId())).findFirst()
                .orElseThrow(() -> Refusal.notFound("no " + kind.label() + " audit " + id + " with node " + caller.nodeId()));
        a.status().requireMove(ApprovalStatus.TERMINATED, kind.label() + " audit " + id);
        store.moveAudit(kind, id, a.role(), ApprovalStatus.APPROVED, ApprovalStatus.TERMINATED, null, now());
        store.revokePermits(kind, id);
    }

    ApprovalStatus auditQuery(AuditKind kind, Caller caller, String id) {
        if (id == null || id.isBlank()) {
            throw Refusal.badRequest("audit_id is required");
        }
        Audit a = store.audits(kind, id).stream().filter(x -> x.peerNodeId().equals(caller.nodeId())).findFirst()
                .orElseThrow(() -> Refusal.notFound("no " + kind.label() + " audit " + id + " with node " + caller.nodeId()));
        if (a.role().equals(OWNER) && a.status() != ApprovalStatus.APPLIED) {
            // the requester asks because our confirm has not reached it: send it now rather than after the backoff
            hurryConfirm(kind, a.auditId(), caller.nodeId());
        }
        return a.status();
    }

    private void hurryConfirm(AuditKind kind, String auditId, String requester) {
        for (GovernanceStore.OutboxCall c : store.pendingTo(requester, kind.base() + "confirm")) {
            try {
                if (auditId.equals(Json.parseStored(c.body()).path("audit_id").asText())) {
                    store.dueAt(c.id(), now());
                }
            } catch (IllegalStateException unreadable) {
                // not ours to judge here: the outbox reports it when it tries
            }
        }
    }

    /**
     * Terminates an APPROVED contract and, with it, every approval under it (GOV1): those APPLIED or APPROVED
     * become TERMINATED and the permits of all of them are revoked, on this side, in one transaction. The partner
     * does the same when the terminate reaches it, so both sides agree without a terminate per approval.
     *
     * @throws jakarta.ws.rs.WebApplicationException 409 when the contract is no longer APPROVED
     */
    private void terminate(Contract c) {
        int ended = store.terminateContract(c.contractId(), c.role(), now());
        if (ended < 0) {
            throw Refusal.conflict("contract " + c.contractId() + " changed state concurrently");
        }
        if (ended > 0) {
            LOG.info("contract " + c.contractId() + " with node " + c.peerNodeId() + " terminated: " + ended
                    + " approvals under it terminated, their permits revoked");
        }
    }

    /** The approved projects under the caller's approved contract {@code contractId} (spec 10 §4.5-4.6, GOV1). */
    List<Audit> projectsUnder(Caller caller, String contractId) {
        callerContract(caller, contractId);
        return store.approvedUnder(AuditKind.PROJECT, caller.nodeId(), contractId);
    }

    // ------------------------------------------------------------------ permits (M5)

    Permit issuePermit(Audit a) {
        ObjectNode req = Json.parseStored(a.requestJson());
        Long timeLimit = a.kind() == AuditKind.DATASET ? Json.optLong(req, "time_limit") : null;
        Long timesLimit = a.kind() == AuditKind.DATASET ? Json.optLong(req, "times_limit") : null;
        String requestInst = store.contractsWith(a.peerNodeId()).stream().map(Contract::peerInfo)
                .filter(i -> i != null && !i.isBlank()).map(i -> Json.parseStored(i).path("inst_id").asText(null))
                .filter(i -> i != null).findFirst().orElse(null);
        Permit p = new Permit(UUID.randomUUID().toString(), ISSUED, a.kind(), a.auditId(), a.kind().name(), a.resourceId(), 1,
                identity.nodeId(), self.instId(), a.peerNodeId(), requestInst, timeLimit,
                timesLimit == null ? null : timesLimit.intValue(), 0, false, now());
        store.insertPermit(p);
        return p;
    }

    static Map<String, Object> permitObject(Permit p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", p.token());
        m.put("resource_level", p.resourceLevel());
        m.put("resource_type", p.resourceType());
        m.put("resource_id", p.resourceId());
        m.put("resource_node_id", p.resourceNodeId());
        m.put("resource_inst_id", p.resourceInstId());
        m.put("request_node_id", p.requestNodeId());
        m.put("request_inst_id", p.requestInstId());
        if (p.timeLimit() != null) {
            m.put("time_limit", p.timeLimit());
        }
        if (p.timesLimit() != null) {
            m.put("times_limit", p.timesLimit());
        }
        return m;
    }

    /** @return the x-mprac-token-set for calls to {@code node}: every live permit it issued to this node */
    String tokenSetFor(String node) {
        List<String> entries = new ArrayList<>();
        for (Permit p : store.heldFor(node)) {
            entries.add(p.resourceType() + ":" + p.resourceId() + "/" + p.resourceLevel() + "/" + p.token());
        }
        return String.join(",", entries);
    }

    /**
     * Takes the use counts a partner reported in {@link PermitCheck#USES_HEADER} for permits it issued to this node
     * (GOV3). Only the issuer's counts are taken, and a count never goes down (an older answer arriving late).
     */
    void usesReported(String peer, String header) {
        if (header == null || header.isBlank()) {
            return;
        }
        for (String entry : header.split(",")) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                int used = Integer.parseInt(entry.substring(eq + 1).strip());
                if (used > 0) {
                    store.reportUses(entry.substring(0, eq).strip(), peer, used);
                }
            } catch (NumberFormatException ignored) {
                // a count we cannot read changes nothing
            }
        }
    }

    @Override
    public PermitDecision check(String tokenSet, String resourceType, String resourceId, String requestNodeId) {
        if (tokenSet == null || tokenSet.isBlank()) {
            return new PermitDecision(false, null, "no permit for " + resourceType + ":" + resourceId + " (x-mprac-token-set is empty)");
        }
        String reason = "no permit for " + resourceType + ":" + resourceId + " in x-mprac-token-set";
        for (String entry : tokenSet.split(",")) {
            String e = entry.strip();
            int slash = e.lastIndexOf('/');
            if (e.isEmpty() || slash < 0) {
                continue;
            }
            String token = e.substring(slash + 1);
            Optional<Permit> found = store.permit(token, ISSUED);
            if (found.isEmpty()) {
                continue;
            }
            Permit p = found.get();
            if (!p.resourceType().equals(resourceType) || !p.resourceId().equals(resourceId)) {
                continue;
            }
            if (!p.requestNodeId().equals(requestNodeId)) {
                reason = "permit " + token + " was issued to node " + p.requestNodeId() + ", not " + requestNodeId;
            } else if (p.revoked()) {
                reason = "permit " + token + " for " + resourceType + ":" + resourceId + " was revoked (approval terminated)";
            } else if (p.timeLimit() != null && p.timeLimit() > 0 && now() > p.timeLimit()) {
                reason = "permit " + token + " expired at " + java.time.Instant.ofEpochMilli(p.timeLimit());
            } else if (p.timesLimit() != null && p.timesLimit() > 0 && p.timesUsed() >= p.timesLimit()) {
                reason = "permit " + token + " is used up (" + p.timesUsed() + " of " + p.timesLimit() + " uses)";
            } else if (store.usePermit(token, p.timesUsed())) {
                return new PermitDecision(true, token, "granted", p.timesUsed() + 1);
            } else {
                return check(tokenSet, resourceType, resourceId, requestNodeId); // a concurrent use raced: look again
            }
        }
        return new PermitDecision(false, null, reason);
    }

    // ------------------------------------------------------------------ for the control layer (api governance)

    /** @return why no permit this node issued for {@code a} is in force, or empty when one is */
    private Optional<String> permitProblem(Audit a) {
        List<Permit> issued = store.issuedFor(a.kind(), a.auditId());
        if (issued.isEmpty()) {
            return Optional.of("its approval " + a.auditId() + " has no permit");
        }
        long now = now();
        for (Permit p : issued) {
            if (!p.revoked() && (p.timeLimit() == null || p.timeLimit() <= 0 || now <= p.timeLimit())) {
                return Optional.empty();
            }
        }
        Permit last = issued.get(issued.size() - 1);
        return Optional.of(last.revoked() ? "its permit " + last.token() + " was revoked"
                : "its permit " + last.token() + " expired at " + java.time.Instant.ofEpochMilli(last.timeLimit()));
    }

    /** @return the job approval in force that this node granted for {@code jobId} */
    Optional<io.hutong.api.governance.JobApprovals.ApprovedJob> approvedJob(String jobId) {
        for (Audit a : store.approvedAsOwner(AuditKind.JOB, jobId)) {
            if (permitProblem(a).isEmpty()) {
                JsonNode req = Json.parseStored(a.requestJson());
                return Optional.of(new io.hutong.api.governance.JobApprovals.ApprovedJob(jobId, a.peerNodeId(),
                        Json.write(req.path("dag")), Json.write(req.path(AuditKind.JOB.configField()))));
            }
        }
        return Optional.empty();
    }

    /** @return why {@code nodeId} may not use dataset {@code datasetId} of this node in a job, empty when it may */
    Optional<String> datasetRefusal(String datasetId, String nodeId) {
        String problem = "node " + nodeId + " has no approved use of dataset " + datasetId + " on node " + self().nodeId();
        for (Audit a : store.approvedAsOwner(AuditKind.DATASET, datasetId)) {
            if (a.peerNodeId().equals(nodeId)) {
                Optional<String> p = permitProblem(a);
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                problem = "the use of dataset " + datasetId + " by node " + nodeId + " is no longer in force: " + p.get();
            }
        }
        return Optional.of(problem);
    }

    /** A signed call to a partner under the approved contract with it (api {@code PeerCalls}). */
    io.hutong.api.governance.PeerCalls.Answer peerCall(String nodeId, String method, String path, Map<String, String> query, String body)
            throws IOException {
        Contract c = approvedContractWith(nodeId).orElseThrow(() -> new IllegalArgumentException(
                "this node has no approved contract with node " + nodeId));
        PeerClient.Reply r;
        try {
            r = "GET".equals(method) ? peers.get(c.peerAddress(), nodeId, path, query)
                    : peers.post(c.peerAddress(), nodeId, path, query, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while calling node " + nodeId);
        }
        return new io.hutong.api.governance.PeerCalls.Answer(r.status(), r.body().path("code").asInt(-1), r.msg(), Json.write(r.body()));
    }

    // ------------------------------------------------------------------ operator actions

    /** Applies for a contract with the node at {@code address}; @return the contract as stored */
    Contract applyContract(String address, String peerNodeId, Long expiredTime) {
        Map<String, Object> body = new LinkedHashMap<>(self.asMap());
        body.put("auth_type", identity.authType());
        body.put("auth_credential", identity.publicKeyPem());
        if (expiredTime != null) {
            body.put("expired_time", expiredTime);
        }
        PeerClient.Reply r = call(() -> peers.post(address, peerNodeId, "/v1/interconn/node/contract/apply", Json.write(body)), peerNodeId);
        String id = r.data().path("contract_id").asText("");
        if (id.isEmpty()) {
            throw Refusal.unavailable("node " + peerNodeId + " answered contract apply without contract_id");
        }
        long now = now();
        Contract c = new Contract(id, INITIATOR, peerNodeId, address, null, null, null, expiredTime, ApprovalStatus.APPLIED, now, now);
        store.insertContract(c);
        return c;
    }

    private Contract ownContract(String id, ApprovalStatus wanted) {
        List<Contract> cs = store.contracts(id);
        if (cs.isEmpty()) {
            throw Refusal.notFound("no contract " + id);
        }
        return cs.stream().filter(c -> c.status() == wanted).findFirst().orElse(cs.get(0));
    }

    /** The operator approves or rejects a contract a partner applied for; the confirm goes out through the outbox. */
    Contract decideContract(String id, ApprovalStatus to, Long expiredTime) {
        Contract c = store.contract(id, PARTNER).orElseThrow(() -> store.contract(id, INITIATOR).isPresent()
                ? Refusal.conflict("contract " + id + " was applied for by this node; the partner decides it")
                : Refusal.notFound("no contract " + id));
        c.status().requireMove(to, "contract " + id);
        if (!store.moveContract(id, PARTNER, ApprovalStatus.APPLIED, to, null, null, expiredTime, now())) {
            throw Refusal.conflict("contract " + id + " changed state concurrently");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contract_id", id);
        body.put("status", to.name());
        if (to == ApprovalStatus.APPROVED) {
            body.put("auth_type", identity.authType());
            body.put("auth_credential", identity.publicKeyPem());
            body.put("expired_time", expiredTime != null ? expiredTime : c.expiredTime() != null ? c.expiredTime() : 0L);
        }
        enqueue(c.peerNodeId(), c.peerAddress(), "/v1/interconn/node/contract/confirm", body);
        return store.contract(id, PARTNER).orElseThrow();
    }

    Contract terminateContract(String id) {
        Contract c = ownContract(id, ApprovalStatus.APPROVED);
        c.status().requireMove(ApprovalStatus.TERMINATED, "contract " + id);
        terminate(c);
        // sent now, while the partner still holds the contract as APPROVED and accepts our signature
        enqueue(c.peerNodeId(), c.peerAddress(), "/v1/interconn/node/contract/terminate", Map.of("contract_id", id));
        return store.contract(id, c.role()).orElseThrow();
    }

    /**
     * The operator applies for an approval at a partner. {@code b} holds the apply fields; the partner
     * is named by {@code contract_id} (or {@code peer_node_id}); a missing {@code audit_id} is generated.
     */
    Audit applyAudit(AuditKind kind, ObjectNode b) {
        String peerNode = Json.optText(b, "peer_node_id");
        b.remove("peer_node_id");
        String contractId = Json.optText(b, "contract_id");
        Contract c;
        if (contractId != null) {
            c = ownContract(contractId, ApprovalStatus.APPROVED);
        } else if (peerNode != null) {
            c = approvedContractWith(peerNode).orElseThrow(() -> Refusal.conflict("no APPROVED contract with node " + peerNode));
        } else {
            throw Refusal.badRequest("contract_id (or peer_node_id) is required");
        }
        if (c.status() != ApprovalStatus.APPROVED) {
            throw Refusal.conflict("contract " + c.contractId() + " is " + c.status() + ", not APPROVED");
        }
        if (kind == AuditKind.DATASET || kind == AuditKind.PROJECT) {
            b.put("contract_id", c.contractId());
        }
        if (Json.optText(b, "audit_id") == null) {
            b.put("audit_id", UUID.randomUUID().toString());
        }
        String resource = kind.validateApply(b);
        kind.requireTakesPart(b, c.peerNodeId());
        String auditId = b.get("audit_id").asText();
        if (store.audit(kind, auditId, REQUESTER).isPresent()) {
            throw Refusal.conflict(kind.label() + " audit " + auditId + " exists already");
        }
        String body = Json.write(b);
        call(() -> peers.post(c.peerAddress(), c.peerNodeId(), kind.base() + "apply", body), c.peerNodeId());
        long now = now();
        Audit a = new Audit(kind, auditId, REQUESTER, c.peerNodeId(), c.contractId(), resource, ApprovalStatus.APPLIED, body, null, now, now);
        store.insertAudit(a);
        return a;
    }

    Audit decideAudit(AuditKind kind, String id, ApprovalStatus to) {
        Audit a = store.audit(kind, id, OWNER).orElseThrow(() -> store.audit(kind, id, REQUESTER).isPresent()
                ? Refusal.conflict(kind.label() + " audit " + id + " was applied for by this node; the partner decides it")
                : Refusal.notFound("no " + kind.label() + " audit " + id));
        a.status().requireMove(to, kind.label() + " audit " + id);
        Permit p = null;
        if (to == ApprovalStatus.APPROVED) {
            p = issuePermit(a);
        }
        if (!store.moveAudit(kind, id, OWNER, ApprovalStatus.APPLIED, to, p == null ? null : p.token(), now())) {
            if (p != null) {
                store.revokePermits(kind, id);
            }
            throw Refusal.conflict(kind.label() + " audit " + id + " changed state concurrently");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("audit_id", id);
        body.put("status", to.name());
        if (p != null) {
            body.put("resource_permit", permitObject(p));
        }
        String address = store.contractsWith(a.peerNodeId()).stream().map(Contract::peerAddress).findFirst()
                .orElseThrow(() -> Refusal.conflict("no contract with node " + a.peerNodeId() + " to answer through"));
        enqueue(a.peerNodeId(), address, kind.base() + "confirm", body);
        return store.audit(kind, id, OWNER).orElseThrow();
    }

    Audit terminateAudit(AuditKind kind, String id) {
        List<Audit> as = store.audits(kind, id);
        if (as.isEmpty()) {
            throw Refusal.notFound("no " + kind.label() + " audit " + id);
        }
        Audit a = as.stream().filter(x -> x.status() == ApprovalStatus.APPROVED).findFirst().orElse(as.get(0));
        a.status().requireMove(ApprovalStatus.TERMINATED, kind.label() + " audit " + id);
        store.moveAudit(kind, id, a.role(), ApprovalStatus.APPROVED, ApprovalStatus.TERMINATED, null, now());
        store.revokePermits(kind, id);
        String address = store.contractsWith(a.peerNodeId()).stream().map(Contract::peerAddress).findFirst().orElseThrow();
        enqueue(a.peerNodeId(), address, kind.base() + "terminate", Map.of("audit_id", id));
        return store.audit(kind, id, a.role()).orElseThrow();
    }

    /**
     * The query fallback (spec 10 §1.3): asks the partner for the status of an approval this node
     * applied for, and adopts it when the confirm was lost.
     */
    Audit refreshAudit(AuditKind kind, String id) {
        Audit a = store.audit(kind, id, REQUESTER).orElseThrow(() -> Refusal.notFound("no " + kind.label() + " audit " + id
                + " applied for by this node"));
        if (!kind.queryable()) {
            throw Refusal.conflict("the standard defines no query for " + kind.label() + " approvals (A-41)");
        }
        String address = store.contractsWith(a.peerNodeId()).stream().map(Contract::peerAddress).findFirst().orElseThrow();
        PeerClient.Reply r = call(() -> peers.get(address, a.peerNodeId(), kind.base() + "query", Map.of("audit_id", id)), a.peerNodeId());
        ApprovalStatus remote;
        try {
            remote = ApprovalStatus.valueOf(r.data().path("status").asText(""));
        } catch (IllegalArgumentException e) {
            throw Refusal.unavailable("node " + a.peerNodeId() + " answered an unknown status " + r.data().path("status"));
        }
        if (remote != a.status()) {
            a.status().requireMove(remote, kind.label() + " audit " + id);
            // An APPROVED status is adopted without its permit, which only the confirm carries: the audit shows the
            // permit as awaited, and the owner's confirm, resent at once because we asked (auditQuery), is accepted
            // when it arrives (repeatedConfirm).
            store.moveAudit(kind, id, REQUESTER, a.status(), remote, null, now());
            if (remote == ApprovalStatus.TERMINATED) {
                store.revokePermits(kind, id);
            }
        }
        return store.audit(kind, id, REQUESTER).orElseThrow();
    }

    /** The query fallback for a contract this node applied for. */
    Map<String, Object> refreshContract(String id) {
        Contract c = store.contract(id, INITIATOR).orElseThrow(() -> Refusal.notFound("no contract " + id + " applied for by this node"));
        PeerClient.Reply r = call(() -> peers.get(c.peerAddress(), c.peerNodeId(), "/v1/interconn/node/contract/query",
                Map.of("contract_id", id)), c.peerNodeId());
        String remote = r.data().path("status").asText("");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contract_id", id);
        m.put("local_status", c.status().name());
        m.put("remote_status", remote);
        // An APPROVED answer carries no credential, so only a REJECTED/TERMINATED outcome can be adopted here;
        // the partner's outbox keeps resending the confirm that carries the key.
        if (!remote.equals(c.status().name()) && ("REJECTED".equals(remote) || "TERMINATED".equals(remote))) {
            ApprovalStatus to = ApprovalStatus.valueOf(remote);
            c.status().requireMove(to, "contract " + id);
            if (to == ApprovalStatus.TERMINATED) {
                terminate(c);
            } else {
                store.moveContract(id, INITIATOR, c.status(), to, null, null, null, now());
            }
            m.put("local_status", remote);
        }
        return m;
    }

    // ------------------------------------------------------------------ outbox

    private volatile Runnable enqueued = () -> { };

    /** @param wake run after each call is queued (committed), e.g. to deliver it at once rather than at the next poll */
    void onEnqueue(Runnable wake) {
        this.enqueued = wake;
    }

    private void enqueue(String target, String address, String path, Map<String, Object> body) {
        long now = now();
        store.enqueue(new GovernanceStore.OutboxCall(UUID.randomUUID().toString(), target, address, path, Json.write(body),
                "PENDING", 0, now, null, now));
        enqueued.run();
    }

    /**
     * How long the outbox keeps retrying a call before it becomes a dead letter (DELIVERY6).
     *
     * @param maxAttempts attempts per call; 0 means no limit by count
     * @param maxAgeMs    time since the call was queued (or replayed)
     */
    record OutboxBudget(int maxAttempts, long maxAgeMs) {
        static final OutboxBudget DEFAULT = new OutboxBudget(0, 86_400_000L);

        boolean allows(int attempts, long ageMs) {
            return (maxAttempts <= 0 || attempts < maxAttempts) && ageMs < maxAgeMs;
        }
    }

    private volatile OutboxBudget outboxBudget = OutboxBudget.DEFAULT;

    void outboxBudget(OutboxBudget budget) {
        this.outboxBudget = budget;
    }

    /**
     * @return why {@code address} cannot be called (null when it can): only absolute http(s) URLs with a host are, so a
     *         partner that advertises {@code file:///etc/passwd} gets a dead letter, not endless retries
     */
    static String addressProblem(String address) {
        java.net.URI u;
        try {
            u = new java.net.URI(address == null ? "" : address.strip());
        } catch (java.net.URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "has scheme '" + scheme + "', not http or https";
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            return "names no host";
        }
        return null;
    }

    /** @return whether a partner's HTTP answer may change by itself: a server error, a timeout or a rate limit */
    static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** Delivers the due outbox calls once; @return how many were delivered */
    int deliverDue() {
        int delivered = 0;
        OutboxBudget budget = outboxBudget;
        for (GovernanceStore.OutboxCall c : store.due(now(), 50)) {
            int attempt = c.attempts() + 1;
            String problem = addressProblem(c.address());
            if (problem != null) {
                dead(c, attempt, "bad_address address " + c.address() + " " + problem);
                continue;
            }
            String error;
            try {
                PeerClient.Reply r = peers.post(c.address(), c.targetNodeId(), c.path(), c.body());
                if (r.ok()) {
                    store.outboxResult(c.id(), "DONE", attempt, now(), null);
                    delivered++;
                    continue;
                }
                int status = r.status() == 200 ? r.body().path("code").asInt(r.status()) : r.status();
                if (!retryable(status)) {
                    // the partner understood and refused: retrying cannot help
                    dead(c, attempt, status + " node " + c.targetNodeId() + " refused: " + r.msg());
                    continue;
                }
                error = status + " " + r.msg();
            } catch (IOException e) {
                error = "unreachable " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return delivered;
            } catch (IllegalArgumentException e) {
                dead(c, attempt, "bad_address address " + c.address() + " cannot be called: " + e.getMessage());
                continue;
            } catch (RuntimeException e) {
                error = "error " + e;
                LOG.log(Level.WARNING, "outbox call failed", e);
            }
            long age = now() - c.createdAt();
            if (!budget.allows(attempt, age)) {
                String code = error.substring(0, error.indexOf(' ') < 0 ? error.length() : error.indexOf(' '));
                dead(c, attempt, code + " not delivered after " + attempt + " attempts in " + age / 1000 + " s; last answer: " + error);
                continue;
            }
            long delay = Math.min(60_000, retryMs << Math.min(c.attempts(), 16));
            store.outboxResult(c.id(), "PENDING", attempt, now() + delay, error);
        }
        return delivered;
    }

    /** Gives a call up: state FAILED, a dead letter until replayed or discarded. {@code why} starts with its code. */
    private void dead(GovernanceStore.OutboxCall c, int attempts, String why) {
        store.outboxResult(c.id(), "FAILED", attempts, now(), why);
        LOG.warning("dead letter: outbox call " + c.path() + " to node " + c.targetNodeId() + " given up: " + why);
    }

    /** @return the outbox's dead letters, oldest first */
    List<io.hutong.api.delivery.DeadLetter> deadLetters() {
        return store.deadLetters().stream().map(c -> {
            String why = c.lastError() == null ? "" : c.lastError();
            int space = why.indexOf(' ');
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("path", c.path());
            details.put("address", c.address());
            details.put("created_at", c.createdAt());
            return new io.hutong.api.delivery.DeadLetter(c.id(), io.hutong.api.health.Layers.MANAGEMENT, c.targetNodeId(),
                    c.path(), space < 0 ? why : why.substring(0, space), space < 0 ? why : why.substring(space + 1), c.attempts(),
                    c.nextAttemptAt(), details);
        }).toList();
    }

    /**
     * Queues a dead letter again, to the partner's current address when a contract with it knows a callable one.
     *
     * @return whether there was such a dead letter
     */
    boolean replayDeadLetter(String id) {
        GovernanceStore.OutboxCall c = store.deadLetters().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        if (c == null) {
            return false;
        }
        String address = store.contractsWith(c.targetNodeId()).stream().map(Contract::peerAddress)
                .filter(a -> addressProblem(a) == null).findFirst().orElse(c.address());
        return store.replayOutbox(id, address, now());
    }

    boolean discardDeadLetter(String id) {
        return store.discardOutbox(id);
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    interface PeerCall {
        PeerClient.Reply run() throws IOException, InterruptedException;
    }

    /** Runs a synchronous call to a partner; its refusal is passed on with the partner's status and message. */
    PeerClient.Reply call(PeerCall call, String peer) {
        PeerClient.Reply r;
        try {
            r = call.run();
        } catch (IOException e) {
            throw Refusal.unavailable("node " + peer + " is not reachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable("interrupted while calling node " + peer);
        }
        if (!r.ok()) {
            int status = r.status() >= 400 && r.status() < 600 ? r.status() : 502;
            throw new jakarta.ws.rs.WebApplicationException("node " + peer + " refused: " + r.msg(), status);
        }
        return r;
    }
}
