/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;

/**
 * No running node answers the CLI: no {@code run/ready.json}, one left by a process that has ended, or a
 * refused connection. The command ends with exit status {@link Hutong#UNREACHABLE}.
 */
public final class NodeUnreachableException extends IOException {

    private static final long serialVersionUID = 1L;

    public NodeUnreachableException(String message) {
        super(message);
    }

    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
