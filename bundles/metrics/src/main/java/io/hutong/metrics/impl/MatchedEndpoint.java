/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.metrics.impl;

import java.util.ArrayList;
import java.util.List;

import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.JakartarsWhiteboardConstants;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Planes;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Names the endpoint a request reached for {@link PlaneRequestMeter}: the matched resource method's path
 * TEMPLATE ({@code /v1/admin/routes/{nodeId}}), never the raw path, so random URLs cannot multiply the
 * label's values. A request filter on every application of both planes, run before any other (so a call
 * refused by east-west authentication still names its endpoint); the name travels as a request property,
 * which in a servlet container is a request attribute.
 *
 * <p>Everything is read from the request's own context: one instance serves every application of both
 * whiteboards, and {@code @Context} fields would hold the proxies of whichever application injected last
 * (outside that application's request scope they fail). The templates come from Jersey's
 * {@link ExtendedUriInfo} (the whiteboard's JAX-RS implementation), which also knows sub-resource locators.
 */
@Component(service = ContainerRequestFilter.class,
        property = JakartarsWhiteboardConstants.JAKARTA_RS_APPLICATION_SELECT + "=(" + JakartarsWhiteboardConstants.JAKARTA_RS_NAME + "=*)")
@JakartarsExtension
@JakartarsName("hutong.metrics.endpoint")
@JakartarsWhiteboardTarget("(" + Planes.PROPERTY + "=*)")
@Priority(1)
public class MatchedEndpoint implements ContainerRequestFilter {

    /** The request attribute holding the template. */
    static final String ATTRIBUTE = "io.hutong.metrics.endpoint";

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo uri) || uri.getMatchedResourceMethod() == null) {
            return;
        }
        // most specific first: the resource method's template, then its class's, up to the root resource
        List<UriTemplate> matched = uri.getMatchedTemplates();
        List<String> parts = new ArrayList<>();
        parts.add(uri.getBaseUri().getPath());
        for (int i = matched.size() - 1; i >= 0; i--) {
            parts.add(matched.get(i).getTemplate());
        }
        request.setProperty(ATTRIBUTE, template(parts));
    }

    /** @return the parts (application base, then templates from the root resource on) joined by single slashes */
    static String template(List<String> parts) {
        StringBuilder t = new StringBuilder();
        for (String part : parts) {
            if (part == null) {
                continue;
            }
            for (String segment : part.split("/")) {
                if (!segment.isEmpty()) {
                    t.append('/').append(segment);
                }
            }
        }
        return t.length() == 0 ? "/" : t.toString();
    }
}
