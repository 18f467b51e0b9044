/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.hutong.api.health.Health;
import io.hutong.api.health.HealthContributor;
import io.hutong.api.health.Layers;

/**
 * Reports which TEE platforms this node can verify: every service that carries the standard's
 * {@code str_tee_platform} property is a platform verifier, whichever bundle brought it.
 */
@Component(property = HealthContributor.LAYER + "=" + Layers.TEE)
public class TeeVerifierRegistryStatus implements HealthContributor {

    private static final String PLATFORM = "str_tee_platform";

    // keyed by reference: during a hot swap two verifiers of one platform are briefly registered
    private final Map<ServiceReference<?>, String> platforms = new ConcurrentHashMap<>();

    // Any service type: the verifier SPI is matched by its platform property, so this status
    // follows verifiers as they are deployed and removed at runtime.
    @Reference(service = Object.class, target = "(" + PLATFORM + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVerifier(ServiceReference<?> ref) {
        platforms.put(ref, String.valueOf(ref.getProperty(PLATFORM)));
    }

    void removeVerifier(ServiceReference<?> ref) {
        platforms.remove(ref);
    }

    @Override
    public String layer() {
        return Layers.TEE;
    }

    @Override
    public String name() {
        return "verifiers";
    }

    @Override
    public Health health() {
        List<String> now = platforms.values().stream().distinct().sorted().toList();
        return Health.up(now.isEmpty() ? "no TEE platform verifier deployed" : "verifiers: " + String.join(", ", now),
                Map.of("platforms", now));
    }
}
