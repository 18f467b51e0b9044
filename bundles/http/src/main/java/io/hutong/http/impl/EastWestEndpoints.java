/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/admin/east-west/endpoints} (AUTH4): every resource method the east-west plane serves right
 * now, as its REST runtime reports it, so an operator (and the test that proves each one refuses an unsigned
 * call) sees what strangers can reach. {@link AdminEndpoints} lists the admin plane the same way.
 */
@Component(service = EastWestEndpoints.class)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.ADMIN_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/admin/east-west/endpoints")
public class EastWestEndpoints {

    @Reference(target = Planes.EAST_WEST_TARGET, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile JakartarsServiceRuntime eastWest;

    private final BundleContext context;

    @Activate
    public EastWestEndpoints(BundleContext context) {
        this.context = context;
    }

    /** One served method: HTTP method and path (path parameters as templates, e.g. {@code {operation: push|pop}}). */
    public record Endpoint(String method, String path) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<List<Endpoint>> list() {
        return Envelope.ok(served(eastWest, context));
    }

    /** @return every resource method the REST runtime {@code rt} serves, its class path in front; none without one */
    static List<Endpoint> served(JakartarsServiceRuntime rt, BundleContext context) {
        List<Endpoint> out = new ArrayList<>();
        if (rt != null) {
            RuntimeDTO dto = rt.getRuntimeDTO();
            List<ApplicationDTO> apps = new ArrayList<>();
            if (dto.defaultApplication != null) {
                apps.add(dto.defaultApplication);
            }
            if (dto.applicationDTOs != null) {
                apps.addAll(List.of(dto.applicationDTOs));
            }
            for (ApplicationDTO app : apps) {
                for (ResourceDTO r : app.resourceDTOs == null ? new ResourceDTO[0] : app.resourceDTOs) {
                    String classPath = classPath(context, r.serviceId);
                    for (ResourceMethodInfoDTO m : r.resourceMethods == null ? new ResourceMethodInfoDTO[0] : r.resourceMethods) {
                        String path = join("", m.path);
                        // The runtime reports a method inherited from a superclass without @Path (AuditEndpoints)
                        // by its own path only: put the resource class's path in front.
                        if (classPath != null && !path.startsWith(classPath)) {
                            path = join(classPath, path);
                        }
                        out.add(new Endpoint(m.method, join(app.base, path)));
                    }
                }
            }
        }
        // distinct, stable order for operators and tests
        Map<String, Endpoint> unique = new LinkedHashMap<>();
        out.stream().sorted(Comparator.comparing(Endpoint::path).thenComparing(e -> String.valueOf(e.method())))
                .forEach(e -> unique.putIfAbsent(e.method() + " " + e.path(), e));
        return List.copyOf(unique.values());
    }

    /** @return the normalized {@code @Path} of the resource service's class, or null when it cannot be read */
    private static String classPath(BundleContext context, long serviceId) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + Constants.SERVICE_ID + "=" + serviceId + ")");
            if (refs == null || refs.length == 0 || refs[0].getBundle() == null) {
                return null;
            }
            String[] classes = (String[]) refs[0].getProperty(Constants.OBJECTCLASS);
            Class<?> type = refs[0].getBundle().loadClass(classes[0]);
            jakarta.ws.rs.Path p = type.getAnnotation(jakarta.ws.rs.Path.class);
            return p == null ? null : join("", p.value());
        } catch (InvalidSyntaxException | ClassNotFoundException | RuntimeException e) {
            return null;
        }
    }

    private static String join(String base, String path) {
        String b = base == null ? "" : base.strip();
        String p = path == null ? "" : path.strip();
        String s = ("/" + b + "/" + p).replaceAll("/{2,}", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
