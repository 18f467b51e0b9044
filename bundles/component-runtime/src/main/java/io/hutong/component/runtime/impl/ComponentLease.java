/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import io.hutong.api.component.AlgorithmComponent;

/**
 * The component object one task runs on, obtained when the task starts and held until it ends, so a
 * task finishes on the code it started with even when its bundle is updated meanwhile.
 *
 * @param component the service object
 * @param version   the component version the task runs
 * @param bundleId  the bundle that registered it (a task is stopped when that bundle is uninstalled)
 * @param release   gives the service object back; called once when the task has ended
 * @param pin       loads every class of the bundle revision the component came from, while its class
 *                  loader still works, so the task can finish after the revision is refreshed away;
 *                  returns how many classes it loaded
 */
record ComponentLease(AlgorithmComponent component, String version, long bundleId, Runnable release,
        java.util.function.IntSupplier pin) {

    /** Looks up the component to run. */
    @FunctionalInterface
    interface Resolver {
        /**
         * @param version null or blank for the highest registered version
         * @throws IllegalArgumentException when no such component (version) is registered, naming those that are
         */
        ComponentLease lease(String componentName, String version);
    }
}
