/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;
import io.hutong.api.node.NodeIdentity;
import io.hutong.api.store.Database;

/**
 * The node identity kept in the database: created on first start (node id and an ECDSA P-256 key
 * pair, {@code auth_type} SHA256_ECDSA), read back on every later start.
 */
@Component(service = {NodeIdentity.class, HealthCheck.class}, configurationPid = "io.hutong.node",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {HealthCheck.NAME + "=" + Layers.MANAGEMENT + "/node-identity", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.MANAGEMENT})
@Designate(ocd = NodeConfig.class)
public class StoredNodeIdentity implements NodeIdentity, LayerCheck {

    private static final Logger LOG = Logger.getLogger(StoredNodeIdentity.class.getName());
    static final String AUTH_TYPE = "SHA256_ECDSA";

    private final String nodeId;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final Instant createdAt;

    @Activate
    public StoredNodeIdentity(@Reference Database database, BundleContext context, NodeConfig config)
            throws SQLException, GeneralSecurityException {
        database.migrate("management", context.getBundle(), "db/management");
        String wanted = config.node_id().strip();
        try (Connection c = database.dataSource().getConnection()) {
            Row row = load(c);
            if (row == null) {
                row = create(c, wanted.isEmpty() ? "node-" + UUID.randomUUID().toString().substring(0, 8) : wanted);
                LOG.info("created node identity " + row.nodeId);
            } else if (!wanted.isEmpty() && !wanted.equals(row.nodeId)) {
                // A data directory belongs to one node: silently renaming it would break every contract.
                throw new IllegalStateException("this data directory belongs to node " + row.nodeId
                        + " but node id " + wanted + " is configured; use another data directory or drop the setting");
            }
            KeyFactory kf = KeyFactory.getInstance("EC");
            nodeId = row.nodeId;
            publicKey = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(row.publicKey)));
            privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(row.privateKey)));
            createdAt = row.createdAt;
        }
    }

    private record Row(String nodeId, String publicKey, String privateKey, Instant createdAt) {
    }

    private static Row load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id, public_key, private_key, created_at FROM node_identity");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()) : null;
        }
    }

    private static Row create(Connection c, String id) throws SQLException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        Row row = new Row(id, Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()),
                Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()), Instant.now());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node_identity (node_id, auth_type, public_key, private_key, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, row.nodeId);
            ps.setString(2, AUTH_TYPE);
            ps.setString(3, row.publicKey);
            ps.setString(4, row.privateKey);
            ps.setTimestamp(5, Timestamp.from(row.createdAt));
            ps.executeUpdate();
        }
        return row;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String authType() {
        return AUTH_TYPE;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with the node key failed", e);
        }
    }

    @Override
    public Health health() {
        String fingerprint;
        try {
            fingerprint = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(publicKey.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            fingerprint = "?";
        }
        return Health.up("node " + nodeId, Map.of("node_id", nodeId, "auth_type", AUTH_TYPE,
                "key_sha256_prefix", fingerprint, "created_at", createdAt.toString()));
    }
}
