/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.ComponentTasks;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;
import io.hutong.api.store.Database;
import io.hutong.api.transport.Transport;

/**
 * The in-process component runtime (spec 30, run in the node's JVM instead of a container): finds
 * {@link AlgorithmComponent} services by name and version and runs their tasks.
 *
 * <p>Hot update: a task holds the service object it started with ({@link ServiceObjects#getService()})
 * until it ends, so an update of the component bundle meanwhile leaves it on its old code, while the
 * next task gets the new service. Uninstalling the bundle ends its running tasks FAILED
 * ("component removed").
 */
@Component(service = {ComponentTasks.class, HealthCheck.class, InProcessComponentRuntime.class}, configurationPid = InProcessComponentRuntime.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {HealthCheck.NAME + "=" + Layers.COMPONENT + "/runtime", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.COMPONENT})
@Designate(ocd = RuntimeConfig.class)
public class InProcessComponentRuntime implements ComponentTasks, LayerCheck {

    static final String PID = "io.hutong.component.runtime";
    private static final Logger LOG = Logger.getLogger(InProcessComponentRuntime.class.getName());

    /** A registered component: what it calls itself, and its service. */
    private record Registered(String code, String version, ServiceReference<AlgorithmComponent> ref) {
    }

    private final BundleContext context;
    private final Path data;
    private final InProcessTasks tasks;
    private final List<Registered> components = new CopyOnWriteArrayList<>();
    private final BundleListener bundles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Transport transport;

    @Activate
    public InProcessComponentRuntime(BundleContext context, RuntimeConfig config, @Reference Database database)
            throws SQLException {
        this.context = context;
        String dir = context.getProperty("hutong.data");
        this.data = Path.of(dir == null ? "data" : dir).toAbsolutePath().normalize();
        database.migrate("component", context.getBundle(), "db/component");
        TaskJournal journal = new StoredTaskJournal(database.dataSource());
        int abandoned = journal.abandon(Clock.systemUTC().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                "the node stopped while the task ran");
        if (abandoned > 0) {
            LOG.warning(abandoned + " task(s) were running when the node stopped; they are FAILED now");
        }
        this.tasks = new InProcessTasks(settings(config), () -> transport, journal, Clock.systemUTC());
        // Synchronous: STOPPING must be handled before the bundle's class loader can be disposed of.
        this.bundles = (SynchronousBundleListener) event -> {
            if (event.getType() == BundleEvent.STOPPING) {
                tasks.componentStopping(event.getBundle().getBundleId());
            } else if (event.getType() == BundleEvent.UNINSTALLED) {
                tasks.componentRemoved(event.getBundle().getBundleId());
            } else if (event.getType() == BundleEvent.UPDATED) {
                tasks.componentUpdated(event.getBundle().getBundleId());
            }
        };
        context.addBundleListener(bundles);
    }

    @Modified
    void modified(RuntimeConfig config) {
        tasks.configure(settings(config));
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(bundles);
        tasks.close("component runtime stopped");
    }

    private InProcessTasks.Settings settings(RuntimeConfig c) {
        String storage = c.storage().isBlank() ? FileTaskStorage.under(data) : c.storage().strip();
        Path logRoot = c.log_root().isBlank() ? data.resolve("logs").resolve("tasks") : Path.of(c.log_root().strip());
        return new InProcessTasks.Settings(c.max_running_tasks(), c.max_waiting_tasks(),
                Duration.ofMinutes(c.finished_retention_minutes()), c.max_finished_tasks(), storage, logRoot,
                nodeAddress());
    }

    /**
     * @return {@code host:port} where a component on this host reaches the node's east-west plane (its
     *         container API and C1), or null when the node's port is not known
     */
    private String nodeAddress() {
        String port = context.getProperty("hutong.port.east_west");
        if (port == null || port.isBlank()) {
            return null;
        }
        String host = context.getProperty("hutong.host");
        // a wildcard listener is reached on the loopback address from the same host
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return host + ":" + port.strip();
    }

    /** A component's report through {@code system.callback}; see {@link InProcessTasks#callback}. */
    TaskStatus callback(String taskId, String secret, String status, String role) {
        return tasks.callback(taskId, secret, status, role);
    }

