/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.webapp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hutong.launcher.NodeRuntime;
import io.hutong.launcher.NodeSettings;
import io.hutong.launcher.log.LogOptions;
import io.hutong.launcher.log.NodeLogging;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

/**
 * The node of {@code hutong.war}: started by the launcher's {@link NodeRuntime} from the features the web application
 * ships when the application server deploys it, stopped when it is undeployed or the server stops.
 *
 * <p>Deployment waits until the node is ready (every bundle active, both planes answering), so a deployment that
 * succeeds is a node that serves; one that cannot start fails the deployment with the reason. The east-west plane
 * is served on the application server's own port, through the Felix HTTP bridge ({@link BridgedPlane}), every path
 * of the web application but {@code GET <context>/ready}; the admin plane and gRPC keep their own listeners inside
 * the framework (decisions WAR6-WAR8).
 */
public final class WebAppNode implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(WebAppNode.class.getName());

    private NodeRuntime node;
    /** The east-west plane on the server's port, null when the profile gives it a listener of its own. */
    private BridgedPlane eastWest;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String exploded = context.getRealPath("/WEB-INF/hutong");
        if (exploded == null || !Files.isDirectory(Path.of(exploded, "features"))) {
            throw new IllegalStateException("hutong.war must be deployed exploded (the server gave no directory for "
                    + "/WEB-INF/hutong); Payara Micro and Payara Server both do");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            Path home = WebAppSettings.home(System.getProperties(), System.getenv());
            WebAppSettings.prepare(home, Path.of(exploded));
            NodeSettings settings = WebAppSettings.read(home, System.getProperties(), System.getenv());
            NodeLogging.attach(settings.logs(), LogOptions.from(settings.home(), System.getenv()));
            // Bundles look up providers (Jakarta REST, JSON, XML binding) through the thread's context class loader
            // first; the server's loader would hand them its own Jersey. Every thread the framework starts inherits
            // this one, which sees the JDK only, so bundles find their providers by their own wiring (decision WAR3).
            thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            node = new NodeRuntime(settings).copyBundles();
            node.start(Duration.ofSeconds(Long.getLong("hutong.ready.timeout", 120)), framework -> {
                // the war profile's east-west plane is the Felix HTTP bridge: connected to this context before the
                // node counts as ready, so its REST whiteboard exists when the server first routes a peer here (WAR8)
                if (framework.getProperty("hutong.http.bridge.plane") != null) {
                    eastWest = BridgedPlane.connect(framework, context, "hutong-east-west");
                }
            });
            LOG.info("Hutong node " + node.nodeId() + " ready in " + node.readyMs() + " ms (east-west "
                    + (eastWest != null ? "on the server's port under context " + context.getContextPath() + "/"
                            : "port " + settings.eastWestPort())
                    + ", admin port " + settings.adminPort() + ", home " + settings.home() + ", data " + settings.data() + ")");
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "Hutong node did not start: " + e.getMessage(), e);
            stop();
            throw new IllegalStateException("Hutong node did not start: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        ServletRegistration.Dynamic ready = context.addServlet("hutong-ready", new NodeReadiness(node));
        ready.addMapping("/ready");
        if (eastWest != null) {
            // everything else of the web application is the east-west plane; an exact mapping (/ready) wins over /*
            ServletRegistration.Dynamic plane = context.addServlet("hutong-east-west", eastWest);
            plane.addMapping("/*");
            // transport pops wait up to minutes without holding a request thread (the REST servlets are async)
            plane.setAsyncSupported(true);
            plane.setLoadOnStartup(1);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        stop();
    }

    private void stop() {
        if (node != null) {
            try {
                node.close();
                LOG.info("Hutong node stopped");
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "Hutong node did not stop cleanly", e);
            }
            node = null;
        }
        eastWest = null;
        NodeLogging.detach();
    }
}
