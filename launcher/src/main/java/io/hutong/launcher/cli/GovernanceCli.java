/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the governance commands share: turning flags into a JSON body and printing the admin API's answers. */
final class GovernanceCli {

    private GovernanceCli() {
    }

    /**
     * Turns the remaining {@code --flag value} pairs into JSON fields: {@code --flow-id x} becomes
     * {@code "flow_id":"x"}; a value {@code @file.json} is read as JSON; {@code --body JSON|@file} gives a whole body.
     */
    static ObjectNode body(List<String> args) throws IOException {
        ObjectNode b = Jackson.MAPPER.createObjectNode();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args.get(++i);
            String field = a.substring(2).replace('-', '_');
            JsonNode value = v.startsWith("@") ? Jackson.MAPPER.readTree(Files.readString(Path.of(v.substring(1))))
                    : v.matches("-?\\d{1,18}") && !field.endsWith("_id") && !field.equals("name") ? Jackson.MAPPER.getNodeFactory().numberNode(Long.parseLong(v))
                    : v.equals("true") || v.equals("false") ? Jackson.MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(v))
                    : v.strip().startsWith("{") || v.strip().startsWith("[") ? Jackson.MAPPER.readTree(v)
                    : Jackson.MAPPER.getNodeFactory().textNode(v);
            if (field.equals("body")) {
                if (!value.isObject()) {
                    throw new IllegalArgumentException("--body must be a JSON object");
                }
                value.fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue()));
            } else {
                b.set(field, value);
            }
        }
        return b;
    }

    /** Prints a failed reply and returns exit status 1, or prints {@code data} as JSON or via {@code table}. */
    static int print(AdminClient.Reply r, boolean json, PrintStream out, java.util.function.Consumer<JsonNode> table) throws IOException {
        if (!r.ok()) {
            out.println("failed: " + r.status() + " " + r.msg());
            return 1;
        }
        if (json) {
            out.println(AdminClient.pretty(r.data()));
        } else {
            table.accept(r.data());
        }
        return 0;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static void contractLine(JsonNode c, PrintStream out) {
        out.printf("%-38s %-9s %-16s %-10s %s%n", c.path("contract_id").asText(), c.path("role").asText(),
                c.path("peer_node_id").asText(), c.path("status").asText(), c.path("peer_address").asText());
    }

    static void auditLine(JsonNode a, PrintStream out) {
        out.printf("%-8s %-38s %-9s %-16s %-24s %s%n", a.path("kind").asText(), a.path("audit_id").asText(), a.path("role").asText(),
                a.path("peer_node_id").asText(), a.path("resource_id").asText(), a.path("status").asText()
                        + (a.path("permit_awaited").asBoolean() ? " (permit awaited: the partner's confirm brings it)" : ""));
    }
}
