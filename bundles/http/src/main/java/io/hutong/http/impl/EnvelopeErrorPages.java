/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import io.hutong.api.http.PlaneTargets;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Makes every error on both planes answer in the envelope, at the two places errors are written.
 *
 * <ul>
 * <li>Errors of a servlet (a {@code sendError}, an exception escaping it, a path no servlet serves):
 * a Servlet Whiteboard error page for 4xx, 5xx and {@code java.lang.Throwable} in every servlet
 * context of both listeners.</li>
 * <li>Errors Jetty raises before any servlet (bad request line or URI, 414, 431): Felix HTTP gives no
 * setting for Jetty's error handler, but it offers each of its Jetty servers to
 * {@link ConnectorFactory} services. The factory here installs {@link JettyEnvelopeErrors} as the
 * server's error handler and contributes an in-memory {@link LocalConnector}, which opens no port and
 * takes itself off the server's connector list once started; when the factory goes away Felix stops
 * that connector, which puts the previous handler back.</li>
 * </ul>
 */
@Component(immediate = true, service = {})
public class EnvelopeErrorPages {

    private static final Logger LOG = Logger.getLogger(EnvelopeErrorPages.class.getName());

    private final ServiceRegistration<Servlet> errorPage;
    private final ServiceRegistration<ConnectorFactory> jettyErrors;

    @Activate
    public EnvelopeErrorPages(BundleContext context) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE, new String[] {"4xx", "5xx", Throwable.class.getName()});
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "hutong.envelope-errors");
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, PlaneTargets.of(context).anyPlane());
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=*)");
        errorPage = context.registerService(Servlet.class, new ErrorPage(), p);
        jettyErrors = context.registerService(ConnectorFactory.class, ErrorHandlerSwap::new, new Hashtable<>());
    }

    @Deactivate
    void deactivate() {
        jettyErrors.unregister();
        errorPage.unregister();
    }

    /** The error page servlet: the status the servlet container settled on, a fixed message, never the exception's text. */
    static final class ErrorPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            Throwable error = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            int status = code instanceof Integer i && i >= 400 ? i : 500;
            String msg = EdgeAnswers.phrase(status);
            BoundedBody.BodyTooLarge tooLarge = BoundedBody.BodyTooLarge.in(error);
            if (tooLarge != null) {
                EdgeAnswers.send(resp, tooLarge.status(), tooLarge.answer(), "Connection", "close");
                return;
            }
            if (status >= 500) {
                // the cause goes to the log under a reference the caller can quote, not into the answer
                String ref = UUID.randomUUID().toString().substring(0, 8);
                LOG.log(Level.WARNING, "request " + req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)
                        + " failed with " + status + " (ref " + ref + ")", error);
                msg = msg + " (ref " + ref + ")";
            }
            EdgeAnswers.send(resp, status, EdgeAnswers.envelope(status, msg));
        }
    }

    /** Installs the envelope error handler on a Felix Jetty server for as long as this connector runs. */
    static final class ErrorHandlerSwap extends LocalConnector {
        private Request.Handler previous;

        ErrorHandlerSwap(Server server) {
            super(server);
        }

        @Override
        protected void doStart() throws Exception {
            Server server = getServer();
            previous = server.getErrorHandler();
            server.setErrorHandler(new JettyEnvelopeErrors());
            super.doStart();
            // Felix lists a server's connectors in its service properties and refuses any that is not a
            // ServerConnector: a Jetty (re)started while this one is listed would register no HTTP service and
            // its plane would serve nothing. Felix starts this connector after adding it, so it leaves the list
            // here; Felix still stops it (restoring the previous handler) when the factory goes away.
            server.removeConnector(this);
        }

        @Override
        protected void doStop() throws Exception {
            super.doStop();
            if (previous != null && getServer().getErrorHandler() instanceof JettyEnvelopeErrors) {
                getServer().setErrorHandler(previous);
            }
        }
    }
}
