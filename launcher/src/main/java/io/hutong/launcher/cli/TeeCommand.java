/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import picocli.CommandLine.Command;

/** {@code hutong tee}: the TEE commands (today {@code verify}). */
@Command(name = "tee", description = "TEE remote attestation.", subcommands = TeeVerifyCommand.class)
public final class TeeCommand extends Subcommand.Group {
}
