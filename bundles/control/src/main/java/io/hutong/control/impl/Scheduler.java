/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hutong.api.control.dag.DagComponent;

/**
 * This node as the scheduler of jobs (spec 20 §3): creates a job on every participant and gathers their answers,
 * starts it, starts its tasks in DAG order (in parallel where the DAG allows), learns their states by polling or
 * from callbacks, stops the job everywhere when a task fails or a party asks, and ends it. Everything it decides is
 * written to the database first, and every step reads from there, so a scheduler restarted mid-job — even killed —
 * carries on where it was (decision CTL5).
 */
final class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final JobStore store;
    private final String self;
    private final Nodes nodes;
    private final LongSupplier clock;
    private final long callbackRecheckMs;

    /**
     * @param callbackRecheckMs in callback mode, how long a running task may go without news before the scheduler
     *                          polls it anyway (a callback lost while the scheduler was down, decision CTL2)
     */
    Scheduler(JobStore store, String self, Nodes nodes, LongSupplier clock, long callbackRecheckMs) {
        this.store = store;
        this.self = self;
        this.nodes = nodes;
        this.clock = clock;
        this.callbackRecheckMs = callbackRecheckMs;
    }

    /** @return {@code prefix} and 32 random lower-case hex digits (M4: {@code job-…}, {@code task_…}) */
    static String newId(String prefix) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    /** E1: creates the job on every participant; refused by one, it is REJECTED and ended on the others. */
    void createAll(JobDefinition def, String caller) {
        String jobId = def.jobId();
        if (!caller.equals(def.initiator())) {
            throw ControlRefusal.forbidden("job " + jobId + " names " + def.initiator() + " as initiator (config.initiator), not node " + caller);
        }
        if (!self.equals(def.scheduler())) {
            throw ControlRefusal.badRequest("node " + self + " is not the scheduler of job " + jobId + " (config.job_params.common.scheduler is "
                    + def.scheduler() + ")");
        }
        long now = clock.getAsLong();
        synchronized (this) {
            var known = store.job(jobId);
            if (known.isPresent() && known.get().scheduling()) {
                if (!def.sameAs(known.get().dag(), known.get().config())) {
                    throw ControlRefusal.conflict("job " + jobId + " exists with another definition");
                }
                if (!"PENDING".equals(known.get().status())) {
                    return; // asked again after it was created
                }
            } else if (known.isPresent()) {
                store.roles(jobId, true, null, null, now);
            } else {
                store.insert(new JobStore.Job(jobId, def.flowId(), def.dagJson(), def.configJson(), def.initiator(), def.scheduler(),
                        def.syncType(), false, true, false, "PENDING", null, null, null, now, now));
            }
        }
        List<String> created = new ArrayList<>();
        for (String node : def.nodes()) {
            try {
                nodes.create(node, def);
                created.add(node);
            } catch (ControlRefusal e) {
                String why = e.getMessage().startsWith("node " + node) ? e.getMessage() : "node " + node + " refused: " + e.getMessage();
                store.move(jobId, List.of("PENDING"), "REJECTED", "REJECTED", why, clock.getAsLong());
                for (String other : created) {
                    try {
                        nodes.stop(other, jobId, "");
                    } catch (RuntimeException ignored) {
                        LOG.log(Level.FINE, "job " + jobId + " not ended on " + other, ignored);
                    }
                }
                throw new ControlRefusal(e.status(), "job " + jobId + " rejected: " + why);
            }
        }
        store.move(jobId, List.of("PENDING"), "READY", null, null, clock.getAsLong());
        LOG.info(() -> "job " + jobId + " created on " + def.nodes() + ", ready");
    }

    private JobStore.Job scheduled(String jobId) {
        return store.job(jobId).filter(JobStore.Job::scheduling)
                .orElseThrow(() -> ControlRefusal.notFound("node " + self + " schedules no job " + jobId));
    }

    private static void requireParty(JobDefinition def, String caller) {
        if (!def.nodes().contains(caller) && !caller.equals(def.initiator())) {
            throw ControlRefusal.forbidden("node " + caller + " is not a party of job " + def.jobId());
        }
    }

    /** E5: a party asks to stop the job from {@code taskName} on (all of it when empty). */
    void stopAll(String jobId, String taskName, String caller) {
        JobStore.Job j = scheduled(jobId);
        JobDefinition def = JobDefinition.of(j);
        requireParty(def, caller);
        Participant.stopSet(def, taskName); // an unknown task name is refused before anything stops
        stop(j, def, taskName, Participant.STOPPED + "by node " + caller);
    }

    private void stop(JobStore.Job j, JobDefinition def, String taskName, String reason) {
        String jobId = j.jobId();
        long now = clock.getAsLong();
        store.stopFrom(jobId, taskName, now);
        Set<String> names = Participant.stopSet(def, taskName);
        for (JobStore.Task t : store.tasks(jobId)) {
            if (names.contains(t.taskName()) && !Participant.final_(t.status())) {
                store.taskStatus(t.taskId(), t.nodeId(), "FAILED", reason, now);
            }
        }
        boolean all = taskName == null || taskName.isEmpty();
        if (all) {
            store.move(jobId, List.of("PENDING", "READY", "RUNNING"), "FINISHED", reason.startsWith(Participant.STOPPED) ? "STOPPED" : "FAILED",
                    reason, now);
        }
        for (String node : def.nodes()) {
            try {
                nodes.stop(node, jobId, taskName == null ? "" : taskName);
            } catch (RuntimeException e) {
                // a party that cannot be told ends its tasks when they end; the job has ended here either way
                LOG.log(Level.WARNING, "job " + jobId + ": stop not delivered to node " + node + ": " + e.getMessage());
            }
        }
        LOG.info(() -> "job " + jobId + " stopped" + (all ? "" : " from task " + taskName) + ": " + reason);
    }

    /** E7/N3: the job's status and, per task id, the status over all parties. */
    Map<String, Object> statusAll(String jobId, String caller) {
        JobStore.Job j = scheduled(jobId);
        if (!caller.equals(self)) {
            requireParty(JobDefinition.of(j), caller);
        }
        Map<String, List<String>> byTask = new LinkedHashMap<>();
        store.tasks(jobId).forEach(t -> byTask.computeIfAbsent(t.taskId(), k -> new ArrayList<>()).add(t.status()));
        Map<String, String> status = new LinkedHashMap<>();
        byTask.forEach((id, states) -> status.put(id, overall(states)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_status", j.status());
        data.put("status", status);
        return data;
    }

    /** @return a task's status over its parties: FAILED if one failed, SUCCESS if all succeeded, else the least advanced */
    static String overall(List<String> states) {
        if (states.contains("FAILED")) {
            return "FAILED";
        }
        if (states.stream().allMatch("SUCCESS"::equals)) {
            return "SUCCESS";
        }
        for (String s : List.of("PENDING", "READY", "RUNNING")) {
            if (states.contains(s)) {
                return s;
            }
        }
        return "RUNNING";
    }

    /** E9: a party reports its task's status. */
    void callback(String taskId, String status, String caller) {
        List<JobStore.Task> rows = store.tasksById(taskId);
        if (rows.isEmpty()) {
            throw ControlRefusal.notFound("node " + self + " schedules no task " + taskId);
        }
        JobStore.Task row = rows.stream().filter(t -> t.nodeId().equals(caller)).findFirst()
                .orElseThrow(() -> ControlRefusal.forbidden("node " + caller + " does not run task " + taskId));
        if (!Set.of("PENDING", "READY", "RUNNING", "SUCCESS", "FAILED").contains(status)) {
            throw ControlRefusal.badRequest("status must be PENDING, READY, RUNNING, SUCCESS or FAILED");
        }
        store.taskStatus(taskId, caller, status, "FAILED".equals(status) ? "reported FAILED by node " + caller : null, clock.getAsLong());
        LOG.fine(() -> "task " + row.taskName() + " on " + caller + ": " + status + " (callback)");
    }

    /**
     * The scheduler's periodic work over every job it runs.
     *
     * @return whether this node schedules a job that has not ended
     */
    boolean tick() {
        List<JobStore.Job> jobs = store.scheduling();
        for (JobStore.Job j : jobs) {
            try {
                step(j);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "job " + j.jobId() + ": scheduling step failed, will retry: " + e.getMessage(), e);
            }
        }
        return !jobs.isEmpty();
    }

    private void step(JobStore.Job j) {
        JobDefinition def = JobDefinition.of(j);
        String jobId = j.jobId();
        if ("READY".equals(j.status())) {
            for (String node : def.nodes()) {
                try {
                    nodes.start(node, jobId);
                } catch (ControlRefusal e) {
                    if (e.status() == 503) {
                        return; // unreachable for now: try again on the next step
                    }
                    stop(j, def, "", "job/start refused: " + e.getMessage());
                    return;
                }
            }
            store.move(jobId, List.of("READY"), "RUNNING", null, null, clock.getAsLong());
            return;
        }
        long now = clock.getAsLong();
        List<JobStore.Task> tasks = store.tasks(jobId);
        // learn the states of tasks still running
        for (JobStore.Task t : tasks) {
            if (Participant.final_(t.status()) || "PENDING".equals(t.status())) {
                continue;
            }
            if ("READY".equals(t.status())) {
                // written before the scheduler stopped, never started: start it now (a participant asked again says yes)
                try {
                    nodes.taskStart(t.nodeId(), t.taskId(), jobId, t.taskName());
                    store.taskStatus(t.taskId(), t.nodeId(), "RUNNING", null, now);
                } catch (ControlRefusal e) {
                    if (e.status() != 503) {
                        store.taskStatus(t.taskId(), t.nodeId(), "FAILED", "task/start refused: " + e.getMessage(), now);
                    }
                }
                continue;
            }
            boolean poll = JobDefinition.POLL.equals(j.syncType()) || now - t.updatedAt() > callbackRecheckMs;
            if (poll) {
                try {
                    String s = nodes.poll(t.nodeId(), t.taskId(), t.role());
                    if (Set.of("PENDING", "READY", "RUNNING", "SUCCESS", "FAILED").contains(s)) {
                        store.taskStatus(t.taskId(), t.nodeId(), s, "FAILED".equals(s) ? "FAILED on node " + t.nodeId() : null, now);
                    }
                } catch (ControlRefusal e) {
                    if (e.status() != 503) {
                        store.taskStatus(t.taskId(), t.nodeId(), "FAILED", "task/poll refused: " + e.getMessage(), now);
                    }
                }
            }
        }
        tasks = store.tasks(jobId);
        Map<String, List<JobStore.Task>> byName = new LinkedHashMap<>();
        tasks.forEach(t -> byName.computeIfAbsent(t.taskName(), k -> new ArrayList<>()).add(t));
        boolean stopping = j.stopFrom() != null;
        for (JobStore.Task t : tasks) {
            if ("FAILED".equals(t.status()) && !stopping) {
                stop(j, def, "", "task " + t.taskName() + " (" + t.taskId() + ") failed on node " + t.nodeId()
                        + (t.reason() == null ? "" : ": " + t.reason()));
                return;
            }
        }
        boolean running = tasks.stream().anyMatch(t -> !Participant.final_(t.status()));
        // start every task whose upstream tasks all succeeded everywhere
        for (DagComponent c : def.dag().topologicalOrder()) {
            if (byName.containsKey(c.name()) || stopping) {
                continue;
            }
            boolean ready = def.dag().upstreamOf(c.name()).stream().allMatch(up -> byName.containsKey(up.name())
                    && byName.get(up.name()).stream().allMatch(t -> "SUCCESS".equals(t.status())));
            if (ready) {
                startTask(j, def, c);
                running = true;
            }
        }
        if (!running) {
            boolean all = def.dag().instanceNames().stream().allMatch(n -> byName.containsKey(n)
                    && byName.get(n).stream().allMatch(t -> "SUCCESS".equals(t.status())));
            if (all) {
                store.move(jobId, List.of("RUNNING"), "FINISHED", "SUCCESS", null, now);
                LOG.info(() -> "job " + jobId + " finished: every task succeeded");
            } else if (stopping) {
                store.move(jobId, List.of("RUNNING"), "FINISHED", "STOPPED", "stopped from task " + j.stopFrom(), now);
            }
        }
    }

    private void startTask(JobStore.Job j, JobDefinition def, DagComponent c) {
        String taskId = newId("task_");
        long now = clock.getAsLong();
        for (String node : def.nodes()) {
            store.insert(new JobStore.Task(taskId, node, j.jobId(), c.name(), Participant.firstRole(def.rolesOf(node)), "READY", null, now));
        }
        for (String node : def.nodes()) {
            try {
                nodes.taskStart(node, taskId, j.jobId(), c.name());
                store.taskStatus(taskId, node, "RUNNING", null, clock.getAsLong());
            } catch (ControlRefusal e) {
                store.taskStatus(taskId, node, "FAILED", "task/start refused: " + e.getMessage(), clock.getAsLong());
            }
        }
        LOG.info(() -> "job " + j.jobId() + ": task " + c.name() + " (" + taskId + ") started on " + def.nodes());
    }
}
