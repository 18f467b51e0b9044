/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The string {@code x-auth-sign} signs (decision M2): method, path, sorted query, source, target,
 * nonce, timestamp and the hex SHA-256 of the body, joined by newlines.
 */
final class CanonicalRequest {

    private CanonicalRequest() {
    }

    /**
     * @param query decoded query parameters; sorted here by name, then value, and written {@code name=value} joined by {@code &}
     */
    static byte[] of(String method, String path, Map<String, List<String>> query, String source, String target,
                     String nonce, String timestamp, byte[] body) {
        List<String> pairs = new ArrayList<>();
        query.forEach((k, vs) -> vs.forEach(v -> pairs.add(k + "=" + v)));
        pairs.sort(null);
        String s = String.join("\n", method.toUpperCase(java.util.Locale.ROOT), path, String.join("&", pairs),
                source, target, nonce, timestamp, sha256Hex(body == null ? new byte[0] : body));
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
