/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Authentication of east-west calls (decisions M2, M3): the check every east-west resource method gets
 * from the http bundle's filter unless it is marked {@link io.hutong.api.auth.Unsigned}, the service that
 * performs it ({@link io.hutong.api.auth.CallAuthenticator}, provided by management) and the verified
 * caller a resource reads.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.auth;
