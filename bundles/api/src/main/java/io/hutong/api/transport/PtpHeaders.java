/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

/** Names of the {@code x-ptp-*} headers (spec 40 §2.1, §3.1) and the metadata keys Hutong adds (decisions T1, T12). */
public final class PtpHeaders {
    /** Protocol version; {@code 1} selects passthrough east-west. */
    public static final String VERSION = "x-ptp-version";
    /** Interop vendor code. */
    public static final String TECH_PROVIDER_CODE = "x-ptp-tech-provider-code";
    /** The SecretFlow containers' spelling of {@link #TECH_PROVIDER_CODE} (spec 52 §1). */
    public static final String TECN_PROVIDER_CODE = "x-ptp-tecn-provider-code";
    /** End-to-end trace id. */
    public static final String TRACE_ID = "x-ptp-trace-id";
    /** Resource access token, passed through to the receiver. */
    public static final String TOKEN = "x-ptp-token";
    /** The resource path of an encapsulated east-west call. */
    public static final String URI = "x-ptp-uri";
    /** Sender node. */
    public static final String SOURCE_NODE_ID = "x-ptp-source-node-id";
    /** Receiver node. */
    public static final String TARGET_NODE_ID = "x-ptp-target-node-id";
    /** Sender institution. */
    public static final String SOURCE_INST_ID = "x-ptp-source-inst-id";
    /** Receiver institution. */
    public static final String TARGET_INST_ID = "x-ptp-target-inst-id";
    /** Session id; with the topic it names a queue (T1). */
    public static final String SESSION_ID = "x-ptp-session-id";
    /** Topic when the body carries none (T1). */
    public static final String TOPIC = "x-ptp-topic";
    /** Unique id of a forwarded message, used by the receiver to drop duplicates (T12). */
    public static final String MESSAGE_ID = "x-ptp-message-id";

    private PtpHeaders() {
    }
}
