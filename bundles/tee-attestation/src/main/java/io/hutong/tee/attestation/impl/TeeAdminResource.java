/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UnifiedAttestationAttributes;
import io.hutong.tee.attestation.model.UnifiedAttestationNestedReports;
import io.hutong.tee.attestation.model.UnifiedAttestationPolicy;
import io.hutong.tee.attestation.model.UnifiedAttestationReport;
import io.hutong.tee.attestation.policy.PolicyEvaluation;
import io.hutong.tee.attestation.policy.PolicyVerdict;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/**
 * The operator's attestation API on the admin plane: UAS access keys, the deployed verifiers, and
 * verifying a report against a policy at a chosen time (what {@code hutong tee verify} calls). It does
 * not need the UAS itself, so it stays while the UAS is reconfigured.
 */
@Component(service = TeeAdminResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin/tee")
@Produces(MediaType.APPLICATION_JSON)
public class TeeAdminResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference
    TeeStore store;

    @Reference
    TeeVerifierRegistry verifiers;

    @POST
    @Path("access-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<Map<String, Object>> issueAccessKey(String text) throws SQLException {
        JsonNode body;
        try {
            // an empty body is fine: the description is optional
            body = text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new WebApplicationException("request body: invalid JSON: " + e.getOriginalMessage(), 400);
        }
        JsonNode description = body == null ? null : body.get("description");
        if (description != null && !description.isNull() && !description.isTextual()) {
            throw new WebApplicationException("description: expected a string", 400);
        }
        TeeStore.IssuedAccessKey k = store.issueAccessKey(description == null ? "" : description.asText(""));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_key", k.accessKey());
        m.put("access_secret", k.accessSecret());
        m.put("description", k.description());
        m.put("created_at", k.createdAt().toString());
        return Envelope.ok(m);
    }

    @GET
    @Path("access-keys")
    public Envelope<List<Map<String, Object>>> accessKeys() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TeeStore.AccessKeyRow k : store.accessKeys()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("access_key", k.accessKey());
            m.put("description", k.description());
            m.put("created_at", k.createdAt().toString());
            out.add(m);
        }
        return Envelope.ok(out);
    }

    @DELETE
    @Path("access-keys/{key}")
    public Envelope<Map<String, Object>> revokeAccessKey(@PathParam("key") String key) throws SQLException {
        if (!store.revokeAccessKey(key)) {
            throw new WebApplicationException("access_key: no such key " + key, 404);
        }
        return Envelope.ok(Map.of("access_key", key, "revoked", true));
    }

    @GET
    @Path("verifiers")
    public Envelope<List<Map<String, Object>>> deployedVerifiers() {
        return Envelope.ok(verifiers.deployed().stream().map(TeeVerifierRegistryStatus::row).toList());
    }

    /**
     * Verifies a report's evidence with the deployed verifier of its platform and evaluates a policy over
     * the attributes: body {@code {"report": UAR, "policy": UAP, "at": ISO-8601}}, report and policy as
     * JSON objects or as JSON text; {@code at} defaults to now.
     */
    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<Map<String, Object>> verify(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new WebApplicationException("request body: expected {\"report\":…, \"policy\":…, \"at\":…}", 400);
        }
        UnifiedAttestationReport report = parse(body, "report", UnifiedAttestationReport.class)
                .orElseThrow(() -> new WebApplicationException("report: missing", 400));
        Optional<UnifiedAttestationPolicy> policy = parse(body, "policy", UnifiedAttestationPolicy.class);
        Instant at = at(body.get("at"));
        String platform = report.teePlatform() == null ? "" : report.teePlatform();
        if (platform.isEmpty()) {
            throw new WebApplicationException("report: str_tee_platform missing", 400);
        }
        UnifiedAttestationNestedReports nested = null;
        if (report.jsonNestedReports() != null && !report.jsonNestedReports().isBlank()) {
            try {
                nested = AttestationJson.read(report.jsonNestedReports(), UnifiedAttestationNestedReports.class);
            } catch (IllegalArgumentException e) {
                throw new WebApplicationException("report: json_nested_reports: " + e.getMessage(), 400);
            }
        }

        // looked up once: this verification finishes on this verifier even if it is replaced meanwhile
        Optional<TeeVerifier> verifier = verifiers.apply(platform);
        TeeVerification verdict = verifier.map(v -> v.verify(report.toTeeReport(), at))
                .orElseGet(() -> TeeVerification.failed(TeeVerification.Failure.UNSUPPORTED,
                        "unsupported: no verifier deployed for str_tee_platform \"" + platform + "\""));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("str_tee_platform", platform);
        out.put("at", at.toString());
        out.put("verified", verdict.verified());
        out.put("failure", verdict.failure() == null ? null : verdict.failure().name());
        out.put("message", verdict.message());
        out.put("platform_status", verdict.platformStatus());
        out.put("advisory_ids", verdict.advisoryIds());
        out.put("attributes", inStandardOrder(verdict.attributes()));
        Map<String, Object> policyResult = new LinkedHashMap<>();
        if (policy.isEmpty()) {
            policyResult.put("evaluated", false);
            policyResult.put("passed", false);
            policyResult.put("reason", "no policy given");
        } else if (!verdict.verified()) {
            policyResult.put("evaluated", false);
            policyResult.put("passed", false);
            policyResult.put("reason", "the report did not verify");
        } else {
            PolicyVerdict v = PolicyEvaluation.evaluate(policy.get(),
                    new UnifiedAttestationAttributes(verdict.attributes()), nested);
            policyResult.put("evaluated", true);
            policyResult.put("passed", v.passed());
            policyResult.put("reason", v.reason());
        }
        out.put("policy", policyResult);
        return Envelope.ok(out);
    }

    // the order of the standard's attribute table (spec 60 §5.1), so operators read the same layout each time
    private static final List<String> ATTRIBUTE_ORDER = List.of(TeeAttributes.TEE_PLATFORM,
            TeeAttributes.PLATFORM_HW_VERSION, TeeAttributes.PLATFORM_SW_VERSION, TeeAttributes.SECURE_FLAGS,
            TeeAttributes.PLATFORM_MEASUREMENT, TeeAttributes.BOOT_MEASUREMENT, TeeAttributes.TEE_IDENTITY,
            TeeAttributes.TA_MEASUREMENT, TeeAttributes.TA_DYN_MEASUREMENT, TeeAttributes.SIGNER, TeeAttributes.PROD_ID,
            TeeAttributes.MIN_ISVSVN, TeeAttributes.DEBUG_DISABLED, TeeAttributes.USER_DATA,
            TeeAttributes.HASH_OR_PEM_PUBKEY, TeeAttributes.NONCE, TeeAttributes.SPID);

    private static Map<String, String> inStandardOrder(Map<String, String> attributes) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String key : ATTRIBUTE_ORDER) {
            if (attributes.containsKey(key) && !attributes.get(key).isEmpty()) {
                ordered.put(key, attributes.get(key));
            }
        }
        new java.util.TreeMap<>(attributes).forEach((k, v) -> {
            if (!v.isEmpty()) {
                ordered.putIfAbsent(k, v);
            }
        });
        return ordered;
    }

    private static <T> Optional<T> parse(JsonNode body, String field, Class<T> type) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        String text;
        if (n.isTextual()) {
            text = n.asText();
        } else if (n.isObject()) {
            text = n.toString();
        } else {
            throw new WebApplicationException(field + ": expected a JSON object or its text", 400);
        }
        try {
            return Optional.of(AttestationJson.read(text, type));
        } catch (IllegalArgumentException e) {
            throw new WebApplicationException(field + ": " + e.getMessage(), 400);
        }
    }

    private static Instant at(JsonNode n) {
        if (n == null || n.isNull() || n.asText("").isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(n.asText().strip());
        } catch (DateTimeParseException e) {
            throw new WebApplicationException("at: not an ISO-8601 instant such as 2025-07-01T00:00:00Z: \""
                    + n.asText() + "\"", 400);
        }
    }
}
