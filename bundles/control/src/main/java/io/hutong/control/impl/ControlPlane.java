/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.hutong.api.component.ComponentDescription;
import io.hutong.api.component.ComponentTasks;
import io.hutong.api.governance.JobApprovals;
import io.hutong.api.governance.PeerCalls;
import io.hutong.api.node.NodeIdentity;
import io.hutong.api.rounds.Rounds;
import io.hutong.api.store.Database;
import io.hutong.api.transport.SessionQueues;

/**
 * The control layer of this node: its job store, its participant and its scheduler, and the thread that drives
 * both. The endpoints (east-west {@code /v1/interconn/schedule}, platform {@code /v1/platform/schedule}) hand
 * over to it.
 */
@Component(service = ControlPlane.class, configurationPid = ControlPlane.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ControlConfig.class)
public class ControlPlane {

    static final String PID = "io.hutong.control";
    private static final Logger LOG = Logger.getLogger(ControlPlane.class.getName());

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    final List<ComponentDescription> components = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile SessionQueues sessions;

    private final JobStore store;
    private final String self;
    private final Participant participant;
    private final Scheduler scheduler;
    private final Nodes nodes;
    private final Path data;
    private final Rounds rounds;

    @Activate
    public ControlPlane(@Reference Database database, @Reference NodeIdentity identity, @Reference PeerCalls peers,
                        @Reference JobApprovals approvals, @Reference ComponentTasks tasks, BundleContext context, ControlConfig config)
            throws SQLException {
        database.migrate("control", context.getBundle(), "db/control");
        String dir = context.getProperty("hutong.data");
        this.data = Path.of(dir == null ? "data" : dir).toAbsolutePath();
        this.store = new JobStore(database.dataSource());
        this.self = identity.nodeId();
        this.nodes = new Nodes(self, peers);
        this.participant = new Participant(store, self, approvals, tasks, () -> new ArrayList<>(components), nodes,
                System::currentTimeMillis, this::release);
        this.scheduler = new Scheduler(store, self, nodes, System::currentTimeMillis, config.callback_recheck_seconds() * 1000);
        nodes.local(participant, scheduler);
        this.rounds = new Rounds("hutong-control", this::step, Math.max(20, config.step_ms()), config.idle_step_ms());
        store.onWrite(rounds::wake);
    }

    @Deactivate
    void stop() throws InterruptedException {
        rounds.stop(10);
    }

    /** @return whether the round found work (Rounds runs the next one sooner then) */
    private boolean step() {
        boolean scheduling = scheduler.tick();
        return participant.tick() | scheduling;
    }

    private void release(String sessionId) {
        SessionQueues q = sessions;
        if (q != null) {
            try {
                q.release(sessionId);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "session " + sessionId + " not released", e);
            }
        }
    }

    String self() {
        return self;
    }

    JobStore store() {
        return store;
    }

    Participant participant() {
        return participant;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Nodes nodes() {
        return nodes;
    }

    /** @return the log file of a task run on this node (decision CR5's default place) */
    Path taskLog(String taskId) {
        return data.resolve("logs").resolve("tasks").resolve(taskId).resolve("task.log");
    }

    /** @return counts for the health report */
    /** @return the jobs in the store by status */
    Map<String, Long> jobCountsByStatus() {
        return store.jobCountsByStatus();
    }

    Map<String, Object> counts() {
        long running = store.jobs(null).stream().filter(j -> "RUNNING".equals(j.status())).count();
        return Map.of("jobs_running", running, "components", components.size());
    }
}
