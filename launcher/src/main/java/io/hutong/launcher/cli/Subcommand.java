/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code hutong} subcommand has: {@code -h}/{@code --help}, the installation it runs in and where it
 * prints. {@link #call} returns the exit status (see {@link Hutong}); a bad argument found while running is an
 * {@link IllegalArgumentException} (status 2 with the usage).
 */
public abstract class Subcommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this usage and exit.")
    boolean help;

    /** @return the installation directory */
    protected Path home() {
        return root().home();
    }

    /** @return where results go */
    protected PrintStream out() {
        return root().out();
    }

    private Hutong root() {
        return (Hutong) spec.root().userObject();
    }

    /** A group of commands ({@code contract}, {@code job}…): without one of them it is a usage error. */
    public abstract static class Group {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this usage and exit.")
        boolean help;
    }
}
