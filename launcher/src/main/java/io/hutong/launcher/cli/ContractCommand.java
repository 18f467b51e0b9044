/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.PrintStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hutong contract apply|list|approve|reject|terminate|refresh}: cooperation contracts with
 * partner nodes (spec 10 §2), through the admin API.
 */
@Command(name = "contract", description = "Cooperation contracts with partner nodes.",
        subcommands = {ContractCommand.Apply.class, ContractCommand.ListContracts.class, ContractCommand.Approve.class,
                ContractCommand.Reject.class, ContractCommand.Terminate.class, ContractCommand.Refresh.class})
public final class ContractCommand extends Subcommand.Group {

    /** {@code contract apply}. */
    @Command(name = "apply", description = "Ask a partner for a contract.")
    static final class Apply extends NodeCall {
        @Option(names = "--peer-address", paramLabel = "URL", required = true, description = "The partner's east-west address.")
        String peerAddress;
        @Option(names = "--peer-node-id", paramLabel = "ID", required = true, description = "The partner's node id.")
        String peerNodeId;
        @Option(names = "--expired-time", paramLabel = "MS", description = "When the contract expires (epoch milliseconds).")
        Long expiredTime;

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            ObjectNode body = Jackson.MAPPER.createObjectNode().put("peer_address", peerAddress).put("peer_node_id", peerNodeId);
            if (expiredTime != null) {
                body.put("expired_time", expiredTime);
            }
            return GovernanceCli.print(node().post("v1/admin/contracts", body), json, out, c -> GovernanceCli.contractLine(c, out));
        }
    }

    /** {@code contract list}. */
    @Command(name = "list", description = "Contracts with role and status.")
    static final class ListContracts extends NodeCall {
        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            return GovernanceCli.print(node().get("v1/admin/contracts"), json, out, d -> d.forEach(c -> GovernanceCli.contractLine(c, out)));
        }
    }

    /** What approve, reject, terminate and refresh share: the contract id and the call. */
    abstract static class Decision extends NodeCall {
        @Parameters(paramLabel = "CONTRACT_ID")
        String id;

        /** @return the body of the call */
        ObjectNode body() {
            return Jackson.MAPPER.createObjectNode();
        }

        @Override
        public Integer call() throws Exception {
            PrintStream out = out();
            AdminClient.Reply r = node().post("v1/admin/contracts/" + id + "/" + spec.name(), body());
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

    /** {@code contract approve}. */
    @Command(name = "approve", description = "Approve a partner's application (the confirm carries this node's key).")
    static final class Approve extends Decision {
        @Option(names = "--expired-time", paramLabel = "MS", description = "When the contract expires (epoch milliseconds).")
        Long expiredTime;

        @Override
        ObjectNode body() {
            ObjectNode b = super.body();
            if (expiredTime != null) {
                b.put("expired_time", expiredTime);
            }
            return b;
        }
    }

    /** {@code contract reject}. */
    @Command(name = "reject", description = "Reject a partner's application.")
    static final class Reject extends Decision {
    }

    /** {@code contract terminate}. */
    @Command(name = "terminate", description = "Dissolve an approved contract and end every approval under it (both sides).")
    static final class Terminate extends Decision {
    }

    /** {@code contract refresh}. */
    @Command(name = "refresh", description = "Ask the partner for the status (fallback when its confirm was lost).")
    static final class Refresh extends Decision {
    }
}
