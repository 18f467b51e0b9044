/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hutong.launcher.StartCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code bin/hutong} command line on picocli: the top-level {@code hutong} command, its subcommands, the
 * usage and version it prints and the exit status every command keeps (decision CLI2): {@value #OK} success
 * (and help), {@value #FAILED} the operation failed or was refused, {@value #USAGE} bad arguments (an unknown
 * option or command, a missing or malformed value), {@value #UNREACHABLE} no running node answers.
 */
@Command(name = "hutong", mixinStandardHelpOptions = true, versionProvider = Hutong.Version.class, sortOptions = false,
        description = "A Hutong node (BFIA interconnection) and the commands that work with it.",
        footer = {"", "hutong COMMAND --help (or hutong help COMMAND) shows the usage of one command.",
                "Exit status: 0 success, 1 the operation failed, 2 bad arguments, 3 no running node answers."},
        subcommands = {StartCommand.class, StatusCommand.class, TaskCommand.class, JobCommand.class, TeeCommand.class,
                NodeCommand.class, ContractCommand.class, ApprovalCommand.class, DatasetCommand.class, PermitsCommand.class,
                DeadLettersCommand.class, DemoCommand.class, BenchCommand.class, Hutong.HelpCommand.class})
public final class Hutong implements Callable<Integer> {

    /** Exit status: success, and help. */
    public static final int OK = 0;
    /** Exit status: the operation failed, was refused, or did not verify. */
    public static final int FAILED = 1;
    /** Exit status: bad arguments; the message and the command's usage go to stderr. */
    public static final int USAGE = 2;
    /** Exit status: no running node answers (no ready file, one left by a dead process, a refused connection). */
    public static final int UNREACHABLE = 3;

    private final Path home;
    private final PrintStream out;

    @Spec
    CommandSpec spec;

    /** The command as the completion script generator sees it: the installation from {@code hutong.home}. */
    public Hutong() {
        this(Path.of(System.getProperty("hutong.home", ".")).toAbsolutePath().normalize(), System.out);
    }

    Hutong(Path home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /** {@code hutong} alone prints the usage, as {@code --help} does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return OK;
    }

    /** @return the installation directory (holds bin/, etc/, data/, lib/) */
    public Path home() {
        return home;
    }

    /** @return where commands print their results */
    public PrintStream out() {
        return out;
    }

    /**
     * Runs one command line.
     *
     * @param home the installation directory
     * @param args the arguments after {@code hutong}
     * @param out  where results and help go
     * @param err  where errors and the usage after a bad argument go
     * @return the exit status: {@link #OK}, {@link #FAILED}, {@link #USAGE} or {@link #UNREACHABLE}
     */
    public static int execute(Path home, String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(home, out, err);
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** @return the whole command tree, printing to {@code out} and {@code err} */
    public static CommandLine commandLine(Path home, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Hutong(home, out));
        // "--dag @dag.json" is a value the command reads itself, not a picocli argument file
        cl.setExpandAtFiles(false);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(110);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Values.register(cl);
        heading(cl);
        // picocli lets --help win over an unknown word ("hutong frobnicate --help" would print the top-level help
        // and exit 0): an unknown word is a usage error wherever it stands
        cl.setExecutionStrategy(parsed -> {
            for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
                if (!p.unmatched().isEmpty() && p.commandSpec().unmatchedArgsBindings().isEmpty()) {
                    throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("hutong: " + message(e));
            if (e instanceof UnmatchedArgumentException u) {
                UnmatchedArgumentException.printSuggestions(u, w);
            }
            e.getCommandLine().usage(w);
            w.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter w = command.getErr();
            boolean start = command.getCommand() instanceof StartCommand;
            if (e instanceof IllegalArgumentException) {
                w.println("hutong: " + describe(e));
                command.usage(w);
                w.flush();
                return USAGE;
            }
            w.println("hutong: " + describe(e));
            w.flush();
            if (e instanceof NodeUnreachableException) {
                return UNREACHABLE;
            }
            if (!start && !(e instanceof IOException || e instanceof IllegalStateException)) {
                // unexpected: the stack trace goes to the log (start logs its own), the operator gets one line
                Logger.getLogger(Hutong.class.getName()).log(Level.SEVERE, start ? "start failed" : "command failed", e);
            }
            return FAILED;
        });
        return cl;
    }

    /** Every command's usage begins {@code usage: hutong …}, as it did before picocli. */
    private static void heading(CommandLine cl) {
        cl.getCommandSpec().usageMessage().synopsisHeading("usage: ");
        for (CommandLine sub : cl.getSubcommands().values()) {
            heading(sub);
        }
    }

    /** @return what was wrong with the arguments, in the words the hand-written parser used */
    static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                return "unknown flag " + first;
            }
            if (!e.getCommandLine().getSubcommands().isEmpty()) {
                List<String> path = new java.util.ArrayList<>(List.of(e.getCommandLine().getCommandSpec().qualifiedName(" ").split(" ")));
                path.remove(0);
                path.add(first);
                return "unknown command '" + String.join(" ", path) + "'";
            }
            return "unexpected argument " + first;
        }
        if (e.getCause() instanceof TypeConversionException t && e.getArgSpec() != null) {
            String name = e.getArgSpec() instanceof OptionSpec o ? o.longestName() : e.getArgSpec().paramLabel();
            // picocli's enum message, in the words of the others: "--curve must be one of [curve25519, sm2], got 'p256'"
            return name + " " + t.getMessage().replaceFirst("^expected one of (.*) \\(case-insensitive\\) but was '(.*)'$",
                    "must be one of $1, got '$2'");
        }
        return e.getMessage();
    }

    /** @return the exception's message, or its kind when it has none (a refused connection has none) */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() || "null".equals(m) ? e.getClass().getSimpleName() : m;
    }

    /** {@code hutong --version}: the launcher jar's version (its manifest), and the JVM. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Hutong.class.getPackage().getImplementationVersion();
            return new String[] {"hutong " + (v == null ? "(development build)" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }

    /** {@code hutong help [COMMAND...]}: the usage of a command, also of a nested one ({@code help contract apply}). */
    @Command(name = "help", helpCommand = true, description = "Show the usage of a command: hutong help contract apply.")
    static final class HelpCommand implements Callable<Integer> {

        @CommandLine.Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command's words")
        List<String> words = List.of();

        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this usage and exit.")
        boolean help;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine target = spec.commandLine().getParent();
            for (String w : words) {
                CommandLine sub = target.getSubcommands().get(w);
                if (sub == null) {
                    throw new ParameterException(target, "unknown command '" + String.join(" ", words) + "'");
                }
                target = sub;
            }
            target.usage(target.getOut());
            return OK;
        }
    }
}
