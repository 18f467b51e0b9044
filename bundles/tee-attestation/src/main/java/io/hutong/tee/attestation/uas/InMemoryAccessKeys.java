/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.hutong.tee.attestation.impl.Pem;

/**
 * Access credentials held in memory, secrets kept only as SHA-256 digests; the store behind the admin
 * API can load them from the database.
 */
public final class InMemoryAccessKeys implements AccessKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> secretDigests = new ConcurrentHashMap<>();

    /**
     * Issues a new credential.
     *
     * @return the access key and its secret; the secret is shown once and not kept
     */
    public Map.Entry<String, String> issue() {
        String key = "AK" + random(10);
        String secret = random(24);
        secretDigests.put(key, digest(secret));
        return Map.entry(key, secret);
    }

    /** Adds a credential created elsewhere. */
    public void put(String accessKey, String accessSecret) {
        secretDigests.put(accessKey, digest(accessSecret));
    }

    /** Withdraws a credential; later requests with it are refused. */
    public void revoke(String accessKey) {
        secretDigests.remove(accessKey);
    }

    @Override
    public boolean accepts(String accessKey, String accessSecret) {
        byte[] known = accessKey == null ? null : secretDigests.get(accessKey);
        // compare even for unknown keys, so timing does not tell a wrong key from a wrong secret
        byte[] presented = digest(accessSecret == null ? "" : accessSecret);
        return MessageDigest.isEqual(known == null ? new byte[presented.length] : known, presented) && known != null;
    }

    private static byte[] digest(String secret) {
        return Pem.sha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
