/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The field rules of the UAS requests (spec 60 §6.4 and Hutong's registration, decisions UAS1/UAS2): every
 * field a stranger sends is checked for presence, length and alphabet before it is used, and a refusal
 * names the field without echoing the value.
 */
public final class RequestFields {

    /** Largest nonce, in bytes once hex-decoded (spec 60 §2.1: a hex string under 64 bytes; issue 10). */
    public static final int MAX_NONCE_BYTES = 64;
    /** Longest {@code report}: far above any platform report (a DCAP passport with collateral is ~20 kB). */
    public static final int MAX_REPORT_CHARS = 512 * 1024;
    /** Longest {@code access_key} (the column holding issued keys). */
    public static final int MAX_ACCESS_KEY_CHARS = 64;
    /** Longest {@code access_secret}. */
    public static final int MAX_ACCESS_SECRET_CHARS = 256;
    /** Longest {@code biz_id}. */
    public static final int MAX_BIZ_ID_CHARS = 128;
    /** Longest {@code node_id}: the certificate's common name (X.520 upper bound 64). */
    public static final int MAX_NODE_ID_CHARS = 64;
    /** Longest {@code pem_public_key}: an RSA-8192 public key is ~1.5 kB of PEM. */
    public static final int MAX_PEM_PUBLIC_KEY_CHARS = 16 * 1024;

    private static final Pattern HEX_BYTES = Pattern.compile("(?:[0-9A-Fa-f]{2})+");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private RequestFields() {
    }

    /**
     * @return why {@code nonce} is unacceptable: missing, not hex of whole bytes, or over {@value #MAX_NONCE_BYTES} bytes
     */
    public static Optional<String> nonce(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("nonce: missing");
        }
        if (value.length() > 2 * MAX_NONCE_BYTES) {
            return Optional.of("nonce: at most " + MAX_NONCE_BYTES + " bytes (" + 2 * MAX_NONCE_BYTES
                    + " hex digits), actual " + value.length() + " characters");
        }
        if (!HEX_BYTES.matcher(value).matches()) {
            return Optional.of("nonce: expected hex digits, two per byte");
        }
        return Optional.empty();
    }

    /**
     * A credential or id made of printable ASCII without spaces.
     *
     * @return why the value is unacceptable
     */
    public static Optional<String> token(String field, String value, int maxChars, boolean required) {
        if (value == null || value.isEmpty()) {
            return required ? Optional.of(field + ": missing") : Optional.empty();
        }
        if (value.length() > maxChars) {
            return Optional.of(field + ": at most " + maxChars + " characters, actual " + value.length());
        }
        if (!PRINTABLE.matcher(value).matches()) {
            return Optional.of(field + ": only printable ASCII without spaces is allowed");
        }
        return Optional.empty();
    }

    /** @return why a node id is unacceptable: letters, digits, {@code . _ -}, starting with a letter or digit */
    public static Optional<String> nodeId(String value) {
        Optional<String> token = token("node_id", value, MAX_NODE_ID_CHARS, true);
        if (token.isPresent()) {
            return token;
        }
        return NODE_ID.matcher(value).matches() ? Optional.empty()
                : Optional.of("node_id: only letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    /** @return why a text field (a report, a PEM key) is unacceptable: missing, blank or too long */
    public static Optional<String> text(String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            return Optional.of(field + ": missing");
        }
        if (value.length() > maxChars) {
            return Optional.of(field + ": at most " + maxChars + " characters, actual " + value.length());
        }
        return Optional.empty();
    }

    /** @return the first problem of several checks */
    @SafeVarargs
    public static Optional<String> first(Optional<String>... checks) {
        for (Optional<String> c : checks) {
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }
}
