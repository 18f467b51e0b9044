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

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code hutong approval apply|list|pending|approve|reject|terminate|refresh}: dataset authorisations
 * and project, flow, job and model approvals (spec 10 §3-§8), through the admin API.
 */
@Command(name = "approval", description = "Dataset authorisations and project, flow, job and model approvals.",
        subcommands = {ApprovalCommand.Apply.class, ApprovalCommand.ListApprovals.class, ApprovalCommand.Pending.class,
                ApprovalCommand.Approve.class, ApprovalCommand.Reject.class, ApprovalCommand.Terminate.class,
                ApprovalCommand.Refresh.class})
public final class ApprovalCommand extends Subcommand.Group {

    /** What an approval is of (the admin API's path segment). */
    enum Kind { dataset, project, flow, job, model }

    /** Which side of an approval this node is. */
    enum Role { OWNER, REQUESTER }

    /** {@code approval apply}. */
    @Command(name = "apply", description = {"Apply to a partner for an approval.",
            "Any other --FIELD VALUE becomes a field of the standard's application (--dataset-id, --times-limit,",
            "--dag @dag.json, --conf @conf.json …): dashes become underscores, a value @file.json is read as JSON,",
            "numbers, true/false and JSON text keep their type."})
    static final class Apply extends NodeCall {
        @Parameters(paramLabel = "KIND", description = "dataset, project, flow, job or model.")
        Kind kind;
        @Option(names = "--peer-node-id", paramLabel = "ID", description = "The partner (or --contract-id).")
        String peerNodeId;
        @Option(names = "--contract-id", paramLabel = "ID", description = "The contract to apply under.")
        String contractId;
        @Option(names = "--body", paramLabel = "JSON|@file", description = "A whole application as a JSON object.")
        String body;
        // the standard's fields, as many as the kind has (decision CLI4)
        @Unmatched
        List<String> fields = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            List<String> pairs = new ArrayList<>();
            if (body != null) {
                pairs.addAll(List.of("--body", body));
            }
            if (peerNodeId != null) {
                pairs.addAll(List.of("--peer-node-id", peerNodeId));
            }
            if (contractId != null) {
                pairs.addAll(List.of("--contract-id", contractId));
            }
            pairs.addAll(fields);
            ObjectNode b = GovernanceCli.body(pairs);
            return GovernanceCli.print(node().post("v1/admin/audits/" + kind, b), json, out, a -> GovernanceCli.auditLine(a, out));
        }
    }

    /** {@code approval list}. */
    @Command(name = "list", description = "Approvals with status.")
    static final class ListApprovals extends NodeCall {
        @Option(names = "--kind", paramLabel = "KIND", description = "dataset, project, flow, job or model.")
        Kind kind;
        @Option(names = "--role", paramLabel = "OWNER|REQUESTER", description = "This node's side.")
        Role role;
        @Option(names = "--status", paramLabel = "S", description = "e.g. PENDING, APPROVED, REJECTED, TERMINATED.")
        String status;
        @Option(names = "--contract-id", paramLabel = "ID")
        String contractId;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            StringBuilder q = new StringBuilder("v1/admin/audits");
            String[][] filters = {{"kind", kind == null ? null : kind.name()}, {"role", role == null ? null : role.name()},
                    {"status", status}, {"contract_id", contractId}};
            for (String[] f : filters) {
                if (f[1] != null) {
                    q.append(q.indexOf("?") < 0 ? '?' : '&').append(f[0]).append('=').append(URLEncoder.encode(f[1], StandardCharsets.UTF_8));
                }
            }
            return GovernanceCli.print(node().get(q.toString()), json, out, d -> d.forEach(a -> GovernanceCli.auditLine(a, out)));
        }
    }

    /** {@code approval pending}. */
    @Command(name = "pending", description = "Incoming applications of every kind waiting for this operator.")
    static final class Pending extends NodeCall {
        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().get("v1/admin/applications"), json, out, d -> d.forEach(a -> out.printf(
                    "%-8s %-38s from %-16s %-24s %s%n", a.path("kind").asText(), a.path("id").asText(),
                    a.path("from_node_id").asText(), a.path("resource_id").asText(), a.path("status").asText())));
        }
    }

    /** What approve, reject, terminate and refresh share. */
    abstract static class Decision extends NodeCall {
        @Parameters(index = "0", paramLabel = "KIND", description = "dataset, project, flow, job or model.")
        Kind kind;
        @Parameters(index = "1", paramLabel = "AUDIT_ID")
        String id;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().post("v1/admin/audits/" + kind + "/" + id + "/" + spec.name(), "{}"), json, out,
                    a -> GovernanceCli.auditLine(a, out));
        }
    }

    /** {@code approval approve}. */
    @Command(name = "approve", description = "Approve an incoming application (issues a resource permit).")
    static final class Approve extends Decision {
    }

    /** {@code approval reject}. */
    @Command(name = "reject", description = "Reject an incoming application.")
    static final class Reject extends Decision {
    }

    /** {@code approval terminate}. */
    @Command(name = "terminate", description = "Revoke an approval (its permit is revoked on both sides).")
    static final class Terminate extends Decision {
    }

    /** {@code approval refresh}. */
    @Command(name = "refresh", description = "Ask the partner for the status of an own application (fallback).")
    static final class Refresh extends Decision {
    }
}
