/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.component.TaskStatus;
import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/**
 * The operator's task API on the admin plane: start a component with a full task context (the entry
 * point the control layer calls in-process), list tasks, show one, read its log, cancel it.
 */
@Component(service = TaskAdminResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin/tasks")
public class TaskAdminResource {

    /**
     * The body of {@code POST /v1/admin/tasks}.
     *
     * @param component the componentName to run
     * @param version   the component version; absent = the highest registered
     * @param env       the environment contract as flat keys (spec 30 §3)
     */
    public record StartTask(String component, String version, Map<String, String> env) {
    }

    @Reference
    InProcessComponentRuntime runtime;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<TaskView> start(StartTask body) {
        if (body == null) {
            throw new BadRequestException("body missing: {\"component\":…,\"version\":…,\"env\":{…}}");
        }
        try {
            return Envelope.ok(TaskView.of(runtime.start(body.component(), body.version(), body.env())));
        } catch (InProcessTasks.TaskIdTaken e) {
            throw new ClientErrorException(e.getMessage(), 409);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new WebApplicationException(e.getMessage(), 503);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<List<TaskView>> list() {
        return Envelope.ok(runtime.list().stream().map(TaskView::of).toList());
    }

    @GET
    @Path("{taskId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<TaskView> show(@PathParam("taskId") String taskId) {
        return Envelope.ok(TaskView.of(known(taskId)));
    }

    @GET
    @Path("{taskId}/log")
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public String log(@PathParam("taskId") String taskId) throws IOException {
        known(taskId);
        java.nio.file.Path file = runtime.logFile(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("the log of task " + taskId + " is gone: " + file);
        }
    }

    @DELETE
    @Path("{taskId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<TaskView> cancel(@PathParam("taskId") String taskId) {
        TaskStatus s = known(taskId);
        if (!runtime.cancel(taskId)) {
            throw new ClientErrorException("task " + taskId + " is not running (" + s.state() + ")", 409);
        }
        return Envelope.ok(TaskView.of(known(taskId)));
    }

    private TaskStatus known(String taskId) {
        return runtime.status(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId + " on this node"));
    }
}
