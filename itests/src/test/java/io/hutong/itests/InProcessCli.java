/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.hutong.launcher.cli.Hutong;

/**
 * Runs a {@code bin/hutong} subcommand that talks to a running node (contract, approval, dataset,
 * permits…) inside the test JVM, through the launcher's own command line ({@link Hutong#execute}) with the
 * status and messages the script gives: 2 and {@code hutong: <message>} with the usage for bad arguments, 1
 * and {@code hutong: <message>} for a failure, 3 when no node answers. A test that runs dozens of commands
 * saves a JVM start for each; the script and the process exit statuses themselves are tested as processes
 * in {@link DistributionIT}, {@link TeeCliIT} and {@link DemoIT}.
 */
final class InProcessCli {

    /** Exit status and everything the command printed (stdout, then stderr). */
    record Run(int status, String out) {
    }

    private InProcessCli() {
    }

    static Run run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int status = Hutong.execute(NodeOptions.distribution(), args, out, out);
        return new Run(status, buffer.toString(StandardCharsets.UTF_8));
    }
}
