/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The tables of the management plane (migrations {@code V2__governance.sql}, {@code V3__…}): contracts, approvals,
 * permits, nonces, outbox and published datasets. Plain JDBC in SQL common to H2 and PostgreSQL.
 */
final class GovernanceStore {

    /** A contract seen from this node. Role INITIATOR = this node applied; PARTNER = it was asked. */
    record Contract(String contractId, String role, String peerNodeId, String peerAddress, String peerAuthType,
                    String peerAuthCredential, String peerInfo, Long expiredTime, ApprovalStatus status,
                    long createdAt, long updatedAt) {
    }

    /** An approval seen from this node. Role OWNER = this node approves; REQUESTER = it asked. */
    record Audit(AuditKind kind, String auditId, String role, String peerNodeId, String contractId, String resourceId,
                 ApprovalStatus status, String requestJson, String permitToken, long createdAt, long updatedAt) {
    }

    /** A resource permit: ISSUED by this node as owner, or HELD from a partner. */
    record Permit(String token, String role, AuditKind kind, String auditId, String resourceType, String resourceId,
                  int resourceLevel, String resourceNodeId, String resourceInstId, String requestNodeId,
                  String requestInstId, Long timeLimit, Integer timesLimit, int timesUsed, boolean revoked, long issuedAt) {
    }

    /** A call waiting in the outbox. */
    record OutboxCall(String id, String targetNodeId, String address, String path, String body, String state,
                      int attempts, long nextAttemptAt, String lastError, long createdAt) {
    }

    /** A dataset this node publishes. */
    record Dataset(String datasetId, String name, String description, String category, String location, long rowCount,
                   String columnMetas, String joinColumns, String labelColumns, boolean isPublic, long createdAt) {
    }

    private final DataSource ds;

    GovernanceStore(DataSource ds) {
        this.ds = ds;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** A unique-key violation (SQLSTATE 23505 on H2 and PostgreSQL): the row exists already. */
    static final class DuplicateKey extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DuplicateKey(SQLException e) {
            super("database: duplicate key", e);
        }
    }

