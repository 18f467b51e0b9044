/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code bin/hutong} subcommand that works with a running node (through its admin API) or with
 * local files. Implementations are listed in {@link Commands}.
 */
public interface CliCommand {

    /** @return the words that select the command, e.g. {@code "status"} or {@code "tee verify"} */
    String name();

    /** @return one line of usage, shown by {@code hutong help} */
    String usage();

    /**
     * Runs the command.
     *
     * @param home the installation directory
     * @param args the arguments after the command's words
     * @param out  where results go
     * @return the exit status: 0 success, 1 the operation failed, 2 bad arguments
     * @throws IllegalArgumentException for bad arguments (the caller prints the message and usage, exit 2)
     */
    int run(Path home, List<String> args, PrintStream out) throws Exception;
}
