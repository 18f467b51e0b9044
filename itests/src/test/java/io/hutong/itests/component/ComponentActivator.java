/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.component;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.hutong.api.component.ComponentDescription;

/** Activator of the algorithm bundle a test drops into a node: registers one component description. */
public class ComponentActivator implements BundleActivator {

    private ServiceRegistration<ComponentDescription> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(ComponentDescription.class, new TestIntersection(), null);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
