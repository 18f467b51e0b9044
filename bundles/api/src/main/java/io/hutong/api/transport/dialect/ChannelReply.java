/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport.dialect;

/**
 * The answer to a container API call before encoding.
 *
 * @param code    the standard code ({@code E0000000000} on success)
 * @param message the status text ({@code success}, or the cause)
 * @param content pop/peek: the message, {@code null} when there was none
 */
public record ChannelReply(String code, String message, byte[] content) {
}
