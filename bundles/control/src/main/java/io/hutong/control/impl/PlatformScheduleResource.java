/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The north-south platform API of the control layer (spec 20 §4.3, N1-N7) on the admin plane, for the platform's
 * own upper services, operators, the CLI and the console: authenticated like the rest of that plane. A call about a
 * job goes to the job's scheduler, whichever node that is.
 */
@Component(service = PlatformScheduleResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/platform/schedule")
@Produces(MediaType.APPLICATION_JSON)
public class PlatformScheduleResource {

    private static final Pattern JOB_ID = Pattern.compile(ControlRequests.JOB_ID);
    private static final Pattern TASK_ID = Pattern.compile(ControlRequests.TASK_ID);
    private static final Pattern ERROR_LINE = Pattern.compile("(?i).*(error|fail|exception|refused).*");

    @Reference
    ControlPlane plane;

    static String jobId(String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw ControlRefusal.badRequest("job_id is required");
        }
        if (!JOB_ID.matcher(jobId).matches()) {
            throw ControlRefusal.badRequest("job_id " + ControlRequests.JOB_ID_MSG);
        }
        return jobId;
    }

    private JobStore.Job known(String jobId) {
        return plane.store().job(jobId(jobId)).orElseThrow(() -> ControlRefusal.notFound("no job " + jobId + " on this node"));
    }

    /** N1: creates a job this node initiates, through its scheduler; @return {@code {job_id}} */
    @POST
    @Path("job/create_all")
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<Object> createAll(ControlRequests.PlatformJobCreate b) {
        String jobId = b.jobId() != null ? b.jobId() : Scheduler.newId("job-");
        if (plane.store().job(jobId).isPresent()) {
            throw ControlRefusal.conflict("job " + jobId + " exists on this node");
        }
        JobDefinition def = JobDefinition.parse(jobId, b.flowId(), b.dag(), b.config());
        String self = plane.self();
        if (!self.equals(def.initiator())) {
            throw ControlRefusal.badRequest("config.initiator.node_id is " + def.initiator() + ", but this node is " + self
                    + ": a job is created on its initiator's platform");
        }
        long now = System.currentTimeMillis();
        plane.store().insert(new JobStore.Job(jobId, def.flowId(), def.dagJson(), def.configJson(), self, def.scheduler(), def.syncType(),
                true, false, false, "PENDING", null, null, null, now, now));
        try {
            plane.nodes().createAll(def.scheduler(), def);
        } catch (ControlRefusal e) {
            plane.store().move(jobId, List.of("PENDING"), "REJECTED", "REJECTED", e.getMessage(), System.currentTimeMillis());
            throw e;
        }
        return Envelope.ok(Map.of("job_id", jobId));
    }

    /** N2 */
    @POST
    @Path("job/stop_all")
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<Object> stopAll(ControlRequests.JobRef b) {
        JobStore.Job j = known(b.jobId());
        plane.nodes().stopAll(j.scheduler(), j.jobId(), "");
        return Envelope.ok(Map.of());
    }

    /** N7: stops a job from one task on (it and everything downstream). */
    @POST
    @Path("job/stop_task")
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<Object> stopTask(ControlRequests.StopTask b) {
        JobStore.Job j = known(b.jobId());
        plane.nodes().stopAll(j.scheduler(), j.jobId(), b.taskName());
        return Envelope.ok(Map.of());
    }

    /**
     * N3: the standard's {@code job_status} and {@code status} (task id to status), asked of the job's scheduler; when
     * this node schedules the job it adds what an operator needs to read it (Hutong's fields, decision CTL6).
     */
    @GET
    @Path("job/status_all")
    public Envelope<Object> statusAll(@QueryParam("job_id") String jobId) {
        JobStore.Job j = known(jobId);
        Map<String, Object> data = new LinkedHashMap<>();
        var answer = plane.nodes().statusAll(j.scheduler(), j.jobId());
        data.put("job_status", answer.path("job_status").asText());
        data.put("status", JobDefinition.JSON.convertValue(answer.path("status"), Map.class));
        JobStore.Job now = plane.store().job(j.jobId()).orElse(j);
        data.put("outcome", now.outcome());
        data.put("reason", now.reason());
        data.put("scheduler", now.scheduler());
        data.put("flow_id", now.flowId());
        if (now.scheduling()) {
            data.put("tasks", plane.store().tasks(j.jobId()).stream().map(t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task_id", t.taskId());
                m.put("task_name", t.taskName());
                m.put("node_id", t.nodeId());
                m.put("status", t.status());
                m.put("reason", t.reason());
                return m;
            }).toList());
        }
        data.put("runs", plane.store().runs(j.jobId()).stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", r.taskId());
            m.put("task_name", r.taskName());
            m.put("roles", r.roles());
            m.put("status", r.status());
            m.put("reason", r.reason());
            return m;
        }).toList());
        try {
            data.put("dag", JobDefinition.JSON.readTree(now.dag()));
        } catch (IOException e) {
            data.put("dag", null);
        }
        return Envelope.ok(data);
    }

    /** The OpenAPI description of this API (N1-N7 with Hutong's additions). */
    @GET
    @Path("openapi.json")
    public jakarta.ws.rs.core.Response openapi() throws IOException {
        try (java.io.InputStream in = getClass().getResourceAsStream("/openapi/platform-schedule.json")) {
            return jakarta.ws.rs.core.Response.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8), MediaType.APPLICATION_JSON_TYPE).build();
        }
    }

    /** N6: the jobs this node knows, by status. */
    @GET
    @Path("job/query_job_list")
    public Envelope<Object> jobList(@QueryParam("flow_id") String flowId) {
        Map<String, String> list = new LinkedHashMap<>();
        plane.store().jobs(flowId == null || flowId.isBlank() ? null : flowId).forEach(j -> list.put(j.jobId(), j.status()));
        return Envelope.ok(Map.of("job_list", list));
    }

    private List<String> lines(String taskId, String level) throws IOException {
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            throw ControlRefusal.badRequest("task_id " + ControlRequests.TASK_ID_MSG);
        }
        String l = level == null ? "" : level.toLowerCase(Locale.ROOT);
        if (!List.of("info", "debug", "error").contains(l)) {
            throw ControlRefusal.badRequest("log_level must be info, debug or error");
        }
        if (plane.store().run(taskId).isEmpty()) {
            throw ControlRefusal.notFound("task " + taskId + " did not run on this node");
        }
        java.nio.file.Path file = plane.taskLog(taskId);
        List<String> all = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        // the task log has one level; "error" keeps the lines that report a failure (decision CTL7)
        return "error".equals(l) ? all.stream().filter(s -> ERROR_LINE.matcher(s).matches()).toList() : all;
    }

    /** N4 */
    @GET
    @Path("task/get_log_line")
    public Envelope<Object> logLines(@QueryParam("task_id") String taskId, @QueryParam("log_level") String level) throws IOException {
        return Envelope.ok(Map.of("num", lines(taskId, level).size()));
    }

    /** N5: lines from {@code start} (0 = the first), {@code length} of them or all that follow. */
    @GET
    @Path("task/get_log")
    public Envelope<Object> log(@QueryParam("task_id") String taskId, @QueryParam("log_level") String level,
                                @QueryParam("start") String start, @QueryParam("length") String length) throws IOException {
        List<String> all = lines(taskId, level);
        int from = number(start, "start", true);
        int n = length == null || length.isBlank() ? Integer.MAX_VALUE : number(length, "length", false);
        List<String> part = from >= all.size() ? List.of() : all.subList(from, (int) Math.min(all.size(), (long) from + n));
        return Envelope.ok(Map.of("data", String.join("\n", part)));
    }

    private static int number(String s, String name, boolean required) {
        if (s == null || s.isBlank()) {
            if (required) {
                throw ControlRefusal.badRequest(name + " is required");
            }
            return 0;
        }
        try {
            int v = Integer.parseInt(s.strip());
            if (v < 0) {
                throw ControlRefusal.badRequest(name + " must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw ControlRefusal.badRequest(name + " must be an integer");
        }
    }
}
