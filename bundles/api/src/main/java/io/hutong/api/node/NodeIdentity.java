/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.node;

import java.security.PublicKey;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The identity of the local node (spec 00 §3, entity Node): created on first start and kept in the
 * database, so a node keeps its id and keys across restarts.
 */
@ProviderType
public interface NodeIdentity {

    /** @return the node id other nodes address this node by ({@code x-source-node-id}, {@code node_id}) */
    String nodeId();

    /** @return the signing algorithm of the key pair, as the standard names it ({@code auth_type}, e.g. {@code SHA256_ECDSA}) */
    String authType();

    /** @return the node's public key; its private key never leaves the identity service */
    PublicKey publicKey();

    /** @return the public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), the node's {@code auth_credential} */
    String publicKeyPem();

    /**
     * Signs bytes with the node's private key.
     *
     * @param data the bytes to sign
     * @return the signature in the encoding of {@link #authType()} (DER for ECDSA)
     */
    byte[] sign(byte[] data);
}