    @Reference(service = AlgorithmComponent.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addComponent(AlgorithmComponent component, ServiceReference<AlgorithmComponent> ref) {
        try {
            components.add(new Registered(component.code(), component.version(), ref));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an algorithm component of bundle " + ref.getBundle() + " has no usable self-description", e);
        }
    }

    void removeComponent(ServiceReference<AlgorithmComponent> ref) {
        components.removeIf(r -> r.ref().equals(ref));
    }

    @Override
    public TaskStatus start(String componentName, String version, Map<String, String> environment) {
        return tasks.start(componentName, version, environment, this::lease);
    }

    private ComponentLease lease(String name, String version) {
        List<Registered> same = components.stream().filter(r -> r.code().equals(name)).toList();
        Optional<Registered> chosen = version == null || version.isBlank()
                ? same.stream().max(Comparator.comparing(Registered::version, ComponentVersions.ORDER))
                : same.stream().filter(r -> r.version().equals(version)).findFirst();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no component " + name
                    + (version == null || version.isBlank() ? "" : " in version " + version)
                    + " is registered on this node; registered: " + registered());
        }
        ServiceReference<AlgorithmComponent> ref = chosen.get().ref();
        Bundle bundle = ref.getBundle();
        ServiceObjects<AlgorithmComponent> objects = context.getServiceObjects(ref);
        AlgorithmComponent component = objects == null ? null : objects.getService();
        if (component == null || bundle == null) {
            throw new IllegalArgumentException("component " + name + " " + chosen.get().version()
                    + " has just left this node; try again");
        }
        // The wiring of the class that implements the component: the revision the task runs on.
        BundleWiring wiring = wiringOf(component.getClass());
        return new ComponentLease(component, chosen.get().version(), bundle.getBundleId(), () -> {
            try {
                objects.ungetService(component);
            } catch (RuntimeException e) {
                // unregistered meanwhile (its bundle was updated or stopped): nothing left to give back
                LOG.log(Level.FINE, "component " + name + " already unregistered", e);
            }
        }, () -> RevisionClasses.loadAll(wiring));
    }

    /** @return the wiring whose class loader defined {@code type}, or null when it is not a bundle's */
    private static BundleWiring wiringOf(Class<?> type) {
        Bundle owner = org.osgi.framework.FrameworkUtil.getBundle(type);
        BundleRevisions revisions = owner == null ? null : owner.adapt(BundleRevisions.class);
        if (revisions == null) {
            return null;
        }
        // Not simply the bundle's current wiring: the bundle may have been updated without a refresh yet.
        for (BundleRevision r : revisions.getRevisions()) {
            BundleWiring w = r.getWiring();
            if (w != null && w.getClassLoader() == type.getClassLoader()) {
                return w;
            }
        }
        return null;
    }

    private List<String> registered() {
        return components.stream().map(r -> r.code() + " " + r.version()).sorted().toList();
    }

    @Override
    public Optional<TaskStatus> status(String taskId) {
        return tasks.status(taskId);
    }

    /** @return the log file of a remembered task */
    Optional<Path> logFile(String taskId) {
        return tasks.logFile(taskId);
    }

    @Override
    public List<TaskStatus> list() {
        return tasks.list();
    }

    @Override
    public boolean cancel(String taskId) {
        return tasks.cancel(taskId);
    }

    @Override
    public Health health() {
        InProcessTasks.Settings s = tasks.settings();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bundle", context.getBundle().getSymbolicName());
        details.put("version", context.getBundle().getVersion().toString());
        details.put("components", registered());
        details.put("tasks_running", tasks.running().size());
        details.put("max_running_tasks", s.maxRunning());
        details.put("max_waiting_tasks", s.maxWaiting());
        details.put("storage", S3Location.redact(s.storage()));
        details.put("transport", transport != null);
        details.put("endpoints", List.of("POST /v1/platform/algorithm/task/query (east-west)",
                "POST " + InProcessTasks.CALLBACK_PATH + " (east-west)", "/v1/admin/tasks (admin)",
                "POST /v1/platform/schedule/component/register (admin)"));
        return Health.up(tasks.running().size() + " task(s) running, " + components.size() + " component(s)", details);
    }
}
