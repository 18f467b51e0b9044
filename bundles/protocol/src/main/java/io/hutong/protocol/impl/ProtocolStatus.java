/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.protocol.impl;

import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;

/** Reports the state of the Hutong protocol bundle to the node's status endpoint and console. */
@Component(service = HealthCheck.class,
        property = {HealthCheck.NAME + "=" + Layers.CORE + "/protocol", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.CORE})
public class ProtocolStatus implements LayerCheck {

    private final Bundle bundle;

    @Activate
    public ProtocolStatus(BundleContext context) {
        this.bundle = context.getBundle();
    }

    @Override
    public Health health() {
        return Health.up("wire schemas packaged", Map.of("bundle", bundle.getSymbolicName(),
                "version", bundle.getVersion().toString(),
                "schemas", List.of("org.ppc.ptp.PrivateTransferProtocol", "org.ppc.ptp.PrivateTransferTransport")));
    }
}
