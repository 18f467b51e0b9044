/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;

/**
 * Reports the control layer to the node's status endpoint and console: UP with its endpoints while the control
 * plane runs, DOWN naming what it waits for when it does not (it needs management, the component runtime and the
 * database), so a node that serves no job endpoint never looks healthy.
 */
@Component(service = HealthCheck.class,
        property = {HealthCheck.NAME + "=" + Layers.CONTROL + "/scheduler", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.CONTROL})
public class SchedulerStatus implements LayerCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ControlPlane plane;

    @Override
    public Health health() {
        ControlPlane p = plane;
        if (p == null) {
            return Health.down("scheduler not running: it needs the management plane, the component runtime and the database");
        }
        Map<String, Object> details = new LinkedHashMap<>(p.counts());
        details.put("endpoints", List.of("/v1/interconn/schedule/*", "/v1/platform/schedule/*"));
        return Health.up("scheduler running", details);
    }
}
