/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.util.List;
import java.util.Optional;

/** The {@code bin/hutong} subcommands besides {@code start}. Add a new command to {@link #ALL}. */
public final class Commands {

    /** Every command, matched longest name first. */
    public static final List<CliCommand> ALL = List.of(
            new StatusCommand(),
            new TaskCommand("start"), new TaskCommand("show"), new TaskCommand("list"), new TaskCommand("log"),
            new TaskCommand("cancel"),
            new JobCommand("list"), new JobCommand("show"), new JobCommand("log"), new JobCommand("stop"),
            new TeeVerifyCommand(),
            new NodeCommand(),
            new ContractCommand("apply"), new ContractCommand("list"), new ContractCommand("approve"),
            new ContractCommand("reject"), new ContractCommand("terminate"), new ContractCommand("refresh"),
            new ApprovalCommand("apply"), new ApprovalCommand("list"), new ApprovalCommand("pending"),
            new ApprovalCommand("approve"), new ApprovalCommand("reject"), new ApprovalCommand("terminate"),
            new ApprovalCommand("refresh"),
            new DatasetCommand("publish"), new DatasetCommand("edit"), new DatasetCommand("list"), new DatasetCommand("peer"),
            new PermitsCommand(),
            new DeadLettersCommand("list"), new DeadLettersCommand("replay"), new DeadLettersCommand("discard"),
            new DemoCommand(), new BenchPsiCommand(), new BenchCommand(), new BenchStartCommand());

    private Commands() {
    }

    /** @return the command whose words begin {@code args}, with how many words it took */
    public static Optional<Match> find(List<String> args) {
        Match best = null;
        for (CliCommand c : ALL) {
            List<String> words = List.of(c.name().split(" "));
            if (args.size() >= words.size() && args.subList(0, words.size()).equals(words)
                    && (best == null || words.size() > best.words())) {
                best = new Match(c, words.size());
            }
        }
        return Optional.ofNullable(best);
    }

    /** A command and the number of argument words its name used. */
    public record Match(CliCommand command, int words) {
    }
}
