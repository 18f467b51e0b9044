/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.ComponentDescription;
import io.hutong.api.component.ComponentLauncher;
import io.hutong.api.store.Database;

/**
 * The external components of this node (decision EXT1): registrations are kept in the node database
 * and each is offered as an {@link AlgorithmComponent} + {@link ComponentDescription} service, so the
 * runtime starts its tasks and management lists it exactly as an in-process component. Registrations
 * are published again when the node starts.
 */
@Component(service = ExternalComponents.class, immediate = true)
public class ExternalComponents {

    private static final Logger LOG = Logger.getLogger(ExternalComponents.class.getName());
    /** Service property marking an external component's service. */
    static final String EXTERNAL = "hutong.component.external";

    private final BundleContext context;
    private final RegistrationStore store;
    private final Map<String, ServiceRegistration<?>> published = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    final List<ComponentLauncher> launchers = new CopyOnWriteArrayList<>();

    @Activate
    public ExternalComponents(BundleContext context, @Reference Database database) throws SQLException {
        this.context = context;
        database.migrate("component", context.getBundle(), "db/component");
        this.store = new RegistrationStore(database.dataSource());
        List<ComponentRegistration> all = store.all();
        all.forEach(this::publish);
        if (!all.isEmpty()) {
            LOG.info(all.size() + " external component(s) registered: "
                    + all.stream().map(r -> r.componentName() + " " + r.version()).toList());
        }
    }

    @Deactivate
    void deactivate() {
        published.values().forEach(ExternalComponents::unregister);
        published.clear();
    }

    /**
     * Registers (or registers again, replacing) an external component; one at a time, so two registrations of the
     * same component cannot race on its row.
     *
     * @throws IllegalArgumentException the launch spec is refused by its launcher, or no launcher of its type is installed
     */
    synchronized ComponentRegistration register(String imageUrl, Map<String, Object> selfDescription, ComponentLauncher.LaunchSpec launch)
            throws SQLException {
        ComponentLauncher launcher = launcher(launch.type()).orElseThrow(() -> new IllegalArgumentException(
                "launch.type " + launch.type() + " names no launcher installed on this node; installed: "
                        + launchers.stream().map(ComponentLauncher::type).sorted().toList()));
        launcher.check(launch);
        ComponentRegistration r = new ComponentRegistration(String.valueOf(selfDescription.get("componentName")),
                String.valueOf(selfDescription.get("version")), String.valueOf(selfDescription.get("provider")), imageUrl,
                selfDescription, launch, Clock.systemUTC().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        store.save(r);
        publish(r);
        LOG.info("external component " + r.componentName() + " " + r.version() + " registered (" + launch.type() + ")");
        return r;
    }

    /** @return the registered external components */
    List<ComponentRegistration> registered() throws SQLException {
        return store.all();
    }

    Optional<ComponentLauncher> launcher(String type) {
        return launchers.stream().filter(l -> l.type().equals(type)).findFirst();
    }

    private void publish(ComponentRegistration r) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EXTERNAL, Boolean.TRUE);
        props.put("component.name", r.componentName());
        props.put("component.version", r.version());
        ServiceRegistration<?> reg = context.registerService(
                new String[] {AlgorithmComponent.class.getName(), ComponentDescription.class.getName()},
                new ExternalComponent(r, this::launcher), props);
        // A registration replaces the earlier one of the same name and version; tasks running on it keep it (CR7).
        ServiceRegistration<?> old = published.put(r.componentName() + " " + r.version(), reg);
        if (old != null) {
            unregister(old);
        }
    }

    private static void unregister(ServiceRegistration<?> reg) {
        try {
            reg.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
