/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.hutong.api.component.ComponentDescription;
import io.hutong.api.component.ComponentTasks;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.control.dag.DagComponent;
import io.hutong.api.control.dag.DagPort;
import io.hutong.api.control.dag.JobConfig;
import io.hutong.api.governance.JobApprovals;

/**
 * This node as a participant of jobs (spec 20 §3.1 steps 3-6 on the receiving side): creates a job only when this
 * node approved it and the datasets it binds here are permitted, starts its tasks on the component runtime with
 * the environment contract of spec 30 §3, answers the scheduler's polls, pushes statuses in callback mode, and stops
 * its tasks on the scheduler's word.
 */
final class Participant {

    private static final Logger LOG = Logger.getLogger(Participant.class.getName());
    static final Pattern TASK_ID = Pattern.compile("task_[0-9a-f]{32}");
    static final String STOPPED = "stopped: ";

    private final JobStore store;
    private final String self;
    private final JobApprovals approvals;
    private final ComponentTasks tasks;
    private final Supplier<List<ComponentDescription>> components;
    private final Nodes nodes;
    private final LongSupplier clock;
    private final Consumer<String> releaseSession;

    Participant(JobStore store, String self, JobApprovals approvals, ComponentTasks tasks,
                Supplier<List<ComponentDescription>> components, Nodes nodes, LongSupplier clock, Consumer<String> releaseSession) {
        this.store = store;
        this.self = self;
        this.approvals = approvals;
        this.tasks = tasks;
        this.components = components;
        this.nodes = nodes;
        this.clock = clock;
        this.releaseSession = releaseSession;
    }

    /** E2: creates the job here, after every check a participant owes its operator. */
    synchronized void create(JobDefinition def, String caller) {
        String jobId = def.jobId();
        if (def.partiesOf(self).isEmpty()) {
            throw ControlRefusal.badRequest("node " + self + " has no role in job " + jobId + " (config.role)");
        }
        if (!caller.equals(def.scheduler())) {
            throw ControlRefusal.forbidden("job " + jobId + " is to be created by its scheduler " + def.scheduler()
                    + " (config.job_params.common.scheduler), not by node " + caller);
        }
        Optional<JobStore.Job> known = store.job(jobId);
        if (self.equals(def.initiator())) {
            // the initiator's own job: it exists here since its platform API created it (N1), with this definition
            if (known.isEmpty() || !known.get().initiating() || !def.sameAs(known.get().dag(), known.get().config())) {
                throw ControlRefusal.forbidden("node " + self + " did not initiate job " + jobId + " as it is described");
            }
        } else {
            JobApprovals.ApprovedJob approved = approvals.approvedJob(jobId).orElseThrow(() -> ControlRefusal.forbidden(
                    "node " + self + " has not approved job " + jobId + " (no job approval in force: apply with job/audit/apply)"));
            if (!approved.requesterNodeId().equals(def.initiator())) {
                throw ControlRefusal.forbidden("job " + jobId + " was approved for node " + approved.requesterNodeId()
                        + ", not for its initiator " + def.initiator());
            }
            if (!def.sameAs(approved.dag(), approved.conf())) {
                throw ControlRefusal.forbidden("job " + jobId + " differs from the job node " + self + " approved (dag or config)");
            }
            for (JobConfig.Party p : def.partiesOf(self)) {
                for (DagComponent c : def.dag().components()) {
                    String datasetId = binding(def, p, c).get("dataset_id") instanceof String s ? s : null;
                    if (datasetId != null) {
                        approvals.datasetRefusal(datasetId, def.initiator()).ifPresent(why -> {
                            throw ControlRefusal.forbidden(why);
                        });
                    }
                }
            }
        }
        List<ComponentDescription> here = components.get();
        for (int i = 0; i < def.dag().components().size(); i++) {
            DagComponent c = def.dag().components().get(i);
            boolean found = here.stream().anyMatch(d -> c.componentName().equals(d.code()) && c.version().equals(d.version()));
            if (!found) {
                throw ControlRefusal.badRequest("dag.components[" + i + "]: component " + c.componentName() + " version " + c.version()
                        + " is not on node " + self);
            }
        }
        for (JobConfig.Party p : def.partiesOf(self)) {
            for (DagComponent c : def.dag().components()) {
                input(def, p, c); // a dataset that cannot be bound is refused now, not when its task starts
            }
        }
        long now = clock.getAsLong();
        if (known.isPresent()) {
            JobStore.Job j = known.get();
            if (j.participating()) {
                if (!def.sameAs(j.dag(), j.config())) {
                    throw ControlRefusal.conflict("job " + jobId + " exists on node " + self + " with another definition");
                }
                return; // the scheduler asks again (it restarted, or an answer was lost)
            }
            store.roles(jobId, null, true, def.scheduler(), now);
        } else {
            store.insert(new JobStore.Job(jobId, def.flowId(), def.dagJson(), def.configJson(), def.initiator(), def.scheduler(),
                    def.syncType(), false, false, true, "PENDING", null, null, null, now, now));
        }
        LOG.info(() -> "job " + jobId + " created for scheduler " + caller);
    }

