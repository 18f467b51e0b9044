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
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hutong tee verify}: verifies a UnifiedAttestationReport with the running node's platform
 * verifiers and evaluates a policy over it ({@code POST /v1/admin/tee/verify}); prints the verdict and
 * the extracted attributes. Exit 0 only when the evidence verified and the policy passed.
 */
@Command(name = "verify", description = {"Verify a TEE report and check it against a policy.",
        "The report is a UnifiedAttestationReport, the policy a UnifiedAttestationPolicy.",
        "Exit 0 verified and passed, 1 not (the reason is printed), 2 bad arguments or input the node cannot read."})
public final class TeeVerifyCommand extends NodeCall {

    @Parameters(paramLabel = "<uar.json>", description = "The report.")
    String report;

    @Option(names = "--policy", paramLabel = "<uap.json>", required = true, description = "The policy (UnifiedAttestationPolicy).")
    String policyFile;

    @Option(names = "--at", paramLabel = "<ISO instant>", description = "Verify as of this time (default: now), e.g. 2025-07-01T00:00:00Z.")
    Instant at;

    @Override
    public Integer call() throws Exception {
        PrintStream out = out();
        ObjectNode body = Jackson.MAPPER.createObjectNode();
        body.set("report", readJson(report, "report"));
        body.set("policy", readJson(policyFile, "policy"));
        if (at != null) {
            body.put("at", at.toString());
        }
        AdminClient node = node();
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
            JsonNode n = Jackson.MAPPER.readTree(p.toFile());
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(what + " file " + file + " does not hold a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " file " + file + " is not JSON: " + e.getMessage());
        }
    }
}
