/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.hutong.api.metrics.ItemsProcessed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/**
 * The node's one meter registry (Micrometer, Prometheus flavour) with the JVM's meters bound, and the
 * {@link ItemsProcessed} counter components add to. Lives as long as this bundle; its meters are the
 * ones {@code GET /v1/admin/metrics} serves.
 */
@Component(service = {NodeMetrics.class, ItemsProcessed.class})
public class NodeMetrics implements ItemsProcessed {

    /** The Prometheus text exposition 0.0.4, what Prometheus asks for by default. */
    static final String PROMETHEUS_TEXT = PrometheusTextFormatWriter.CONTENT_TYPE;
    /** OpenMetrics 1.0 text, served when the scraper's {@code Accept} names it. */
    static final String OPENMETRICS_TEXT = OpenMetricsTextFormatWriter.CONTENT_TYPE;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> binders = new ArrayList<>();

    @Activate
    public NodeMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);   // it listens to GC notifications until closed
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    @Deactivate
    void close() {
        for (AutoCloseable b : binders) {
            try {
                b.close();
            } catch (Exception e) {
                // nothing to undo beyond what close did; the registry goes with this component
            }
        }
        registry.close();
    }

    /** @return the registry every meter of this bundle is registered with */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * @param accept the scraper's {@code Accept} header, may be null
     * @return the content type to answer: OpenMetrics when asked for, else the Prometheus text format
     */
    static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    }

    /** @return every meter in the exposition format of {@code contentType} (one of {@link #contentType}'s answers) */
    String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    @Override
    public void add(String component, long items) {
        if (items <= 0) {
            return;
        }
        Counter.builder("hutong.items.processed")
                .description("Input items the node's algorithm components processed (ECDH-PSI: own rows encrypted)")
                .tag("component", component == null || component.isBlank() ? "unknown" : component)
                .register(registry)
                .increment(items);
    }
}
