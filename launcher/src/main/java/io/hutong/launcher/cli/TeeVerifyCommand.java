/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code hutong tee verify}: verifies a UnifiedAttestationReport with the running node's platform
 * verifiers and evaluates a policy over it ({@code POST /v1/admin/tee/verify}); prints the verdict and
 * the extracted attributes. Exit 0 only when the evidence verified and the policy passed.
 */
public final class TeeVerifyCommand implements CliCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "tee verify";
    }

    @Override
    public String usage() {
        return "tee verify <uar.json> --policy <uap.json> [--at <ISO instant>] [--data DIR | --admin URL [--token-file F]] [--json]\n"
                + "                  verify a TEE report and check it against a policy (exit 0 verified and passed, 1 not)";
    }

    @Override
    public int run(Path home, List<String> argv, PrintStream out) throws Exception {
        List<String> args = AdminClient.mutable(argv);
        boolean json = args.remove("--json");
        String policyFile = AdminClient.take(args, "--policy");
        String at = AdminClient.take(args, "--at");
        String admin = AdminClient.take(args, "--admin");
        String data = AdminClient.take(args, "--data");
        String token = AdminClient.take(args, "--token");
        String tokenFile = AdminClient.take(args, "--token-file");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("the report file is missing");
        }
        if (args.size() > 1) {
            throw new IllegalArgumentException("unexpected argument " + args.get(1));
        }
        if (args.get(0).startsWith("--")) {
            throw new IllegalArgumentException("unknown flag " + args.get(0));
        }
        if (policyFile == null) {
            throw new IllegalArgumentException("--policy <uap.json> is required");
        }
        if (at != null) {
            try {
                Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--at must be an ISO-8601 instant such as 2025-07-01T00:00:00Z, not " + at);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("report", readJson(args.get(0), "report"));
        body.set("policy", readJson(policyFile, "policy"));
        if (at != null) {
            body.put("at", at);
        }
        List<String> where = new java.util.ArrayList<>();
        if (admin != null) {
            where.addAll(List.of("--admin", admin));
        }
        if (data != null) {
            where.addAll(List.of("--data", data));
        }
        if (token != null) {
            where.addAll(List.of("--token", token));
        }
        if (tokenFile != null) {
            where.addAll(List.of("--token-file", tokenFile));
        }
        AdminClient node = AdminClient.from(home, where);
        AdminClient.Reply r = node.post("v1/admin/tee/verify", body);
        if (r.status() == 400) {
            // the node could not read the report or the policy: bad input, not a failed verification
            throw new IllegalArgumentException(r.msg());
        }
        if (!r.ok()) {
            out.println("tee verify failed: " + r.status() + " " + r.msg());
            return 1;
        }
        JsonNode d = r.data();
        boolean verified = d.path("verified").asBoolean(false);
        boolean passed = d.path("policy").path("passed").asBoolean(false);
        if (json) {
            out.println(AdminClient.pretty(d));
            return verified && passed ? 0 : 1;
        }
        if (verified) {
            StringBuilder line = new StringBuilder("verified: " + d.path("str_tee_platform").asText() + " "
                    + d.path("platform_status").asText());
            if (d.path("advisory_ids").size() > 0) {
                List<String> ids = new java.util.ArrayList<>();
                d.path("advisory_ids").forEach(a -> ids.add(a.asText()));
                line.append(" (advisories ").append(String.join(", ", ids)).append(')');
            }
            out.println(line);
        } else {
            out.println("NOT verified: " + d.path("failure").asText() + ": " + d.path("message").asText());
        }
        out.println("at: " + d.path("at").asText());
        JsonNode p = d.path("policy");
        if (!p.path("evaluated").asBoolean(false)) {
            out.println("policy: not evaluated (" + p.path("reason").asText() + ")");
        } else {
            out.println(passed ? "policy: passed" : "policy: FAILED: " + p.path("reason").asText());
        }
        JsonNode attributes = d.path("attributes");
        if (attributes.size() > 0) {
            out.println(verified ? "attributes:" : "attributes (parsed, NOT verified):");
            attributes.fields().forEachRemaining(a -> out.printf("  %-26s %s%n", a.getKey(), a.getValue().asText()));
        }
        return verified && passed ? 0 : 1;
    }

    private static JsonNode readJson(String file, String what) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(what + " file " + file + " does not exist");
        }
        try {
            JsonNode n = JSON.readTree(p.toFile());
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(what + " file " + file + " does not hold a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " file " + file + " is not JSON: " + e.getMessage());
        }
    }
}
