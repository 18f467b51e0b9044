/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.delivery;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The dead-letter list of one layer, registered as a service by every layer that delivers to peers.
 * The admin API ({@code /v1/admin/dead-letters}), the console and the CLI show and act on all of
 * them; the layer's health is DEGRADED while its list is not empty.
 */
@ConsumerType
public interface DeadLetters {

    /** @return the layer whose list this is, one of {@link io.hutong.api.health.Layers} */
    String layer();

    /** @return the dead letters, oldest first */
    List<DeadLetter> list();

    /**
     * Queues a dead letter for delivery again, as a new first attempt with a fresh retry budget, and
     * removes it from the list (should it fail again it comes back).
     *
     * @return {@code false} when this list holds no dead letter with that id
     * @throws IllegalStateException when it cannot be queued now; the message says why and it stays listed
     */
    boolean replay(String id);

    /**
     * Removes a dead letter for good.
     *
     * @return {@code false} when this list holds no dead letter with that id
     */
    boolean discard(String id);
}
