/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.hutong.api.component.ComponentTasks;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.auth.Unsigned;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/platform/algorithm/task/query} (spec 30 §6.1): the scheduler asks for a task's
 * state. Served on the east-west plane with the other container-facing endpoints (decision CR1);
 * the answer is top-level {@code {"code":0,"status":…,"role":…}} without the M1 envelope.
 */
@Component(service = TaskQueryResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Unsigned(reason = "spec 30 §6.1 (CR1, AUTH3): the caller is the node's own scheduler, which has no contract (and so no"
        + " key) with itself; the answer is a task state only", headers = false)
@Path("/v1/platform/algorithm/task/query")
public class TaskQueryResource {

    /** The request: {@code {"task_id": …}}. */
    public record TaskQuery(@JsonProperty("task_id") String taskId) {
    }

    /** The answer, fields at the top level as the standard shows it. */
    public record TaskQueryAnswer(int code, String status, String role) {
    }

    @Reference
    ComponentTasks tasks;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TaskQueryAnswer query(TaskQuery body) {
        if (body == null || body.taskId() == null || body.taskId().isBlank()) {
            throw new BadRequestException("task_id is missing");
        }
        TaskStatus s = tasks.status(body.taskId().strip())
                .orElseThrow(() -> new NotFoundException("no task " + body.taskId() + " on this node"));
        return new TaskQueryAnswer(0, s.state(), s.role());
    }
}
