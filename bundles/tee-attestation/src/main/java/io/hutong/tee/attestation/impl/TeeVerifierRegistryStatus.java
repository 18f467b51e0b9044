/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;

/**
 * Reports which TEE platforms this node can verify and which it only recognises: a platform whose
 * active verifier carries {@code hutong.tee.signatures.checked=false} is listed as unsupported, since
 * every report of it is answered "unsupported: …".
 */
@Component(service = HealthCheck.class,
        property = {HealthCheck.NAME + "=" + Layers.TEE + "/verifiers", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.TEE})
public class TeeVerifierRegistryStatus implements LayerCheck {

    private final TeeVerifierRegistry registry;

    @Activate
    public TeeVerifierRegistryStatus(@Reference TeeVerifierRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        List<String> verified = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TeeVerifierRegistry.Deployed d : registry.deployed()) {
            if (d.active()) {
                (d.signaturesChecked() ? verified : unsupported).add(d.platform());
            }
            rows.add(row(d));
        }
        if (verified.isEmpty() && unsupported.isEmpty()) {
            return Health.up("no TEE platform verifier deployed", Map.of("verified", verified,
                    "unsupported", unsupported, "verifiers", rows));
        }
        String message = "verified: " + (verified.isEmpty() ? "none" : String.join(", ", verified))
                + "; unsupported (signatures not checked): " + (unsupported.isEmpty() ? "none" : String.join(", ", unsupported));
        return Health.up(message, Map.of("verified", verified, "unsupported", unsupported, "verifiers", rows));
    }

    /** @return the JSON form of one deployed verifier, shared with the admin API */
    static Map<String, Object> row(TeeVerifierRegistry.Deployed d) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("str_tee_platform", d.platform());
        row.put("active", d.active());
        row.put("signatures_checked", d.signaturesChecked());
        row.put("service_ranking", d.ranking());
        row.put("service_id", d.serviceId());
        row.put("bundle", d.bundle());
        row.put("bundle_version", d.bundleVersion());
        return row;
    }
}
