/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport.dialect;

/**
 * An encoded answer.
 *
 * @param contentType the Content-Type to send
 * @param body        the bytes to send
 */
public record EncodedReply(String contentType, byte[] body) {
}
