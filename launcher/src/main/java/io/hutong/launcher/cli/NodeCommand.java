/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;

import picocli.CommandLine.Command;

/** {@code hutong node}: this node as partners see it (node id, address, institution, credential type). */
@Command(name = "node", description = "Show this node: id, east-west address, institution, auth_type.")
public final class NodeCommand extends NodeCall {

    @Override
    public Integer call() throws Exception {
        PrintStream out = out();
        return GovernanceCli.print(node().get("v1/admin/node"), json, out, d -> out.printf(
                "node %s at %s%n  institution %s (inst_id %s), system %s %s, auth_type %s%n", d.path("node_id").asText(),
                d.path("address").asText(), d.path("institution").asText(), d.path("inst_id").asText(), d.path("system").asText(),
                d.path("system_version").asText(), d.path("auth_type").asText()));
    }
}
