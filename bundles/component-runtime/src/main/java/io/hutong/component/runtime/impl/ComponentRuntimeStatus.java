/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.hutong.api.health.Health;
import io.hutong.api.health.HealthContributor;
import io.hutong.api.health.Layers;

/** Reports the state of the Hutong component runtime bundle to the node's status endpoint and console. */
@Component(property = HealthContributor.LAYER + "=" + Layers.COMPONENT)
public class ComponentRuntimeStatus implements HealthContributor {

    private final Bundle bundle;

    @Activate
    public ComponentRuntimeStatus(BundleContext context) {
        this.bundle = context.getBundle();
    }

    @Override
    public String layer() {
        return Layers.COMPONENT;
    }

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public Health health() {
        // Until the layer's services land (see its README), the honest report is which bundle
        // version answers and that it serves no endpoint yet.
        return Health.up("component runtime: no task endpoint yet", Map.of("bundle", bundle.getSymbolicName(),
                "version", bundle.getVersion().toString(), "endpoints", List.of()));
    }
}
