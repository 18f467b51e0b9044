/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hutong deadletters list|replay|discard} (also {@code dead-letters}): what the node gave up delivering to its peers (every
 * layer's dead-letter list, decision DELIVERY7), through the admin API.
 */
@Command(name = "deadletters", aliases = "dead-letters", description = "What the node gave up delivering to its peers.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Replay.class, DeadLettersCommand.Discard.class})
public final class DeadLettersCommand extends Subcommand.Group {

    /** The layers that keep dead letters. */
    enum Layer { transport, management }

    /** {@code deadletters list}. */
    @Command(name = "list", description = "What was given up delivering, oldest first.")
    static final class ListLetters extends NodeCall {
        @Option(names = "--peer", paramLabel = "NODE", description = "Only those to this node.")
        String peer;
        @Option(names = "--layer", paramLabel = "transport|management", description = "Only those of this layer.")
        Layer layer;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().get("v1/admin/dead-letters" + query(layer, peer)), json, out, d -> {
                if (d.isEmpty()) {
                    out.println("no dead letters");
                }
                d.forEach(l -> line(l, out));
            });
        }
    }

    /** {@code deadletters replay}. */
    @Command(name = "replay", description = "Queue dead letters again: the ones named, or all of a peer's (oldest first).")
    static final class Replay extends NodeCall {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "The dead letters (or --peer).")
        List<String> ids = new ArrayList<>();
        @Option(names = "--peer", paramLabel = "NODE", description = "Every dead letter to this node.")
        String peer;
        @Option(names = "--layer", paramLabel = "transport|management", description = "With --peer: only this layer's.")
        Layer layer;

        @Override
        public Integer call() throws Exception {
            if (ids.isEmpty() == (peer == null)) {
                throw new IllegalArgumentException("give either dead-letter ids or --peer NODE");
            }
            PrintStream out = out();
            AdminClient node = node();
            if (peer != null) {
                AdminClient.Reply r = node.post("v1/admin/dead-letters/replay" + query(layer, peer), java.util.Map.of());
                return GovernanceCli.print(r, json, out, d -> {
                    out.println("replayed " + d.path("replayed").size() + " dead letter(s) to node " + peer);
                    d.path("refused").forEach(x -> out.println("not replayed: " + x.asText()));
                }) == 0 && r.data().path("refused").isEmpty() ? 0 : 1;
            }
            return each(ids, id -> node.post("v1/admin/dead-letters/" + enc(id) + "/replay", java.util.Map.of()), "replayed", json, out);
        }
    }

    /** {@code deadletters discard}. */
    @Command(name = "discard", description = "Forget dead letters for good.")
    static final class Discard extends NodeCall {
        @Parameters(paramLabel = "ID", arity = "1..*")
        List<String> ids;

        @Override
        public Integer call() throws Exception {
            AdminClient node = node();
            return each(ids, id -> node.delete("v1/admin/dead-letters/" + enc(id)), "discarded", json, out());
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

    private static String query(Layer layer, String peer) {
        StringBuilder q = new StringBuilder();
        if (peer != null) {
            q.append(q.length() == 0 ? '?' : '&').append("peer=").append(enc(peer));
        }
        if (layer != null) {
            q.append(q.length() == 0 ? '?' : '&').append("layer=").append(enc(layer.name()));
        }
        return q.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
