/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

/** The transport layer's status codes (spec 40 §6), carried as the string {@code code} of every reply. */
public final class PtpCodes {
    /** Success. */
    public static final String OK = "E0000000000";
    /** Illegal request, e.g. a missing required header. */
    public static final String BAD_REQUEST = "E0000000400";
    /** Resource not authorized (bad token). */
    public static final String FORBIDDEN = "E0000000403";
    /** Resource not found. */
    public static final String NOT_FOUND = "E0000000404";
    /** Body too large. */
    public static final String TOO_LARGE = "E0000000413";
    /** System error. */
    public static final String SYSTEM_ERROR = "E0000000500";
    /** Service unreachable (request loop). */
    public static final String LOOP = "E0000000503";
    /** Request timeout. */
    public static final String TIMEOUT = "E0000000601";
    /** No service instance (no adapter for the route's protocol). */
    public static final String NO_INSTANCE = "E0000000602";
    /** Network unreachable. */
    public static final String UNREACHABLE = "E0000000607";
    /** Session already released. */
    public static final String RELEASED = "E0000000608";
    /** Message encode/decode error. */
    public static final String CODEC = "E0000000616";
    /** Node or institution not networked (no route). */
    public static final String NOT_NETWORKED = "E0000000618";
    /** Message buffer full. */
    public static final String BUFFER_FULL = "E0000000700";

    private PtpCodes() {
    }
}