    @FunctionalInterface
    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new DuplicateKey(e);
            }
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, Mapper<T> m, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(m.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof NullLong) {
                ps.setNull(i + 1, Types.BIGINT);
            } else if (a instanceof NullInt) {
                ps.setNull(i + 1, Types.INTEGER);
            } else if (a instanceof Enum<?> e) {
                ps.setString(i + 1, e.name());
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private enum NullLong { V }

    private enum NullInt { V }

    private static Object l(Long v) {
        return v == null ? NullLong.V : v;
    }

    private static Object i(Integer v) {
        return v == null ? NullInt.V : v;
    }

    private static Long getLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Integer getInt(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    // --- contracts ---

    private static Contract contract(ResultSet rs) throws SQLException {
        return new Contract(rs.getString("contract_id"), rs.getString("role"), rs.getString("peer_node_id"),
                rs.getString("peer_address"), rs.getString("peer_auth_type"), rs.getString("peer_auth_credential"),
                rs.getString("peer_info"), getLong(rs, "expired_time"), ApprovalStatus.valueOf(rs.getString("status")),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    void insertContract(Contract c) {
        update("INSERT INTO mgmt_contract (contract_id, role, peer_node_id, peer_address, peer_auth_type, peer_auth_credential,"
                        + " peer_info, expired_time, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                c.contractId(), c.role(), c.peerNodeId(), c.peerAddress(), c.peerAuthType(), c.peerAuthCredential(),
                c.peerInfo(), l(c.expiredTime()), c.status(), c.createdAt(), c.updatedAt());
    }

    /** Moves a contract only if it is still in {@code from}; @return whether it moved (false = someone else moved it) */
    boolean moveContract(String id, String role, ApprovalStatus from, ApprovalStatus to, String authType, String credential,
                         Long expiredTime, long now) {
        return update("UPDATE mgmt_contract SET status = ?, updated_at = ?,"
                        + " peer_auth_type = COALESCE(?, peer_auth_type), peer_auth_credential = COALESCE(?, peer_auth_credential),"
                        + " expired_time = COALESCE(?, expired_time) WHERE contract_id = ? AND role = ? AND status = ?",
                to, now, authType, credential, l(expiredTime), id, role, from) == 1;
    }

    void updateContractPeer(String id, String role, String address, String authType, String credential, String info, long now) {
        update("UPDATE mgmt_contract SET peer_address = ?, peer_auth_type = ?, peer_auth_credential = ?, peer_info = ?, updated_at = ?"
                + " WHERE contract_id = ? AND role = ?", address, authType, credential, info, now, id, role);
    }

    Optional<Contract> contract(String id, String role) {
        return query("SELECT * FROM mgmt_contract WHERE contract_id = ? AND role = ?", GovernanceStore::contract, id, role)
                .stream().findFirst();
    }

    /** @return the contracts with this id, whatever this node's role (both when a node contracts with itself) */
    List<Contract> contracts(String id) {
        return query("SELECT * FROM mgmt_contract WHERE contract_id = ? ORDER BY role", GovernanceStore::contract, id);
    }

    List<Contract> contractsWith(String peerNodeId) {
        return query("SELECT * FROM mgmt_contract WHERE peer_node_id = ? ORDER BY updated_at DESC",
                GovernanceStore::contract, peerNodeId);
    }

    List<Contract> contracts() {
        return query("SELECT * FROM mgmt_contract ORDER BY created_at", GovernanceStore::contract);
    }

    // --- audits ---

    private static Audit audit(ResultSet rs) throws SQLException {
        return new Audit(AuditKind.valueOf(rs.getString("kind")), rs.getString("audit_id"), rs.getString("role"),
                rs.getString("peer_node_id"), rs.getString("contract_id"), rs.getString("resource_id"),
                ApprovalStatus.valueOf(rs.getString("status")), rs.getString("request_json"), rs.getString("permit_token"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    /** @return false when an approval with this kind, id and role exists already */
    boolean insertAudit(Audit a) {
        if (audit(a.kind(), a.auditId(), a.role()).isPresent()) {
            return false;
        }
        try {
            update("INSERT INTO mgmt_audit (kind, audit_id, role, peer_node_id, contract_id, resource_id, status, request_json,"
                            + " permit_token, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    a.kind(), a.auditId(), a.role(), a.peerNodeId(), a.contractId(), a.resourceId(), a.status(),
                    a.requestJson(), a.permitToken(), a.createdAt(), a.updatedAt());
            return true;
        } catch (DuplicateKey duplicate) {
            // a concurrent apply with the same id won the race
            if (audit(a.kind(), a.auditId(), a.role()).isPresent()) {
                return false;
            }
            throw duplicate;
        }
    }

    boolean moveAudit(AuditKind kind, String id, String role, ApprovalStatus from, ApprovalStatus to, String permitToken, long now) {
        return update("UPDATE mgmt_audit SET status = ?, updated_at = ?, permit_token = COALESCE(?, permit_token)"
                + " WHERE kind = ? AND audit_id = ? AND role = ? AND status = ?", to, now, permitToken, kind, id, role, from) == 1;
    }

    /** Gives an APPROVED approval the permit it was adopted without; @return false when it has one already */
    boolean adoptPermit(AuditKind kind, String id, String role, String permitToken, long now) {
        return update("UPDATE mgmt_audit SET permit_token = ?, updated_at = ? WHERE kind = ? AND audit_id = ? AND role = ?"
                + " AND status = 'APPROVED' AND permit_token IS NULL", permitToken, now, kind, id, role) == 1;
    }

    /**
     * Terminates an APPROVED contract and ends the approvals under it, in one transaction (GOV1): the contract
     * moves to TERMINATED, the permits of every approval under it are revoked, and those APPLIED or APPROVED
     * become TERMINATED.
     *
     * @return how many approvals were ended, or -1 when the contract was not APPROVED (nothing changed)
     */
    int terminateContract(String contractId, String role, long now) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement move = c.prepareStatement("UPDATE mgmt_contract SET status = 'TERMINATED', updated_at = ?"
                    + " WHERE contract_id = ? AND role = ? AND status = 'APPROVED'");
                 PreparedStatement revoke = c.prepareStatement("UPDATE mgmt_permit SET revoked = TRUE WHERE revoked = FALSE"
                    + " AND EXISTS (SELECT 1 FROM mgmt_audit a WHERE a.kind = mgmt_permit.kind AND a.audit_id = mgmt_permit.audit_id"
                    + " AND a.contract_id = ?)");
                 PreparedStatement end = c.prepareStatement("UPDATE mgmt_audit SET status = 'TERMINATED', updated_at = ?"
                         + " WHERE contract_id = ? AND status IN ('APPLIED', 'APPROVED')")) {
                move.setLong(1, now);
                move.setString(2, contractId);
                move.setString(3, role);
                if (move.executeUpdate() != 1) {
                    c.rollback();
                    return -1;
                }
                revoke.setString(1, contractId);
                revoke.executeUpdate();
                end.setLong(1, now);
                end.setString(2, contractId);
                int ended = end.executeUpdate();
                c.commit();
                return ended;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    void deleteAudit(AuditKind kind, String id, String role) {
        update("DELETE FROM mgmt_audit WHERE kind = ? AND audit_id = ? AND role = ?", kind, id, role);
    }

    Optional<Audit> audit(AuditKind kind, String id, String role) {
        return query("SELECT * FROM mgmt_audit WHERE kind = ? AND audit_id = ? AND role = ?", GovernanceStore::audit, kind, id, role)
                .stream().findFirst();
    }

    List<Audit> audits(AuditKind kind, String id) {
        return query("SELECT * FROM mgmt_audit WHERE kind = ? AND audit_id = ? ORDER BY role", GovernanceStore::audit, kind, id);
    }

    List<Audit> audits() {
        return query("SELECT * FROM mgmt_audit ORDER BY created_at", GovernanceStore::audit);
    }

    /** @return the APPROVED approvals of a kind with a partner under one contract */
    List<Audit> approvedUnder(AuditKind kind, String peerNodeId, String contractId) {
        return query("SELECT * FROM mgmt_audit WHERE kind = ? AND peer_node_id = ? AND contract_id = ? AND status = 'APPROVED'"
                + " ORDER BY created_at", GovernanceStore::audit, kind, peerNodeId, contractId);
    }

    /** @return the approvals of a kind this node granted as owner for one resource (e.g. a job id), newest first */
    List<Audit> approvedAsOwner(AuditKind kind, String resourceId) {
        return query("SELECT * FROM mgmt_audit WHERE kind = ? AND resource_id = ? AND role = 'OWNER' AND status = 'APPROVED'"
                + " ORDER BY updated_at DESC", GovernanceStore::audit, kind, resourceId);
    }

    // --- permits ---

    private static Permit permit(ResultSet rs) throws SQLException {
        return new Permit(rs.getString("token"), rs.getString("role"), AuditKind.valueOf(rs.getString("kind")),
                rs.getString("audit_id"), rs.getString("resource_type"), rs.getString("resource_id"),
                rs.getInt("resource_level"), rs.getString("resource_node_id"), rs.getString("resource_inst_id"),
                rs.getString("request_node_id"), rs.getString("request_inst_id"), getLong(rs, "time_limit"),
                getInt(rs, "times_limit"), rs.getInt("times_used"), rs.getBoolean("revoked"), rs.getLong("issued_at"));
    }

    void insertPermit(Permit p) {
        update("INSERT INTO mgmt_permit (token, role, kind, audit_id, resource_type, resource_id, resource_level, resource_node_id,"
                        + " resource_inst_id, request_node_id, request_inst_id, time_limit, times_limit, times_used, revoked, issued_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                p.token(), p.role(), p.kind(), p.auditId(), p.resourceType(), p.resourceId(), p.resourceLevel(),
                p.resourceNodeId(), p.resourceInstId(), p.requestNodeId(), p.requestInstId(), l(p.timeLimit()),
                i(p.timesLimit()), p.timesUsed(), p.revoked(), p.issuedAt());
    }

    Optional<Permit> permit(String token, String role) {
        return query("SELECT * FROM mgmt_permit WHERE token = ? AND role = ?", GovernanceStore::permit, token, role)
                .stream().findFirst();
    }

    /** @return the permits this node issued for one approval */
    List<Permit> issuedFor(AuditKind kind, String auditId) {
        return query("SELECT * FROM mgmt_permit WHERE role = 'ISSUED' AND kind = ? AND audit_id = ? ORDER BY issued_at",
                GovernanceStore::permit, kind, auditId);
    }

    List<Permit> permits() {
        return query("SELECT * FROM mgmt_permit ORDER BY issued_at", GovernanceStore::permit);
    }

    List<Permit> heldFor(String resourceNodeId) {
        return query("SELECT * FROM mgmt_permit WHERE role = 'HELD' AND resource_node_id = ? AND revoked = FALSE ORDER BY issued_at",
                GovernanceStore::permit, resourceNodeId);
    }

    /** Counts one use if uses remain; @return whether it was counted (atomic against concurrent checks) */
    boolean usePermit(String token, int timesUsedBefore) {
        return update("UPDATE mgmt_permit SET times_used = times_used + 1 WHERE token = ? AND role = 'ISSUED' AND times_used = ?",
                token, timesUsedBefore) == 1;
    }

    /**
     * Takes the use count the issuer reported for a permit this node holds; only the issuer's report counts, and a
     * count never goes down.
     */
    void reportUses(String token, String issuerNodeId, int timesUsed) {
        update("UPDATE mgmt_permit SET times_used = ? WHERE token = ? AND role = 'HELD' AND resource_node_id = ? AND times_used < ?",
                timesUsed, token, issuerNodeId, timesUsed);
    }

    void revokePermits(AuditKind kind, String auditId) {
        update("UPDATE mgmt_permit SET revoked = TRUE WHERE kind = ? AND audit_id = ?", kind, auditId);
    }

    // --- nonces ---

    /** @return false when the nonce was seen before from this source */
    boolean rememberNonce(String source, String nonce, long now) {
        if (!query("SELECT 1 FROM mgmt_nonce WHERE source_node_id = ? AND nonce = ?", rs -> 1, source, nonce).isEmpty()) {
            return false;
        }
        try {
            update("INSERT INTO mgmt_nonce (source_node_id, nonce, seen_at) VALUES (?,?,?)", source, nonce, now);
            return true;
        } catch (DuplicateKey duplicate) {
            return false; // the same nonce raced in: the second one is the replay
        }
        // any other failure propagates: it is a storage fault (500 with a reference), not a replay (AUTH5)
    }

    void forgetNoncesBefore(long cutoff) {
        update("DELETE FROM mgmt_nonce WHERE seen_at < ?", cutoff);
    }

    // --- outbox ---

    private static OutboxCall call(ResultSet rs) throws SQLException {
        return new OutboxCall(rs.getString("id"), rs.getString("target_node_id"), rs.getString("address"), rs.getString("path"),
                rs.getString("body"), rs.getString("state"), rs.getInt("attempts"), rs.getLong("next_attempt_at"),
                rs.getString("last_error"), rs.getLong("created_at"));
    }

    void enqueue(OutboxCall c) {
        update("INSERT INTO mgmt_outbox (id, target_node_id, address, path, body, state, attempts, next_attempt_at, last_error, created_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?)", c.id(), c.targetNodeId(), c.address(), c.path(), c.body(), c.state(),
                c.attempts(), c.nextAttemptAt(), c.lastError(), c.createdAt());
    }

    List<OutboxCall> due(long now, int max) {
        List<OutboxCall> all = query("SELECT * FROM mgmt_outbox WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY created_at",
                GovernanceStore::call, now);
        return all.size() > max ? all.subList(0, max) : all;
    }

    /** @return the calls still pending to a node on one path, oldest first */
    List<OutboxCall> pendingTo(String targetNodeId, String path) {
        return query("SELECT * FROM mgmt_outbox WHERE state = 'PENDING' AND target_node_id = ? AND path = ? ORDER BY created_at",
                GovernanceStore::call, targetNodeId, path);
    }

    /** Moves a pending call's next attempt to {@code when}. */
    void dueAt(String id, long when) {
        update("UPDATE mgmt_outbox SET next_attempt_at = ? WHERE id = ? AND state = 'PENDING'", when, id);
    }

    /** After a restart every pending call is due at once: the partner may have come back while this node was down. */
    void resumeOutbox(long now) {
        update("UPDATE mgmt_outbox SET next_attempt_at = ? WHERE state = 'PENDING'", now);
    }

    List<OutboxCall> outbox() {
        return query("SELECT * FROM mgmt_outbox ORDER BY created_at", GovernanceStore::call);
    }

    void outboxResult(String id, String state, int attempts, long nextAttemptAt, String error) {
        update("UPDATE mgmt_outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                state, attempts, nextAttemptAt, error == null ? null : error.substring(0, Math.min(error.length(), 1900)), id);
    }

    /** @return the calls given up on (final refusal or past the retry budget), oldest first: the dead letters */
    List<OutboxCall> deadLetters() {
        return query("SELECT * FROM mgmt_outbox WHERE state = 'FAILED' ORDER BY next_attempt_at, created_at", GovernanceStore::call);
    }

    long countOutbox(String state) {
        return query("SELECT COUNT(*) FROM mgmt_outbox WHERE state = ?", rs -> rs.getLong(1), state).get(0);
    }

    /**
     * Queues a dead letter again as a new call (fresh retry budget, so {@code created_at} is now), to
     * {@code address}. @return whether a dead letter with that id was there
     */
    boolean replayOutbox(String id, String address, long now) {
        return update("UPDATE mgmt_outbox SET state = 'PENDING', attempts = 0, next_attempt_at = ?, created_at = ?, address = ?,"
                + " last_error = NULL WHERE id = ? AND state = 'FAILED'", now, now, address, id) == 1;
    }

    /** @return whether a dead letter with that id was there */
    boolean discardOutbox(String id) {
        return update("DELETE FROM mgmt_outbox WHERE id = ? AND state = 'FAILED'", id) == 1;
    }

    // --- datasets ---

    private static Dataset dataset(ResultSet rs) throws SQLException {
        return new Dataset(rs.getString("dataset_id"), rs.getString("name"), rs.getString("description"),
                rs.getString("category"), rs.getString("location"), rs.getLong("row_count"), rs.getString("column_metas"),
                rs.getString("join_columns"), rs.getString("label_columns"), rs.getBoolean("is_public"), rs.getLong("created_at"));
    }

    void upsertDataset(Dataset d) {
        if (dataset(d.datasetId()).isPresent()) {
            update("UPDATE mgmt_dataset SET name = ?, description = ?, category = ?, location = ?, row_count = ?, column_metas = ?,"
                            + " join_columns = ?, label_columns = ?, is_public = ? WHERE dataset_id = ?",
                    d.name(), d.description(), d.category(), d.location(), d.rowCount(), d.columnMetas(), d.joinColumns(),
                    d.labelColumns(), d.isPublic(), d.datasetId());
        } else {
            update("INSERT INTO mgmt_dataset (dataset_id, name, description, category, location, row_count, column_metas,"
                            + " join_columns, label_columns, is_public, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    d.datasetId(), d.name(), d.description(), d.category(), d.location(), d.rowCount(), d.columnMetas(),
                    d.joinColumns(), d.labelColumns(), d.isPublic(), d.createdAt());
        }
    }

    Optional<Dataset> dataset(String id) {
        return query("SELECT * FROM mgmt_dataset WHERE dataset_id = ?", GovernanceStore::dataset, id).stream().findFirst();
    }

    List<Dataset> datasets(boolean publicOnly) {
        return query("SELECT * FROM mgmt_dataset" + (publicOnly ? " WHERE is_public = TRUE" : "") + " ORDER BY created_at, dataset_id",
                GovernanceStore::dataset);
    }
}
