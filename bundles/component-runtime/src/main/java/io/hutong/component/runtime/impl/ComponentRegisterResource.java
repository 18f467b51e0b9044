/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.component.ComponentLauncher.LaunchSpec;
import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/platform/schedule/component/register} (spec 20 N8) on the admin plane: an operator
 * registers an external component with its self-description ({@code component_info}, spec 30 §2), the
 * image it comes from and Hutong's {@code launch} spec (decision EXT2). The component is offered at once
 * and again after a restart.
 */
@Component(service = ComponentRegisterResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/platform/schedule/component/register")
public class ComponentRegisterResource {

    static final String REQUIRED = "is required";
    static final String TOO_LONG = "must be at most {max} characters";
    static final String TOO_MANY = "must have at most {max} entries";
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*";
    static final String NAME_MSG = "may contain only letters, digits, '_', '.' and '-'";
    /** The largest self-description stored, as JSON text (the column's size). */
    static final int MAX_INFO_CHARS = 262_144;
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * The request: the standard's two fields and Hutong's launch spec.
     *
     * @param imageUrl      the image address (kept and listed; the process launcher does not pull it)
     * @param componentInfo the self-description
     * @param launch        how Hutong starts a task of it
     */
    public record ComponentRegister(
            @NotBlank(message = REQUIRED) @Size(max = 2048, message = TOO_LONG) String imageUrl,
            @JsonProperty("component_info") @NotNull(message = REQUIRED) @Valid ComponentInfo componentInfo,
            @NotNull(message = REQUIRED) @Valid Launch launch) {
    }

    /**
     * The self-description (spec 20 §5.3, spec 30 §2), typed where Hutong relies on a field and lenient
     * elsewhere: {@code roleList} and {@code storageEngine} may be a single string, the
     * parameter and data definitions are kept as given.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ComponentInfo(
            @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) @Pattern(regexp = NAME, message = NAME_MSG) String componentName,
            @Size(max = 256, message = TOO_LONG) String title,
            @NotBlank(message = REQUIRED) @Size(max = 128, message = TOO_LONG) @Pattern(regexp = NAME, message = NAME_MSG) String provider,
            @NotBlank(message = REQUIRED) @Size(max = 64, message = TOO_LONG) @Pattern(regexp = NAME, message = NAME_MSG) String version,
            @Size(max = 4000, message = TOO_LONG) String description,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            @NotEmpty(message = REQUIRED) @Size(max = 32, message = TOO_MANY)
            List<@NotBlank(message = REQUIRED) @Size(max = 64, message = TOO_LONG) @Pattern(regexp = NAME, message = NAME_MSG) String> roleList,
            @Size(max = 64, message = TOO_LONG) String desVersion,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            @NotEmpty(message = REQUIRED) @Size(max = 16, message = TOO_MANY)
            List<@NotBlank(message = REQUIRED) @Size(max = 64, message = TOO_LONG) String> storageEngine,
            @Size(max = 256, message = TOO_MANY) List<Map<String, Object>> inputParam,
            @Size(max = 256, message = TOO_MANY) List<Map<String, Object>> inputData,
            @Size(max = 256, message = TOO_MANY) List<Map<String, Object>> outputData,
            @Size(max = 256, message = TOO_MANY) List<Map<String, Object>> result) {
    }

    /**
     * Hutong's launch spec (decision EXT2).
     *
     * @param type      the launcher, {@code process} when absent
     * @param command   the program and its arguments (required by the process launcher)
     * @param directory the working directory; absent = the task's log directory
     */
    public record Launch(
            @Size(max = 32, message = TOO_LONG) @Pattern(regexp = "[a-z][a-z0-9_-]*", message = "must be a lower-case launcher name such as process") String type,
            @Size(max = 64, message = TOO_MANY) List<@NotNull(message = REQUIRED) @Size(max = 4096, message = TOO_LONG) String> command,
            @Size(max = 4096, message = TOO_LONG) String directory) {
    }

    @Reference
    ExternalComponents components;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Map<String, Object>> register(ComponentRegister body) throws SQLException {
        if (body == null) {
            throw new BadRequestException("body missing: {\"imageUrl\":…,\"component_info\":{…},\"launch\":{\"command\":[…]}}");
        }
        Map<String, Object> info;
        try {
            String text = JSON.writeValueAsString(body.componentInfo());
            if (text.length() > MAX_INFO_CHARS) {
                throw new BadRequestException("component_info must be at most " + MAX_INFO_CHARS + " characters of JSON");
            }
            info = JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new BadRequestException("component_info cannot be read: " + e.getOriginalMessage());
        }
        Launch l = body.launch();
        String type = l.type() == null || l.type().isBlank() ? ProcessLauncher.TYPE : l.type();
        LaunchSpec spec = new LaunchSpec(type, l.command(), l.directory() == null || l.directory().isBlank() ? null : l.directory());
        ComponentRegistration r;
        try {
            r = components.register(body.imageUrl().strip(), info, spec);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("componentName", r.componentName());
        data.put("version", r.version());
        data.put("provider", r.provider());
        data.put("imageUrl", r.imageUrl());
        data.put("launch", r.launch().type());
        data.put("registered", r.registered().toString());
        return Envelope.ok(data);
    }
}
