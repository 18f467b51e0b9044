/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;

/** Reports the state of the Hutong transport HTTP bundle to the node's status endpoint and console. */
@Component(service = HealthCheck.class,
        property = {HealthCheck.NAME + "=" + Layers.TRANSPORT + "/http", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.TRANSPORT})
public class HttpAdapterStatus implements LayerCheck {

    private final Bundle bundle;
    private final ChannelService channel;

    @Activate
    public HttpAdapterStatus(BundleContext context, @Reference ChannelService channel) {
        this.bundle = context.getBundle();
        this.channel = channel;
    }

    @Override
    public Health health() {
        return Health.up("HTTP adapter serving /v1/interconn/chan", Map.of("bundle", bundle.getSymbolicName(),
                "version", bundle.getVersion().toString(),
                "endpoints", List.of("/v1/interconn/chan/push", "/v1/interconn/chan/pop", "/v1/interconn/chan/peek",
                        "/v1/interconn/chan/release", "/v1/interconn/chan/invoke", "/v1/interconn/chan/transport"),
                "dialects", channel.dialectNames()));
    }
}
