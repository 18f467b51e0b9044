/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hutong.launcher.cli.CliCommand;
import io.hutong.launcher.cli.Commands;
import io.hutong.launcher.log.LogOptions;
import io.hutong.launcher.log.NodeLogging;

/** The {@code bin/hutong} command line: {@code start} runs a node in the foreground. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("hutong.home", ".")).toAbsolutePath().normalize();
        int code = run(home, args, System.out, System.err);
        flushLogs();
        System.exit(code);
    }

    /**
     * Runs one command line. {@code start} returns only if the node fails to start (the shutdown hook
     * ends the process); every other command returns its exit status.
     *
     * @return 0 success (and help), 1 the operation failed, 2 bad arguments or unknown command
     */
    static int run(Path home, String[] args, PrintStream out, PrintStream err) {
        List<String> all = Arrays.asList(args);
        String command = args.length == 0 ? "help" : args[0];
        var other = Commands.find(all);
        try {
            if (List.of("help", "--help", "-h").contains(command)) {
                // "hutong help contract apply" is "hutong contract apply --help"
                return args.length > 1 ? help(all.subList(1, all.size()), out, err) : usage(out, 0);
            }
            if (asksForHelp(all)) {
                return help(all, out, err);
            }
            if ("start".equals(command)) {
                return start(home, all.subList(1, all.size()));
            }
            if (other.isPresent()) {
                return other.get().command().run(home, all.subList(other.get().words(), all.size()), out);
            }
            err.println("hutong: unknown command '" + (group(all).isEmpty() ? command : String.join(" ", group(all))) + "'");
            err.print(usage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("hutong: " + e.getMessage());
            err.print("start".equals(command) ? NodeSettings.USAGE
                    : other.isPresent() ? "usage: hutong " + other.get().command().usage() + "\n" : usage());
            return 2;
        } catch (IOException | IllegalStateException e) {
            // expected failures (no node, a node that does not answer, a port in use): one line, no stack trace
            err.println("hutong: " + describe(e));
            if ("start".equals(command)) {
                Logger.getLogger(Main.class.getName()).severe("start failed: " + describe(e));
            }
            return 1;
        } catch (Exception e) {
            err.println("hutong: " + describe(e));
            Logger.getLogger(Main.class.getName()).log(Level.SEVERE, "start".equals(command) ? "start failed" : "command failed", e);
            return 1;
        }
    }

    /** @return whether {@code --help} or {@code -h} is among the arguments of a command */
    static boolean asksForHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /**
     * Prints the usage of the command {@code words} names ({@code start}, {@code contract apply}), or of
     * every command of a group ({@code contract}, {@code tee}); any {@code --help}/{@code -h} in them is ignored.
     *
     * @return 0, or 2 when no command has those words
     */
    private static int help(List<String> words, PrintStream out, PrintStream err) {
        List<String> w = group(words);
        if (w.isEmpty()) {
            return usage(out, 0);
        }
        if (w.get(0).equals("start")) {
            out.print(NodeSettings.USAGE);
            return 0;
        }
        var match = Commands.find(w);
        if (match.isPresent()) {
            out.println("usage: hutong " + match.get().command().usage());
            return 0;
        }
        StringBuilder u = new StringBuilder();
        for (CliCommand c : Commands.ALL) {
            List<String> name = List.of(c.name().split(" "));
            if (name.size() > w.size() && name.subList(0, w.size()).equals(w)) {
                u.append(u.length() == 0 ? "usage: hutong " : "       hutong ").append(c.usage()).append('\n');
            }
        }
        if (u.length() == 0) {
            err.println("hutong: unknown command '" + String.join(" ", w) + "'");
            err.print(usage());
            return 2;
        }
        out.print(u);
        return 0;
    }

    /** @return the leading words of {@code args}, up to the first flag */
    private static List<String> group(List<String> args) {
        List<String> w = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-")) {
                break;
            }
            w.add(a);
        }
        return w;
    }

    private static int usage(PrintStream out, int code) {
        out.print(usage());
        return code;
    }

    /** @return the exception's message, or its kind when it has none (a refused connection has none) */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() || "null".equals(m) ? e.getClass().getSimpleName() : m;
    }

    private static String usage() {
        StringBuilder u = new StringBuilder(NodeSettings.USAGE);
        for (CliCommand c : Commands.ALL) {
            u.append("       hutong ").append(c.usage()).append('\n');
        }
        u.append("  hutong COMMAND --help shows the usage of one command.\n");
        return u.toString();
    }

    private static int start(Path home, List<String> args) throws Exception {
        NodeSettings settings = NodeSettings.from(home, args);
        NodeLogging.configure(settings.logs(), LogOptions.from(settings.home(), System.getenv()));
        NodeRuntime node = new NodeRuntime(settings);
        Object stopped = new Object();
        Thread hook = new Thread(() -> {
            // SIGTERM / Ctrl-C: stop bundles in order so the database closes and ports are released,
            // then leave with status 0 - stopping on request is a clean exit.
            try {
                node.close();
                Logger.getLogger(Main.class.getName()).info("node stopped");
            } catch (Exception e) {
                Logger.getLogger(Main.class.getName()).log(Level.SEVERE, "stop failed", e);
            }
            flushLogs();
            Runtime.getRuntime().halt(0);
        }, "hutong-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            node.start(Duration.ofSeconds(Long.getLong("hutong.ready.timeout", 120)));
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            node.close();
            throw e;
        }
        String line = "Hutong node " + node.nodeId() + " ready in " + node.readyMs() + " ms";
        System.out.println(line);
        Logger.getLogger(Main.class.getName()).info(line + " (east-west port " + settings.eastWestPort()
                + ", admin port " + settings.adminPort() + ", data " + settings.data() + ")");
        synchronized (stopped) {
            stopped.wait(); // the shutdown hook ends the process
        }
        return 0;
    }

    private static void flushLogs() {
        NodeLogging.flush();
    }
}
