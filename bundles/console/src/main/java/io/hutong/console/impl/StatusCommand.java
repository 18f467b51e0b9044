/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.console.impl;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo shell command {@code hutong:status}: the node's layers and health as text. */
@Component(service = StatusCommand.class, property = {"osgi.command.scope=hutong", "osgi.command.function=status"})
public class StatusCommand {

    @Reference
    NodeStatus status;

    /** Prints node id, overall status, each health check and any bundle that is not active. */
    @SuppressWarnings("unchecked")
    public String status() {
        Map<String, Object> s = status.snapshot();
        StringBuilder out = new StringBuilder();
        out.append("node ").append(s.get("node_id")).append(": ").append(s.get("status")).append(", ")
                .append(s.get("bundles_active")).append('/').append(s.get("bundles_total")).append(" bundles active\n");
        ((Map<String, List<Map<String, Object>>>) s.get("health")).forEach((layer, rows) -> rows.forEach(r ->
                out.append(String.format("  %-10s %-16s %-8s %s%n", layer, r.get("name"), r.get("state"), r.get("message")))));
        ((List<Map<String, Object>>) s.get("system_ready")).forEach(r -> out.append(String.format("  %-10s %-30s %-8s %s%n",
                "ready", r.get("name"), r.get("status"), String.join("; ", (List<String>) r.get("messages")))));
        ((Map<String, List<Map<String, Object>>>) s.get("layers")).forEach((layer, rows) -> rows.stream()
                .filter(r -> !"ACTIVE".equals(r.get("state"))
                        && !(Boolean.TRUE.equals(r.get("fragment")) && "RESOLVED".equals(r.get("state"))))
                .forEach(r -> out.append(String.format("  not active: %s %s %s%n", r.get("symbolic_name"), r.get("version"), r.get("state")))));
        return out.toString();
    }
}
