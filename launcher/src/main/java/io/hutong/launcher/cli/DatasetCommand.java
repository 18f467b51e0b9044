/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code hutong dataset publish|edit|list|peer}: datasets this node publishes (CSV files under
 * data/, column metadata inferred and editable) and a partner's published datasets.
 */
public final class DatasetCommand implements CliCommand {

    private final String verb;

    public DatasetCommand(String verb) {
        this.verb = verb;
    }

    @Override
    public String name() {
        return "dataset " + verb;
    }

    @Override
    public String usage() {
        return switch (verb) {
            case "publish" -> "dataset publish FILE [--dataset-id ID] [--name N] [--description D] [--public true] [--join-columns c1,c2]"
                    + " [--column-metas JSON|@file]   register a CSV under data/ (columns inferred)";
            case "edit" -> "dataset edit DATASET_ID [--public true|false] [--name N] [--description D] [--column-metas JSON|@file]";
            case "list" -> "dataset list [--json]   datasets this node publishes";
            default -> "dataset peer NODE_ID [DATASET_ID] [--json]   a partner's public datasets (or one, with its columns)";
        };
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        List<String> args = AdminClient.mutable(argv);
        boolean json = args.remove("--json");
        AdminClient node = AdminClient.from(home, args);
        switch (verb) {
            case "list" -> {
                return GovernanceCli.print(node.get("v1/admin/datasets"), json, out, d -> d.forEach(x -> line(x, out)));
            }
            case "peer" -> {
                if (args.isEmpty() || args.size() > 2) {
                    throw new IllegalArgumentException("NODE_ID [DATASET_ID] expected");
                }
                String path = "v1/admin/peers/" + args.get(0) + "/datasets" + (args.size() == 2 ? "?id=" + args.get(1) : "");
                return GovernanceCli.print(node.get(path), json, out, d -> {
                    if (d.has("records")) {
                        d.path("records").forEach(x -> line(x, out));
                    } else {
                        line(d, out);
                        d.path("column_metas").forEach(c -> out.printf("    %-20s %-8s %s%n", c.path("name").asText(),
                                c.path("data_type").asText(), c.path("distribution").asText()));
                    }
                });
            }
            default -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException(verb.equals("publish") ? "FILE is required" : "DATASET_ID is required");
                }
                String first = args.remove(0);
                ObjectNode body = GovernanceCli.body(args);
                AdminClient.Reply r;
                if (verb.equals("publish")) {
                    body.put("file", first);
                    r = node.post("v1/admin/datasets", body);
                } else {
                    r = node.put("v1/admin/datasets/" + first, body);
                }
                return GovernanceCli.print(r, json, out, d -> {
                    line(d, out);
                    d.path("column_metas").forEach(c -> out.printf("    %-20s %-8s %s%n", c.path("name").asText(),
                            c.path("data_type").asText(), c.path("distribution").asText()));
                });
            }
        }
    }

    private static void line(JsonNode d, PrintStream out) {
        out.printf("%-24s %-24s %8d rows  %s%s%n", d.path("dataset_id").asText(), d.path("name").asText(), d.path("count").asLong(),
                d.has("public") ? (d.path("public").asBoolean() ? "public" : "private") : "", d.path("owner").isMissingNode() ? ""
                        : "  owner " + d.path("owner").asText());
    }
}
