/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.store.Database;
import io.hutong.tee.attestation.uas.AccessKeys;

/**
 * The attestation layer's tables in the node database: the UAS key and certificate, the access
 * credentials (secrets only as SHA-256 digests) and the node certificates the UAS issued.
 */
@Component(service = TeeStore.class)
public class TeeStore implements AccessKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Database database;

    /** A stored UAS key: Base64 DER keys and the PEM certificate. */
    public record UasKeyRow(String algorithm, String publicKey, String privateKey, String certificatePem, Instant createdAt) {
    }

    /** An issued access credential, without its secret. */
    public record AccessKeyRow(String accessKey, String description, Instant createdAt) {
    }

    /** A newly issued credential: the only moment its secret is known. */
    public record IssuedAccessKey(String accessKey, String accessSecret, String description, Instant createdAt) {
    }

    @Activate
    public TeeStore(@Reference Database database, BundleContext context) throws SQLException {
        this.database = database;
        database.migrate("tee", context.getBundle(), "db/tee");
    }

    /** @return the stored key for an algorithm ({@code RSA} or {@code SM2}), if one was made before */
    public Optional<UasKeyRow> uasKey(String algorithm) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT public_key, private_key, certificate, created_at FROM tee_uas_key WHERE algorithm = ?")) {
            ps.setString(1, algorithm);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new UasKeyRow(algorithm, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())) : Optional.empty();
            }
        }
    }

    /** Stores the key of an algorithm; fails if one is already stored, so a key is never silently replaced. */
    public void saveUasKey(UasKeyRow row) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO tee_uas_key "
                     + "(algorithm, public_key, private_key, certificate, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, row.algorithm());
            ps.setString(2, row.publicKey());
            ps.setString(3, row.privateKey());
            ps.setString(4, row.certificatePem());
            ps.setTimestamp(5, Timestamp.from(row.createdAt()));
            ps.executeUpdate();
        }
    }

    /**
     * Replaces the stored key of an algorithm, but only if it is still the one the caller read, so two
     * activations replacing the same outdated key agree on one successor.
     *
     * @param row             the new key
     * @param replacedPublicKey the public key (Base64) of the key being replaced
     * @return whether the row was replaced; {@code false} when another key had already replaced it
     */
    public boolean replaceUasKey(UasKeyRow row, String replacedPublicKey) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE tee_uas_key SET public_key = ?, private_key = ?, "
                     + "certificate = ?, created_at = ? WHERE algorithm = ? AND public_key = ?")) {
            ps.setString(1, row.publicKey());
            ps.setString(2, row.privateKey());
            ps.setString(3, row.certificatePem());
            ps.setTimestamp(4, Timestamp.from(row.createdAt()));
            ps.setString(5, row.algorithm());
            ps.setString(6, replacedPublicKey);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Issues a credential.
     *
     * @param description what the credential is for (who holds it), may be empty
     * @return the key and its secret; the secret is not stored and cannot be shown again
     */
    public IssuedAccessKey issueAccessKey(String description) throws SQLException {
        String key = "AK" + random(10);
        String secret = random(24);
        Instant now = Instant.now();
        String text = description == null ? "" : description.strip();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO tee_access_key "
                     + "(access_key, secret_sha256, description, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, HEX.formatHex(digest(secret)));
            ps.setString(3, text);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        }
        return new IssuedAccessKey(key, secret, text, now);
    }

    /** @return the issued credentials, oldest first, without secrets */
    public List<AccessKeyRow> accessKeys() throws SQLException {
        List<AccessKeyRow> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT access_key, description, created_at FROM tee_access_key ORDER BY created_at, access_key");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AccessKeyRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
        }
        return out;
    }

    /** @return whether the credential existed; later requests with it are refused */
    public boolean revokeAccessKey(String accessKey) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM tee_access_key WHERE access_key = ?")) {
            ps.setString(1, accessKey);
            return ps.executeUpdate() > 0;
        }
    }

    @Override
    public boolean accepts(String accessKey, String accessSecret) {
        String stored = null;
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT secret_sha256 FROM tee_access_key WHERE access_key = ?")) {
            ps.setString(1, accessKey == null ? "" : accessKey);
            try (ResultSet rs = ps.executeQuery()) {
                stored = rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("access keys cannot be read: " + e.getMessage(), e);
        }
        byte[] presented = digest(accessSecret == null ? "" : accessSecret);
        // compared even for an unknown key, so the time taken does not tell a wrong key from a wrong secret
        byte[] known = stored == null ? new byte[presented.length] : HEX.parseHex(stored);
        return MessageDigest.isEqual(known, presented) && stored != null;
    }

    /** Records a certificate the UAS issued to a TEE node. */
    public void saveNodeCertificate(String serial, String nodeId, String keySha256, String certificatePem, Instant issuedAt)
            throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO tee_node_certificate "
                     + "(serial, node_id, key_sha256, certificate, issued_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, serial);
            ps.setString(2, nodeId);
            ps.setString(3, keySha256);
            ps.setString(4, certificatePem);
            ps.setTimestamp(5, Timestamp.from(issuedAt));
            ps.executeUpdate();
        }
    }

    /** @return how many node certificates the UAS has issued */
    public int nodeCertificateCount() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tee_node_certificate");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static byte[] digest(String secret) {
        return Pem.sha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }
}
