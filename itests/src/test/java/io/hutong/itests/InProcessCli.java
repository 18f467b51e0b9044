/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.hutong.launcher.cli.Commands;

/**
 * Runs a {@code bin/hutong} subcommand that talks to a running node (contract, approval, dataset,
 * permits…) inside the test JVM, with the launcher's own command classes and the status and messages
 * {@code io.hutong.launcher.Main} gives them: 2 and {@code hutong: <message>} for bad arguments, 1 and
 * {@code hutong: <message>} for a failure. A test that runs dozens of commands saves a JVM start for
 * each; the script and the process exit statuses themselves are tested as processes in
 * {@link DistributionIT}, {@link TeeCliIT} and {@link DemoIT}.
 */
final class InProcessCli {

    /** Exit status and everything the command printed. */
    record Run(int status, String out) {
    }

    private InProcessCli() {
    }

    static Run run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int status;
        var found = Commands.find(List.of(args));
        if (found.isEmpty()) {
            throw new AssertionError("no such command: " + String.join(" ", args));
        }
        try {
            status = found.get().command().run(NodeOptions.distribution(), List.of(args).subList(found.get().words(), args.length), out);
        } catch (IllegalArgumentException e) {
            out.println("hutong: " + e.getMessage());
            out.println("usage: hutong " + found.get().command().usage());
            status = 2;
        } catch (Exception e) {
            out.println("hutong: " + e.getMessage());
            status = 1;
        }
        out.flush();
        return new Run(status, buffer.toString(StandardCharsets.UTF_8));
    }
}
