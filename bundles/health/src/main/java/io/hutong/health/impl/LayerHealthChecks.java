/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.health.impl;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.hutong.api.health.HealthContributor;

/**
 * Registers one Felix {@link HealthCheck} per {@link HealthContributor}, named {@code <layer>/<name>} and
 * tagged {@code hutong} and {@code hutong.<layer>}, for as long as the contributor is registered. Felix
 * HC's executor, its servlet and its web console plugin then run Hutong's checks beside the general ones
 * (bundles started, DS components satisfied) the features configure.
 */
@Component(immediate = true)
public class LayerHealthChecks {

    /** Tag every Hutong layer check carries. */
    public static final String TAG = "hutong";

    /** Every bound contributor; registered (value non-null) while the component is active. */
    private final Map<HealthContributor, ServiceRegistration<HealthCheck>> registered = new HashMap<>();
    private final Set<HealthContributor> bound = new LinkedHashSet<>();
    private BundleContext context;

    @Activate
    synchronized void activate(BundleContext context) {
        this.context = context;
        // contributors bound before activation (DS binds static and dynamic references first) are registered now
        bound.forEach(c -> registered.put(c, register(c)));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addContributor(HealthContributor contributor) {
        bound.add(contributor);
        if (context != null) {
            registered.put(contributor, register(contributor));
        }
    }

    synchronized void removeContributor(HealthContributor contributor) {
        bound.remove(contributor);
        unregister(registered.remove(contributor));
    }

    @Deactivate
    synchronized void deactivate() {
        registered.values().forEach(LayerHealthChecks::unregister);
        registered.clear();
        context = null;
    }

    private static void unregister(ServiceRegistration<HealthCheck> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // this bundle is stopping: the framework unregistered it already
            }
        }
    }

    private ServiceRegistration<HealthCheck> register(HealthContributor contributor) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthCheck.NAME, contributor.layer() + "/" + contributor.name());
        props.put(HealthCheck.TAGS, new String[] {TAG, TAG + "." + contributor.layer()});
        return context.registerService(HealthCheck.class, new ContributorCheck(contributor), props);
    }
}
