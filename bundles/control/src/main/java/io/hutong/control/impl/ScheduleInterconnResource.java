/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.auth.VerifiedCaller;
import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The east-west control endpoints (spec 20 §4.1, E1-E9) between schedulers and participants. Every one is signed
 * and checked by the plane's authentication filter (a call without a valid signature of a contracted node never
 * reaches a method); the caller it verified is who the job's rules are checked against.
 */
@Component(service = ScheduleInterconnResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/interconn/schedule")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleInterconnResource {

    @Reference
    ControlPlane plane;

    static String caller(ContainerRequestContext ctx) {
        if (!(ctx.getProperty(VerifiedCaller.PROPERTY) instanceof VerifiedCaller v) || !v.signed()) {
            // the filter lets no unsigned call through to a signed endpoint; refuse rather than trust a gap
            throw new ControlRefusal(401, "the call is not signed by a contracted node");
        }
        return v.nodeId();
    }

    private static Envelope<Object> ok() {
        return Envelope.ok(Map.of());
    }

    @POST
    @Path("job/create_all")
    public Envelope<Object> createAll(@Context ContainerRequestContext ctx, ControlRequests.JobCreate b) {
        plane.scheduler().createAll(JobDefinition.parse(b.jobId(), b.flowId(), b.dag(), b.config()), caller(ctx));
        return ok();
    }

    @POST
    @Path("job/create")
    public Envelope<Object> create(@Context ContainerRequestContext ctx, ControlRequests.JobCreate b) {
        plane.participant().create(JobDefinition.parse(b.jobId(), b.flowId(), b.dag(), b.config()), caller(ctx));
        return ok();
    }

    @POST
    @Path("job/start")
    public Envelope<Object> start(@Context ContainerRequestContext ctx, ControlRequests.JobRef b) {
        plane.participant().start(b.jobId(), caller(ctx));
        return ok();
    }

    @POST
    @Path("task/start")
    public Envelope<Object> taskStart(@Context ContainerRequestContext ctx, ControlRequests.TaskStart b) {
        plane.participant().taskStart(b.taskId(), b.jobId(), b.taskName(), caller(ctx));
        return ok();
    }

    @POST
    @Path("job/stop_all")
    public Envelope<Object> stopAll(@Context ContainerRequestContext ctx, ControlRequests.JobStop b) {
        plane.scheduler().stopAll(b.jobId(), b.taskName() == null ? "" : b.taskName(), caller(ctx));
        return ok();
    }

    @POST
    @Path("job/stop")
    public Envelope<Object> stop(@Context ContainerRequestContext ctx, ControlRequests.JobStop b) {
        plane.participant().stop(b.jobId(), b.taskName() == null ? "" : b.taskName(), caller(ctx));
        return ok();
    }

    /** E7: POST with {@code job_id} in the query, as the standard has it; GET too. */
    @POST
    @Path("job/status_all")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Envelope<Object> statusAll(@Context ContainerRequestContext ctx, @QueryParam("job_id") String jobId) {
        return Envelope.ok(plane.scheduler().statusAll(PlatformScheduleResource.jobId(jobId), caller(ctx)));
    }

    @GET
    @Path("job/status_all")
    public Envelope<Object> statusAllGet(@Context ContainerRequestContext ctx, @QueryParam("job_id") String jobId) {
        return statusAll(ctx, jobId);
    }

    @POST
    @Path("task/poll")
    public Envelope<Object> poll(@Context ContainerRequestContext ctx, ControlRequests.TaskPoll b) {
        return Envelope.ok(Map.of("status", plane.participant().poll(b.taskId(), caller(ctx))));
    }

    @POST
    @Path("task/callback")
    public Envelope<Object> callback(@Context ContainerRequestContext ctx, ControlRequests.TaskCallback b) {
        plane.scheduler().callback(b.taskId(), b.status(), caller(ctx));
        return ok();
    }
}
