/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an east-west resource method (or every method of a resource class) that is exempt from the
 * {@code x-auth-sign} check. Every method without it is refused unless the call is signed by a
 * partner with an APPROVED contract, so a new endpoint is protected without doing anything.
 *
 * <p>An exemption names its reason, for the reader and the record (docs/decisions.md AUTH1-AUTH3); the
 * exempt endpoints are listed with their reasons in the test that walks every method the east-west plane
 * serves ({@code GET /v1/admin/east-west/endpoints}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Unsigned {

    /** @return why the endpoint needs no signature (and what authenticates it instead, if anything) */
    String reason();

    /**
     * @return true when the call must still carry the standard's identifying headers, checked as for a
     * signed call (source, target, nonce, timestamp, CSRF on POST); false for endpoints outside the
     * management header set (the health probe, the PTP transport, UAS)
     */
    boolean headers() default true;
}
