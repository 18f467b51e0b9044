/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.transport;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The transport's routing table (spec 40 §1 "Routing"): target node or institution id → peer
 * address, protocol, mode and TLS. Kept in configuration so operators edit it at runtime.
 */
@ProviderType
public interface RoutingTable {

    /** @return the id of this node; messages for it are queued locally */
    String localNodeId();

    /** @return the route to {@code nodeId}, empty when the node is not networked */
    Optional<Route> route(String nodeId);

    /** @return every configured route, ordered by node id */
    List<Route> routes();

    /**
     * Adds or replaces the route to {@code route.nodeId()}; it is persisted and in effect when this
     * returns.
     */
    void put(Route route);

    /** @return {@code true} when a route to {@code nodeId} existed and was removed */
    boolean remove(String nodeId);
}
