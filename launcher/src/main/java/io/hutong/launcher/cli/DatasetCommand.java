/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hutong dataset publish|edit|list|peer}: datasets this node publishes (CSV files under
 * data/, column metadata inferred and editable) and a partner's published datasets.
 */
@Command(name = "dataset", description = "Datasets this node publishes, and a partner's published datasets.",
        subcommands = {DatasetCommand.Publish.class, DatasetCommand.Edit.class, DatasetCommand.ListDatasets.class,
                DatasetCommand.Peer.class})
public final class DatasetCommand extends Subcommand.Group {

    /** The fields publish and edit share; each given one becomes a field of the body, typed as before (decision CLI4). */
    abstract static class Fields extends NodeCall {
        @Option(names = "--name", paramLabel = "N")
        String name;
        @Option(names = "--description", paramLabel = "D")
        String description;
        @Option(names = "--category", paramLabel = "C")
        String category;
        @Option(names = "--public", paramLabel = "true|false", arity = "1", description = "Whether partners see it in the catalog.")
        Boolean visible;
        @Option(names = "--join-columns", paramLabel = "c1,c2")
        String joinColumns;
        @Option(names = "--label-columns", paramLabel = "c1,c2")
        String labelColumns;
        @Option(names = "--column-metas", paramLabel = "JSON|@file", description = "Column metadata overriding the inferred.")
        String columnMetas;

        ObjectNode body(String... more) throws java.io.IOException {
            List<String> pairs = new ArrayList<>(List.of(more));
            String[][] given = {{"--name", name}, {"--description", description}, {"--category", category},
                    {"--public", visible == null ? null : visible.toString()}, {"--join-columns", joinColumns},
                    {"--label-columns", labelColumns}, {"--column-metas", columnMetas}};
            for (String[] g : given) {
                if (g[1] != null) {
                    pairs.addAll(List.of(g[0], g[1]));
                }
            }
            return GovernanceCli.body(pairs);
        }

        int print(AdminClient.Reply r) throws java.io.IOException {
            PrintStream out = out();
            return GovernanceCli.print(r, json, out, d -> {
                line(d, out);
                columns(d, out);
            });
        }
    }

    /** {@code dataset publish}. */
    @Command(name = "publish", description = "Register a CSV under data/ (columns inferred).")
    static final class Publish extends Fields {
        @Parameters(paramLabel = "FILE", description = "The CSV, relative to the node's data directory.")
        String file;
        @Option(names = "--dataset-id", paramLabel = "ID", description = "Its id (default: from the file name).")
        String datasetId;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = datasetId == null ? body() : body("--dataset-id", datasetId);
            body.put("file", file);
            return print(node().post("v1/admin/datasets", body));
        }
    }

    /** {@code dataset edit}. */
    @Command(name = "edit", description = "Change a published dataset's visibility, name, description or columns.")
    static final class Edit extends Fields {
        @Parameters(paramLabel = "DATASET_ID")
        String id;

        @Override
        public Integer call() throws Exception {
            return print(node().put("v1/admin/datasets/" + id, body()));
        }
    }

    /** {@code dataset list}. */
    @Command(name = "list", description = "Datasets this node publishes.")
    static final class ListDatasets extends NodeCall {
        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().get("v1/admin/datasets"), json, out, d -> d.forEach(x -> line(x, out)));
        }
    }

    /** {@code dataset peer}. */
    @Command(name = "peer", description = "A partner's public datasets (or one, with its columns).")
    static final class Peer extends NodeCall {
        @Parameters(index = "0", paramLabel = "NODE_ID")
        String peer;
        @Parameters(index = "1", paramLabel = "DATASET_ID", arity = "0..1")
        String id;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            String path = "v1/admin/peers/" + peer + "/datasets" + (id == null ? "" : "?id=" + id);
            return GovernanceCli.print(node().get(path), json, out, d -> {
                if (d.has("records")) {
                    d.path("records").forEach(x -> line(x, out));
                } else {
                    line(d, out);
                    columns(d, out);
                }
            });
        }
    }

    private static void columns(JsonNode d, PrintStream out) {
        d.path("column_metas").forEach(c -> out.printf("    %-20s %-8s %s%n", c.path("name").asText(),
                c.path("data_type").asText(), c.path("distribution").asText()));
    }

    private static void line(JsonNode d, PrintStream out) {
        out.printf("%-24s %-24s %8d rows  %s%s%n", d.path("dataset_id").asText(), d.path("name").asText(), d.path("count").asLong(),
                d.has("public") ? (d.path("public").asBoolean() ? "public" : "private") : "", d.path("owner").isMissingNode() ? ""
                        : "  owner " + d.path("owner").asText());
    }
}
