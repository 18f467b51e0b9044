/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client;

/**
 * A PTP call that failed, with the transport code of spec 40 §6 ({@code E0000000xxx}) and the
 * message naming the cause: the node's own answer, or a code this client chose for a failure that
 * never reached the node (unreachable, timed out).
 */
public class PtpClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Illegal request, e.g. a missing required header. */
    public static final String BAD_REQUEST = "E0000000400";
    /** Resource not authorized: the token was refused. */
    public static final String FORBIDDEN = "E0000000403";
    /** Resource not found, e.g. no such endpoint on the node. */
    public static final String NOT_FOUND = "E0000000404";
    /** The message is larger than the node accepts. */
    public static final String TOO_LARGE = "E0000000413";
    /** System error, e.g. an answer this client could not read. */
    public static final String SYSTEM_ERROR = "E0000000500";
    /** Request timeout: no answer within the call's deadline. */
    public static final String TIMEOUT = "E0000000601";
    /** Network unreachable: the node did not accept the connection. */
    public static final String UNREACHABLE = "E0000000607";
    /** The session was released. */
    public static final String RELEASED = "E0000000608";
    /** The message could not be encoded or decoded. */
    public static final String CODEC = "E0000000616";
    /** The target node is not networked (no route). */
    public static final String NOT_NETWORKED = "E0000000618";
    /** The node's buffers are full; retry later. */
    public static final String BUFFER_FULL = "E0000000700";

    private final String code;

    /**
     * @param code    the transport code, {@code E0000000xxx}
     * @param message what went wrong
     */
    public PtpClientException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /**
     * @param code    the transport code, {@code E0000000xxx}
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public PtpClientException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** @return the transport code, e.g. {@code E0000000618} */
    public String code() {
        return code;
    }

    /** @return the message without the code */
    public String reason() {
        String m = getMessage();
        return m.substring(Math.min(m.length(), code.length() + 2));
    }
}
