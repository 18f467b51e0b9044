/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;

import picocli.CommandLine.Command;

/** {@code hutong permits}: resource permits this node issued and holds, with uses and state. */
@Command(name = "permits", description = "Resource permits ISSUED by this node and HELD from partners, with uses and state.")
public final class PermitsCommand extends NodeCall {

    @Override
    public Integer call() throws Exception {
        PrintStream out = out();
        return GovernanceCli.print(node().get("v1/admin/permits"), json, out, d -> d.forEach(p -> out.printf(
                "%-6s %-38s %-8s %-24s to %-12s used %d/%s%s%n", p.path("role").asText(), p.path("token").asText(),
                p.path("resource_type").asText(), p.path("resource_id").asText(), p.path("request_node_id").asText(),
                p.path("times_used").asInt(), p.path("times_limit").isMissingNode() ? "-" : p.path("times_limit").asText(),
                p.path("revoked").asBoolean() ? "  REVOKED" : "")));
    }
}
