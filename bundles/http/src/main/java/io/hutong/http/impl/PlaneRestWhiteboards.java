/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.osgitech.rest.annotations.ProvideRuntimeAdapter;
import org.eclipse.osgitech.rest.runtime.JerseyServiceRuntime;
import org.eclipse.osgitech.rest.runtime.WhiteboardServletContainer;
import org.glassfish.jersey.server.ResourceConfig;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntimeConstants;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;

import io.hutong.api.http.PlaneTargets;
import io.hutong.api.http.Planes;
import jakarta.servlet.Servlet;

/**
 * Starts one Jakarta REST whiteboard on each HTTP listener that names a plane.
 *
 * <p>The servlet adapter shipped with the REST whiteboard starts a whiteboard per HTTP runtime but
 * gives it no property a resource could select it by, so a resource would be served on every port.
 * Hutong keeps cross-node and operator traffic on separate ports; this adapter copies the listener's
 * {@value Planes#PROPERTY} onto its REST runtime so resources pick their plane with
 * {@link Planes#EAST_WEST_TARGET} or {@link Planes#ADMIN_TARGET}. The Felix HTTP bridge's runtime (a node in a web
 * application) has no such property; {@link PlaneTargets} names its plane.
 *
 * <p>While the framework starts, the whiteboards wait for its {@code STARTED} event. A REST whiteboard rebuilds
 * an application each time a resource, filter or provider of it registers; opened at once, it built the
 * applications of a node twelve times while the bundles came up one after another, several hundred
 * milliseconds of CPU each. Opened after the last start level, it finds them all registered and builds each
 * application once (decision START2). A whiteboard restarted in a running framework opens at once.
 */
@ProvideRuntimeAdapter("hutong-planes")
@Component(immediate = true, service = {})
public class PlaneRestWhiteboards {

    private final BundleContext context;
    private final PlaneTargets planes;
    private final ServiceTracker<HttpServiceRuntime, PlaneWhiteboard> tracker;
    private final FrameworkListener started = e -> {
        if (e.getType() == FrameworkEvent.STARTED) {
            open();
        }
    };
    private boolean closed;

    /**
     * @param authentication not used here: referenced so that no plane starts serving before the east-west
     *                       authentication filter is registered (a resource is never reachable unprotected)
     */
    @Activate
    public PlaneRestWhiteboards(BundleContext context, @Reference EastWestAuthentication authentication) throws Exception {
        this.context = context;
        this.planes = PlaneTargets.of(context);
        this.tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + HttpServiceRuntime.class.getName() + ")" + planes.anyPlane() + ")"),
                null) {
            @Override
            public PlaneWhiteboard addingService(ServiceReference<HttpServiceRuntime> ref) {
                return new PlaneWhiteboard(ref);
            }

            @Override
            public void removedService(ServiceReference<HttpServiceRuntime> ref, PlaneWhiteboard wb) {
                wb.close();
            }
        };
        context.addFrameworkListener(started);
        // added before looking, so a STARTED that comes in between is not missed (a second open() does nothing)
        if (context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.ACTIVE) {
            open();
        }
    }

    /** Opens the tracker unless deactivated: {@code ServiceTracker.open} on an open tracker does nothing. */
    private synchronized void open() {
        if (!closed) {
            tracker.open();
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(started);
        synchronized (this) {
            closed = true;
            tracker.close(); // nothing to do when it never opened
        }
    }

    /** The REST whiteboard of one plane, serving its applications as servlets on that plane's listener. */
    private final class PlaneWhiteboard {
        private final String plane;
        private final String httpTarget;
        private final JerseyServiceRuntime<WhiteboardServletContainer> runtime;
        private final Map<String, Registered> containers = new ConcurrentHashMap<>();
        private int contexts;

        PlaneWhiteboard(ServiceReference<HttpServiceRuntime> ref) {
            plane = planes.planeOf(ref);
            httpTarget = "(" + Constants.SERVICE_ID + "=" + ref.getProperty(Constants.SERVICE_ID) + ")";
            runtime = new JerseyServiceRuntime<>(context, this::register, this::unregister);
            Object endpoints = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
            runtime.start(Map.of(
                    Planes.PROPERTY, plane,
                    JakartarsServiceRuntimeConstants.JAKARTA_RS_SERVICE_ENDPOINT, endpoints == null ? List.of("/") : endpoints,
                    Constants.SERVICE_DESCRIPTION, "Hutong REST whiteboard, plane " + plane));
        }

        private synchronized WhiteboardServletContainer register(String path, ResourceConfig config) {
            String appPath = config.getApplicationPath() == null ? "" : config.getApplicationPath();
            String contextPath = path.substring(0, path.length() - appPath.length());
            contextPath = "/" + strip(contextPath);
            ServiceRegistration<ServletContextHelper> helper = null;
            String contextName = HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME;
            if (!"/".equals(contextPath)) {
                contextName = "hutong." + plane + "." + (++contexts);
                Dictionary<String, Object> hp = new Hashtable<>();
                hp.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, httpTarget);
                hp.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME, contextName);
                hp.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH, contextPath);
                helper = context.registerService(ServletContextHelper.class, new ServletContextHelper() { }, hp);
            }
            String pattern = "/" + strip(appPath);
            pattern = pattern.endsWith("/") ? pattern + "*" : pattern + "/*";
            Dictionary<String, Object> sp = new Hashtable<>();
            sp.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, pattern);
            // async: transport pops wait up to minutes without holding a request thread
            sp.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
            sp.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, httpTarget);
            sp.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT,
                    "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + contextName + ")");
            WhiteboardServletContainer container = new WhiteboardServletContainer(config);
            containers.put(path, new Registered(helper, context.registerService(Servlet.class, container, sp), container));
            return container;
        }

        private synchronized void unregister(String path, WhiteboardServletContainer container) {
            Registered r = containers.remove(path);
            if (r != null) {
                r.servlet().unregister();
                if (r.helper() != null) {
                    r.helper().unregister();
                }
                r.container().dispose();
            }
        }

        void close() {
            runtime.teardown(5, TimeUnit.SECONDS);
            containers.keySet().forEach(p -> unregister(p, null));
        }

        private static String strip(String p) {
            String s = p;
            while (s.startsWith("/")) {
                s = s.substring(1);
            }
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        }
    }

    private record Registered(ServiceRegistration<ServletContextHelper> helper, ServiceRegistration<Servlet> servlet,
                              WhiteboardServletContainer container) {
    }
}
