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
 * {@code hutong contract apply|list|approve|reject|terminate|refresh}: cooperation contracts with
 * partner nodes (spec 10 §2), through the admin API.
 */
public final class ContractCommand implements CliCommand {

    private final String verb;

    public ContractCommand(String verb) {
        this.verb = verb;
    }

    @Override
    public String name() {
        return "contract " + verb;
    }

    @Override
    public String usage() {
        return switch (verb) {
            case "apply" -> "contract apply --peer-address URL --peer-node-id ID [--expired-time MS]   ask a partner for a contract";
            case "list" -> "contract list [--json]   contracts with role and status";
            default -> "contract " + verb + " CONTRACT_ID   " + switch (verb) {
                case "approve" -> "approve a partner's application (the confirm carries this node's key)";
                case "reject" -> "reject a partner's application";
                case "terminate" -> "dissolve an approved contract and end every approval under it (both sides)";
                default -> "ask the partner for the status (fallback when its confirm was lost)";
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
                if (!args.isEmpty()) {
                    throw new IllegalArgumentException("unexpected argument " + args.get(0));
                }
                return GovernanceCli.print(node.get("v1/admin/contracts"), json, out, d -> d.forEach(c -> GovernanceCli.contractLine(c, out)));
            }
            case "apply" -> {
                ObjectNode body = GovernanceCli.body(args);
                if (!body.has("peer_address") || !body.has("peer_node_id")) {
                    throw new IllegalArgumentException("--peer-address and --peer-node-id are required");
                }
                return GovernanceCli.print(node.post("v1/admin/contracts", body), json, out, c -> GovernanceCli.contractLine(c, out));
            }
            default -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("CONTRACT_ID is required");
                }
                String id = args.remove(0);
                ObjectNode body = GovernanceCli.body(args);
                AdminClient.Reply r = node.post("v1/admin/contracts/" + id + "/" + verb, body);
                return GovernanceCli.print(r, json, out, c -> {
                    if (c.has("role")) {
                        GovernanceCli.contractLine(c, out);
                    } else {
                        out.println("contract " + id + ": here " + c.path("local_status").asText() + ", at the partner "
                                + c.path("remote_status").asText());
                    }
                });
            }
        }
    }
}
