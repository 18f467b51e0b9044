/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code hutong approval apply|list|pending|approve|reject|terminate|refresh}: dataset authorisations
 * and project, flow, job and model approvals (spec 10 §3-§8), through the admin API.
 */
public final class ApprovalCommand implements CliCommand {

    private final String verb;

    public ApprovalCommand(String verb) {
        this.verb = verb;
    }

    @Override
    public String name() {
        return "approval " + verb;
    }

    @Override
    public String usage() {
        return switch (verb) {
            case "apply" -> "approval apply KIND --peer-node-id ID|--contract-id ID [--FIELD VALUE|@file.json ...] [--body JSON|@file]"
                    + "   KIND = dataset|project|flow|job|model; fields as in the standard (--dataset-id, --dag @dag.json, --conf @conf.json ...)";
            case "list" -> "approval list [--kind KIND] [--role OWNER|REQUESTER] [--status S] [--contract-id ID] [--json]   approvals with status";
            case "pending" -> "approval pending [--json]   incoming applications of every kind waiting for this operator";
            default -> "approval " + verb + " KIND AUDIT_ID   " + switch (verb) {
                case "approve" -> "approve an incoming application (issues a resource permit)";
                case "reject" -> "reject an incoming application";
                case "terminate" -> "revoke an approval (its permit is revoked on both sides)";
                default -> "ask the partner for the status of an own application (fallback)";
            };
        };
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        List<String> args = AdminClient.mutable(argv);
        boolean json = args.remove("--json");
        AdminClient node = AdminClient.from(home, args);
        switch (verb) {
            case "list" -> {
                StringBuilder q = new StringBuilder("v1/admin/audits");
                for (String f : new String[] {"kind", "role", "status", "contract_id"}) {
                    String v = AdminClient.take(args, "--" + f.replace('_', '-'));
                    if (v != null) {
                        q.append(q.indexOf("?") < 0 ? '?' : '&').append(f).append('=').append(java.net.URLEncoder.encode(v, "UTF-8"));
                    }
                }
                if (!args.isEmpty()) {
                    throw new IllegalArgumentException("unexpected argument " + args.get(0));
                }
                return GovernanceCli.print(node.get(q.toString()), json, out, d -> d.forEach(a -> GovernanceCli.auditLine(a, out)));
            }
            case "pending" -> {
                return GovernanceCli.print(node.get("v1/admin/applications"), json, out, d -> d.forEach(a -> out.printf(
                        "%-8s %-38s from %-16s %-24s %s%n", a.path("kind").asText(), a.path("id").asText(),
                        a.path("from_node_id").asText(), a.path("resource_id").asText(), a.path("status").asText())));
            }
            case "apply" -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("KIND is required (dataset, project, flow, job, model)");
                }
                String kind = GovernanceCli.lower(args.remove(0));
                ObjectNode body = GovernanceCli.body(args);
                return GovernanceCli.print(node.post("v1/admin/audits/" + kind, body), json, out, a -> GovernanceCli.auditLine(a, out));
            }
            default -> {
                if (args.size() != 2) {
                    throw new IllegalArgumentException("KIND and AUDIT_ID are required");
                }
                String kind = GovernanceCli.lower(args.get(0));
                return GovernanceCli.print(node.post("v1/admin/audits/" + kind + "/" + args.get(1) + "/" + verb, "{}"), json, out,
                        a -> GovernanceCli.auditLine(a, out));
            }
        }
    }
}
