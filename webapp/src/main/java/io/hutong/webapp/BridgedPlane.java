/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.webapp;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The node's east-west plane on the application server's own port: every request to the web application (but
 * {@code /ready}) goes to the dispatcher of the Felix HTTP bridge inside the node's framework, which serves it
 * through the plane's Servlet Whiteboard (Hutong's edge limits, authentication, REST resources and error pages).
 *
 * <p>Felix's own proxy servlet ({@code org.apache.felix.http.proxy}) connects the dispatcher to the server only at the
 * first request it is given; the bridge's {@code HttpServiceRuntime}, and with it the plane's REST whiteboard, would
 * appear during a peer's first call, which then meets a 404. Here the dispatcher is connected while the web
 * application deploys, before the node counts as ready (decision WAR8).
 */
final class BridgedPlane extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BridgedPlane.class.getName());

    /** The property the Felix HTTP bridge's dispatcher servlet is registered with. */
    static final String DISPATCHER = "(http.felix.dispatcher=*)";

    private final transient HttpServlet dispatcher;

    private BridgedPlane(HttpServlet dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * Initialises the bridge's dispatcher with the web application's context, which registers the bridge's
     * {@code HttpServiceRuntime} in the framework.
     *
     * @throws IllegalStateException when the framework has no bridge dispatcher, or it refuses the context
     */
    static BridgedPlane connect(BundleContext framework, ServletContext context, String name) {
        ServiceReference<?>[] refs;
        try {
            refs = framework.getServiceReferences(HttpServlet.class.getName(), DISPATCHER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Object service = refs == null ? null : framework.getService(refs[0]);
        if (!(service instanceof HttpServlet dispatcher)) {
            throw new IllegalStateException("the node's framework has no Felix HTTP bridge dispatcher "
                    + (service == null ? "(is org.apache.felix.http.bridge active?)"
                            : "sharing the server's servlet API (" + service.getClass() + ")"));
        }
        try {
            dispatcher.init(new ServletConfig() {
                @Override
                public String getServletName() {
                    return name;
                }

                @Override
                public ServletContext getServletContext() {
                    return context;
                }

                @Override
                public String getInitParameter(String parameter) {
                    return null;
                }

                @Override
                public Enumeration<String> getInitParameterNames() {
                    return Collections.emptyEnumeration();
                }
            });
        } catch (ServletException e) {
            throw new IllegalStateException("the Felix HTTP bridge refused the web application: " + e.getMessage(), e);
        }
        return new BridgedPlane(dispatcher);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        dispatcher.service(request, response);
    }

    @Override
    public void destroy() {
        try {
            // unregisters the bridge's runtime while the framework still runs (servlets go before listeners)
            dispatcher.destroy();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the Felix HTTP bridge's dispatcher did not stop cleanly", e);
        }
    }
}
