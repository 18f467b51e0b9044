/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Planes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/admin/metrics}: the node's meters in the Prometheus text exposition (OpenMetrics when the
 * scraper asks for it), on the admin plane only, behind the admin plane's authentication like every
 * operator endpoint.
 */
@Component(service = MetricsResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin/metrics")
public class MetricsResource {

    @Reference
    NodeMetrics metrics;

    @Reference
    LayerFigures figures;

    @GET
    public Response scrape(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        figures.refresh();
        String type = NodeMetrics.contentType(accept);
        // the exact type (version, charset) the scraper parses by; not renegotiated by the JAX-RS runtime
        return Response.ok(metrics.scrape(type)).header(HttpHeaders.CONTENT_TYPE, type).build();
    }
}
