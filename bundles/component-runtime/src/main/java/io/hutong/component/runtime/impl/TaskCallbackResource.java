/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.hutong.api.auth.Unsigned;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * C1 {@code POST /v1/platform/schedule/task/callback} (spec 20 §4.2): a component reports its task's
 * state to this node. Served on the east-west plane, where the component reaches the node, so anyone
 * may call it: the report is taken only with the per-task secret the node put in the task's
 * {@code system.callback} query string (decision EXT5).
 */
@Component(service = TaskCallbackResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Unsigned(reason = "C1 (spec 20 §4.2, EXT5): the caller is a component process of this node, which has no contract and"
        + " no key; the per-task secret in the query string of its system.callback authenticates it", headers = false)
@Path(InProcessTasks.CALLBACK_PATH)
public class TaskCallbackResource {

    /** The report: {@code {"task_id","status","role"}}. */
    public record TaskCallback(
            @JsonProperty("task_id") @NotBlank(message = "is required") @Size(max = 128, message = "must be at most {max} characters") String taskId,
            @NotBlank(message = "is required") @Pattern(regexp = "RUNNING|SUCCESS|FAILED", message = "must be RUNNING, SUCCESS or FAILED") String status,
            @NotBlank(message = "is required") @Size(max = 128, message = "must be at most {max} characters") String role) {
    }

    @Reference
    InProcessComponentRuntime runtime;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Map<String, Object>> callback(@QueryParam("secret") String secret, TaskCallback body) {
        if (body == null) {
            throw new BadRequestException("body missing: {\"task_id\":…,\"status\":…,\"role\":…}");
        }
        TaskStatus s;
        try {
            s = runtime.callback(body.taskId(), secret, body.status(), body.role());
        } catch (InProcessTasks.CallbackRefused e) {
            throw new ForbiddenException(e.getMessage());
        } catch (InProcessTasks.TaskEnded e) {
            throw new ClientErrorException(e.getMessage(), 409);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", s.taskId());
        data.put("status", s.state());
        return Envelope.ok(data);
    }
}
