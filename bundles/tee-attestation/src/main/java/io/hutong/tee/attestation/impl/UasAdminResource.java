/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/admin/tee/uas} on the admin plane: the UAS algorithm, key fingerprint, certificate and clock. */
@Component(service = UasAdminResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin/tee/uas")
public class UasAdminResource {

    @Reference
    UasNode uas;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Map<String, Object>> uas() {
        return Envelope.ok(uas.describe());
    }
}
