/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code hutong deadletters list|replay|discard}: what the node gave up delivering to its peers (every
 * layer's dead-letter list, decision DELIVERY7), through the admin API.
 */
public final class DeadLettersCommand implements CliCommand {

    private final String verb;

    public DeadLettersCommand(String verb) {
        this.verb = verb;
    }

    @Override
    public String name() {
        return "deadletters " + verb;
    }

    @Override
    public String usage() {
        return switch (verb) {
            case "list" -> "deadletters list [--peer NODE] [--layer transport|management] [--json]   what was given up delivering, oldest first";
            case "replay" -> "deadletters replay ID... | --peer NODE [--layer L]   queue dead letters again (a peer's: all, oldest first)";
            default -> "deadletters discard ID...   forget dead letters for good";
        };
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        List<String> args = AdminClient.mutable(argv);
        boolean json = args.remove("--json");
        AdminClient node = AdminClient.from(home, args);
        String peer = AdminClient.take(args, "--peer");
        String layer = AdminClient.take(args, "--layer");
        for (String a : args) {
            if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            }
        }
        switch (verb) {
            case "list" -> {
                if (!args.isEmpty()) {
                    throw new IllegalArgumentException("unexpected argument " + args.get(0));
                }
                return GovernanceCli.print(node.get("v1/admin/dead-letters" + query(layer, peer)), json, out, d -> {
                    if (d.isEmpty()) {
                        out.println("no dead letters");
                    }
                    d.forEach(l -> line(l, out));
                });
            }
            case "replay" -> {
                if (args.isEmpty() == (peer == null)) {
                    throw new IllegalArgumentException("give either dead-letter ids or --peer NODE");
                }
                if (peer != null) {
                    AdminClient.Reply r = node.post("v1/admin/dead-letters/replay" + query(layer, peer), java.util.Map.of());
                    return GovernanceCli.print(r, json, out, d -> {
                        out.println("replayed " + d.path("replayed").size() + " dead letter(s) to node " + peer);
                        d.path("refused").forEach(x -> out.println("not replayed: " + x.asText()));
                    }) == 0 && r.data().path("refused").isEmpty() ? 0 : 1;
                }
                return each(args, id -> node.post("v1/admin/dead-letters/" + enc(id) + "/replay", java.util.Map.of()), "replayed", json, out);
            }
            default -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("give the ids of the dead letters to discard");
                }
                return each(args, id -> node.delete("v1/admin/dead-letters/" + enc(id)), "discarded", json, out);
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        AdminClient.Reply run(String id) throws Exception;
    }

    private static int each(List<String> ids, Call call, String done, boolean json, PrintStream out) throws Exception {
        int status = 0;
        for (String id : ids) {
            int s = GovernanceCli.print(call.run(id), json, out, d -> out.println(done + " " + id));
            status = Math.max(status, s);
        }
        return status;
    }

    private static void line(JsonNode l, PrintStream out) {
        out.printf("%-42s %-10s %-12s %-12s %3d  %s%n    %s: %s%n", l.path("id").asText(), l.path("layer").asText(),
                l.path("peer").asText(), l.path("code").asText(), l.path("attempts").asInt(), l.path("dead_at").asText(),
                l.path("what").asText(), l.path("reason").asText());
    }

    private static String query(String layer, String peer) {
        StringBuilder q = new StringBuilder();
        if (peer != null) {
            q.append(q.length() == 0 ? '?' : '&').append("peer=").append(enc(peer));
        }
        if (layer != null) {
            q.append(q.length() == 0 ? '?' : '&').append("layer=").append(enc(layer));
        }
        return q.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
