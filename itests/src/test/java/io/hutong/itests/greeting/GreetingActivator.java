/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.greeting;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Activator of the bundle the hot-deploy test drops into {@code deploy/}: serves the manifest's
 * {@code Greeting} header at {@code GET /v1/admin/itest/greeting}, so v1 and v2 of the bundle
 * answer differently.
 */
public class GreetingActivator implements BundleActivator {

    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.jakartars.resource", Boolean.TRUE);
        props.put("osgi.jakartars.whiteboard.target", "(hutong.plane=admin)");
        registration = context.registerService(Object.class,
                new GreetingResource(context.getBundle().getHeaders().get("Greeting")), props);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
