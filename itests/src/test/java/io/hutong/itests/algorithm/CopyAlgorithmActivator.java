/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.algorithm;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.ComponentDescription;

/** Activator of the algorithm bundle the runtime tests deploy: registers {@link CopyAlgorithm} in the version its manifest names. */
public class CopyAlgorithmActivator implements BundleActivator {

    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) {
        String version = context.getBundle().getHeaders().get("Algorithm-Version");
        registration = context.registerService(new String[] {AlgorithmComponent.class.getName(),
                ComponentDescription.class.getName()}, new CopyAlgorithm(version), new Hashtable<>());
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
