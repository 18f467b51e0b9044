/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code hutong node}: this node as partners see it (node id, address, institution, credential type). */
public final class NodeCommand implements CliCommand {

    @Override
    public String name() {
        return "node";
    }

    @Override
    public String usage() {
        return "node [--json]   show this node: id, east-west address, institution, auth_type";
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        List<String> args = AdminClient.mutable(argv);
        boolean json = args.remove("--json");
        AdminClient node = AdminClient.from(home, args);
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + args.get(0));
        }
        return GovernanceCli.print(node.get("v1/admin/node"), json, out, d -> out.printf(
                "node %s at %s%n  institution %s (inst_id %s), system %s %s, auth_type %s%n", d.path("node_id").asText(),
                d.path("address").asText(), d.path("institution").asText(), d.path("inst_id").asText(), d.path("system").asText(),
                d.path("system_version").asText(), d.path("auth_type").asText()));
    }
}