    private JobStore.Job participating(String jobId, String caller) {
        JobStore.Job j = store.job(jobId).filter(JobStore.Job::participating)
                .orElseThrow(() -> ControlRefusal.notFound("no job " + jobId + " on node " + self));
        if (!caller.equals(j.scheduler())) {
            throw ControlRefusal.forbidden("node " + caller + " is not the scheduler of job " + jobId);
        }
        return j;
    }

    /** E3 */
    synchronized void start(String jobId, String caller) {
        JobStore.Job j = participating(jobId, caller);
        if (!store.move(jobId, List.of("PENDING", "READY"), "RUNNING", null, null, clock.getAsLong()) && !"RUNNING".equals(j.status())) {
            throw ControlRefusal.conflict("job " + jobId + " is " + j.status() + " on node " + self + ", it cannot start");
        }
    }

    /** E4: starts this node's run of one task. */
    synchronized void taskStart(String taskId, String jobId, String taskName, String caller) {
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            throw ControlRefusal.badRequest("task_id must be task_ followed by 32 lower-case hex digits");
        }
        JobStore.Job j = participating(jobId, caller);
        if (!"RUNNING".equals(j.status())) {
            throw ControlRefusal.conflict("job " + jobId + " is " + j.status() + " on node " + self + ", not RUNNING");
        }
        JobDefinition def = JobDefinition.of(j);
        DagComponent c = def.dag().component(taskName).orElseThrow(() -> ControlRefusal.badRequest(
                "task_name " + taskName + " is not an instance of job " + jobId + "'s DAG"));
        Optional<JobStore.Run> existing = store.run(taskId);
        if (existing.isPresent()) {
            if (existing.get().jobId().equals(jobId) && existing.get().taskName().equals(taskName)) {
                return; // asked again: the run exists
            }
            throw ControlRefusal.conflict("task " + taskId + " exists on node " + self + " for another job or task");
        }
        Map<String, String> upstream = new LinkedHashMap<>();
        for (JobStore.Run r : store.runs(jobId)) {
            if (r.taskName().equals(taskName) && !"FAILED".equals(r.status())) {
                throw ControlRefusal.conflict("task " + taskName + " of job " + jobId + " already runs on node " + self + " as " + r.taskId());
            }
            upstream.put(r.taskName(), r.taskId());
        }
        for (DagComponent up : def.dag().upstreamOf(taskName)) {
            String upId = upstream.get(up.name());
            String state = upId == null ? null : store.run(upId).map(JobStore.Run::status).orElse(null);
            if (!"SUCCESS".equals(state)) {
                throw ControlRefusal.conflict("task " + taskName + " needs " + up.name() + ", which has " + (state == null ? "not run" : state)
                        + " on node " + self);
            }
        }
        Map<String, String> env = environment(def, taskId, c, upstream);
        long now = clock.getAsLong();
        store.insert(new JobStore.Run(taskId, jobId, taskName, def.rolesOf(self), "RUNNING", null, null, now));
        try {
            tasks.start(c.componentName(), c.version(), env);
        } catch (IllegalArgumentException e) {
            store.runStatus(taskId, "FAILED", e.getMessage(), now);
            throw ControlRefusal.badRequest("task " + taskName + " cannot start on node " + self + ": " + e.getMessage());
        } catch (IllegalStateException e) {
            store.runStatus(taskId, "FAILED", e.getMessage(), now);
            throw new ControlRefusal(503, "task " + taskName + " cannot start on node " + self + ": " + e.getMessage());
        }
        LOG.info(() -> "task " + taskName + " (" + taskId + ") of job " + jobId + " started as " + def.rolesOf(self));
    }

    /** E8: @return the run's status (the runtime's word, once it has one) */
    synchronized String poll(String taskId, String caller) {
        JobStore.Run r = store.run(taskId).orElseThrow(() -> ControlRefusal.notFound("no task " + taskId + " on node " + self));
        participating(r.jobId(), caller);
        return refresh(r).status();
    }

    /** E6: stops this node's runs from {@code taskName} on (all of them when empty). */
    synchronized void stop(String jobId, String taskName, String caller) {
        JobStore.Job j = participating(jobId, caller);
        JobDefinition def = JobDefinition.of(j);
        Set<String> names = stopSet(def, taskName);
        long now = clock.getAsLong();
        for (JobStore.Run r : store.runs(jobId)) {
            if (names.contains(r.taskName()) && !final_(r.status())) {
                tasks.cancel(r.taskId());
                store.runStatus(r.taskId(), "FAILED", STOPPED + "by the scheduler " + caller, now);
            }
        }
        if (taskName == null || taskName.isEmpty()) {
            // on the scheduler's own node the job's row is the scheduler's: it has moved it already
            if (j.scheduling() || store.move(jobId, List.of("PENDING", "READY", "RUNNING"), "FINISHED", "STOPPED",
                    "stopped by the scheduler " + caller, now)) {
                releaseSession.accept("session_" + jobId);
            }
        }
    }

    /** @return the instance names a stop from {@code taskName} ends: it and all downstream (all when empty, spec 20 §3.2) */
    static Set<String> stopSet(JobDefinition def, String taskName) {
        if (taskName == null || taskName.isEmpty()) {
            return def.dag().instanceNames();
        }
        DagComponent from = def.dag().component(taskName).orElseThrow(() -> ControlRefusal.badRequest(
                "task_name " + taskName + " is not an instance of job " + def.jobId() + "'s DAG"));
        Set<String> out = new java.util.LinkedHashSet<>();
        out.add(from.name());
        def.dag().downstreamOf(from.name()).forEach(d -> out.add(d.name()));
        return out;
    }

    static boolean final_(String status) {
        return "SUCCESS".equals(status) || "FAILED".equals(status);
    }

    /** Takes a run's status from the runtime; @return the run as stored afterwards */
    private JobStore.Run refresh(JobStore.Run r) {
        if (final_(r.status())) {
            return r;
        }
        Optional<TaskStatus> s = tasks.status(r.taskId());
        String state = s.map(TaskStatus::state).orElse("FAILED");
        String reason = s.isPresent() ? s.get().reason() : "the component runtime does not know the task (the node restarted?)";
        if (!state.equals(r.status()) && store.runStatus(r.taskId(), state, reason, clock.getAsLong())) {
            return store.run(r.taskId()).orElseThrow();
        }
        return r;
    }

    /**
     * The participant's periodic work: takes the runtime's statuses, pushes changes to the scheduler in callback mode
     * (until it acknowledges them), and ends the job here once all its tasks have ended.
     *
     * @return whether this node has a run that is not over (or not yet acknowledged)
     */
    boolean tick() {
        List<JobStore.Run> open = store.openRuns();
        for (JobStore.Run r : open) {
            JobStore.Run now;
            JobStore.Job j;
            synchronized (this) {
                now = refresh(r);
                j = store.job(r.jobId()).orElse(null);
            }
            if (j == null) {
                continue;
            }
            if (JobDefinition.CALLBACK.equals(j.syncType()) && !now.status().equals(now.reported())) {
                try {
                    nodes.callback(j.scheduler(), now.taskId(), now.status(), firstRole(now.roles()));
                    store.reported(now.taskId(), now.status());
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "callback of task " + now.taskId() + " to " + j.scheduler() + " not delivered yet", e);
                }
            } else if (!JobDefinition.CALLBACK.equals(j.syncType()) && final_(now.status())) {
                store.reported(now.taskId(), now.status()); // poll mode: the scheduler asks; nothing to push
            }
            if (final_(now.status())) {
                finishIfDone(j);
            }
        }
        return !open.isEmpty();
    }

    private synchronized void finishIfDone(JobStore.Job j) {
        if (!"RUNNING".equals(j.status())) {
            return;
        }
        JobDefinition def = JobDefinition.of(j);
        Map<String, String> last = new TreeMap<>();
        store.runs(j.jobId()).forEach(r -> last.put(r.taskName(), r.status()));
        boolean failed = last.values().stream().anyMatch("FAILED"::equals);
        boolean all = def.dag().instanceNames().stream().allMatch(n -> "SUCCESS".equals(last.get(n)));
        if (all || failed && last.values().stream().allMatch(Participant::final_)) {
            if (j.scheduling()) {
                // this node also schedules the job: its row says what all parties did, which only the scheduler knows
                if (all) {
                    releaseSession.accept("session_" + j.jobId());
                }
            } else if (store.move(j.jobId(), List.of("RUNNING"), "FINISHED", all ? "SUCCESS" : "FAILED", null, clock.getAsLong())) {
                releaseSession.accept("session_" + j.jobId());
            }
        }
    }

    static String firstRole(String roles) {
        String first = roles.split(",")[0];
        int dot = first.lastIndexOf('.');
        return dot < 0 ? first : first.substring(0, dot);
    }

    // ------------------------------------------------------------------ the environment contract (spec 30 §3)

    /** @return the per-party entry of {@code task_params} for an instance (its data binding and parameters) */
    static Map<String, Object> binding(JobDefinition def, JobConfig.Party p, DagComponent c) {
        // parties are keyed <role>.<index>, each instance name to that party's parameters
        Object entry = def.config().taskParams().parties().getOrDefault(p.toString(), Map.of()).get(c.name());
        if (entry instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    /**
     * @return the input a party's {@code dataset_id} binding gives an instance ({@code {namespace, name}} in the task
     *         storage, from the dataset catalog: decision CTL4), empty when it binds none
     */
    Optional<String> input(JobDefinition def, JobConfig.Party p, DagComponent c) {
        Object id = binding(def, p, c).get("dataset_id");
        if (id == null) {
            return Optional.empty();
        }
        if (!(id instanceof String datasetId) || datasetId.isBlank()) {
            throw ControlRefusal.badRequest("config.task_params." + p.role() + "." + p.index() + "." + c.name() + ".dataset_id must be a string");
        }
        JobApprovals.Dataset d = approvals.dataset(datasetId).orElseThrow(() -> ControlRefusal.badRequest(
                "dataset " + datasetId + " (config.task_params." + p.role() + "." + p.index() + "." + c.name() + ") is not in node "
                        + self + "'s catalog"));
        String[] parts = d.location().replace('\\', '/').split("/", 3);
        if (parts.length < 3 || !parts[0].equals("storage")) {
            throw ControlRefusal.badRequest("dataset " + datasetId + " of node " + self + " lies at " + d.location()
                    + ", outside the task storage: register it under storage/<namespace>/<name>");
        }
        return Optional.of(ref(parts[1], parts[2]));
    }

    private static String ref(String namespace, String name) {
        try {
            Map<String, String> m = new TreeMap<>();
            m.put("name", name);
            m.put("namespace", namespace);
            return JobDefinition.JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A parameter as an env value: strings as they are, booleans lower case, anything else as JSON. */
    static String value(Object v) {
        if (v instanceof String s) {
            return s;
        }
        try {
            return JobDefinition.JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw ControlRefusal.badRequest("a task parameter cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** @return the environment of this node's run of one task (decision CTL4) */
    Map<String, String> environment(JobDefinition def, String taskId, DagComponent c, Map<String, String> upstreamTaskIds) {
        Map<String, String> env = new LinkedHashMap<>();
        List<JobConfig.Party> mine = def.partiesOf(self);
        JobConfig.Party first = mine.get(0);
        env.put("config.task_id", taskId);
        env.put("config.self_role", def.rolesOf(self));
        for (JobConfig.Party p : def.config().parties()) {
            env.put("config.node_id." + p, p.nodeId());
            env.put("config.inst_id." + p, p.nodeId());
        }
        env.put("config.session_id", "session_" + def.jobId());
        env.put("config.trace_id", def.jobId());
        env.put("config.token", "token_" + def.jobId());
        env.put("runtime.component.name", c.componentName());
        Object common = def.config().taskParams().common().get(c.name());
        if (common instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put("runtime.component.parameter." + k, value(v)));
        }
        binding(def, first, c).forEach((k, v) -> {
            if (!"dataset_id".equals(k)) {
                env.put("runtime.component.parameter." + k, value(v));
            }
        });
        String namespace = def.jobId() + "-" + first.role() + "-" + first.index();
        // the DAG's inputs feed the component's declared inputs in order; a dataset binding the first one left (CTL4)
        List<String> names = inputNames(c);
        int i = 0;
        for (DagPort in : c.input()) {
            String up = upstreamTaskIds.get(in.upstreamInstance());
            String name = i < names.size() ? names.get(i) : in.upstreamOutput();
            env.put("runtime.component.input." + name, ref(namespace, up + "-" + in.upstreamOutput()));
            i++;
        }
        String bound = i < names.size() ? names.get(i) : names.isEmpty() ? "train_data" : null;
        Optional<String> dataset = input(def, first, c);
        if (dataset.isPresent()) {
            if (bound == null) {
                throw ControlRefusal.badRequest("task " + c.name() + " binds a dataset, but component " + c.componentName()
                        + " declares no input left for it");
            }
            env.put("runtime.component.input." + bound, dataset.get());
        }
        List<String> outs = new ArrayList<>();
        for (DagPort out : c.output()) {
            env.put("runtime.component.output." + out.key(), ref(namespace, taskId + "-" + out.key()));
            outs.add(out.key());
        }
        return env;
    }

    /** @return the names of a component's declared inputs ({@code inputData} of its self-description), in order */
    private List<String> inputNames(DagComponent c) {
        for (ComponentDescription d : components.get()) {
            if (c.componentName().equals(d.code()) && c.version().equals(d.version())) {
                List<String> out = new ArrayList<>();
                for (Map<String, Object> in : d.inputs()) {
                    // inputs() lists the hyper-parameters too (inputParam); the data inputs are those with a category
                    if (in.get("category") != null && in.get("name") instanceof String s && !s.isBlank()) {
                        out.add(s);
                    }
                }
                return out;
            }
        }
        return List.of();
    }
}
