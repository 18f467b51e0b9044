/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;

/** {@code hutong status}: the running node's layers and health, from {@code GET /v1/admin/status}. */
@Command(name = "status", description = "Show the running node's bundles per layer and health (exit 1 when it is not UP).")
public final class StatusCommand extends NodeCall {

    @Override
    public Integer call() throws Exception {
        PrintStream out = out();
        AdminClient.Reply r = node().get("v1/admin/status");
        if (!r.ok()) {
            out.println("status failed: " + r.status() + " " + r.msg());
            return 1;
        }
        JsonNode d = r.data();
        if (json) {
            out.println(AdminClient.pretty(d));
            return 0;
        }
        out.printf("node %s: %s, %d/%d bundles active%n", d.path("node_id").asText(), d.path("status").asText(),
                d.path("bundles_active").asInt(), d.path("bundles_total").asInt());
        d.path("health").fields().forEachRemaining(layer -> layer.getValue().forEach(h ->
                out.printf("  %-10s %-16s %-8s %s%n", layer.getKey(), h.path("name").asText(),
                        h.path("state").asText(), h.path("message").asText())));
        return "UP".equals(d.path("status").asText()) ? 0 : 1;
    }
}
