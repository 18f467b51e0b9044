/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.http;

/**
 * The response envelope of the management and control layers (decision M1):
 * {@code {"code":0,"msg":"ok","data":...}} on success, the HTTP status as {@code code} on failure.
 *
 * @param code 0 on success, otherwise the HTTP status (400, 401, 403, 404, 409, 500)
 * @param msg  {@code "ok"} on success, otherwise a message naming the offending field or header
 * @param data the payload, {@code null} on failure
 * @param <T>  payload type
 */
public record Envelope<T>(int code, String msg, T data) {

    /** @return a success envelope around {@code data} */
    public static <T> Envelope<T> ok(T data) {
        return new Envelope<>(0, "ok", data);
    }

    /** @return a failure envelope for HTTP status {@code status} with the message {@code msg} */
    public static Envelope<Void> error(int status, String msg) {
        return new Envelope<>(status, msg, null);
    }
}
