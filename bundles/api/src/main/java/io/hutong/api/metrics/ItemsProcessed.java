/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The counter of input items the node's algorithm components have processed, registered as a service
 * by the metrics bundle and exposed as {@code hutong_items_processed_total{component}}.
 *
 * <p>A component adds the items as it processes them (for ECDH-PSI: its own rows encrypted and sent),
 * so the rate over a scrape interval is the node's throughput. Components reference this service
 * optionally and dynamically: without the metrics bundle they simply do not report.
 */
@ProviderType
public interface ItemsProcessed {

    /**
     * Adds to the count of a component.
     *
     * @param component the component's name as it is started ({@code ecdh_psi}); one label value per
     *                  installed component, so never a task or session id
     * @param items     how many items were processed since the last call; zero or negative adds nothing
     */
    void add(String component, long items);
}
