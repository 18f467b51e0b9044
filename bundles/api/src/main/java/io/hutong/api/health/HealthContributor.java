/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A service through which a bundle reports the health of the part of the standard it implements.
 *
 * <p>Implementations are registered as OSGi services by layer bundles; the status endpoint
 * ({@code GET /v1/admin/status}) and the console collect all of them. {@link #health()} is called on
 * request threads, so it must answer quickly and must not block on the network.
 */
@ConsumerType
public interface HealthContributor {

    /** Service property naming the layer of the standard the contributor belongs to (see {@link Layers}). */
    String LAYER = "hutong.layer";

    /** @return the layer this contributor reports on, one of the {@link Layers} constants */
    String layer();

    /** @return a short, stable name of the checked part, unique within the layer (e.g. {@code "datasource"}) */
    String name();

    /** @return the current health; never {@code null} */
    Health health();
}
