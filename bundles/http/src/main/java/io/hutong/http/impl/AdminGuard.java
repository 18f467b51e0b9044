/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The gate of the admin plane: one servlet filter in front of everything registered on the admin
 * listener (the operator REST API, the web console and whatever is added later), so nothing there
 * is reachable without credentials and no state changes on a request another web origin made.
 *
 * <p>It also keeps the audit log ({@value #AUDIT_LOGGER}, written by the launcher to
 * {@code logs/audit.log}): every state-changing admin request with who made it and how it ended, and
 * every bundle installed, updated, started, stopped or uninstalled while the node runs, with the
 * console user, {@code deploy/} or {@code system} as the one who did it (decision ADMIN4). Failures
 * the console's pages do not handle are answered as readable envelopes instead of Jetty's HTML page.
 */
@Component(configurationPid = AdminGuard.PID, service = Filter.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=*)",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET + "=(" + Planes.PROPERTY + "=" + Planes.ADMIN + ")",
        "service.ranking:Integer=2147483647"})
@Designate(ocd = AdminGuard.Config.class)
public class AdminGuard implements Filter, SynchronousBundleListener {

    /** Configuration PID. */
    public static final String PID = "io.hutong.http.admin";
    /** JUL logger of the audit log. */
    public static final String AUDIT_LOGGER = "hutong.audit";
    /** Name of the token file in the data directory. */
    public static final String TOKEN_FILE = "admin-token";

    private static final Logger LOG = Logger.getLogger(AdminGuard.class.getName());
    private static final Logger AUDIT = Logger.getLogger(AUDIT_LOGGER);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String FILE_INSTALL = "org.apache.felix.fileinstall";
    private static final String CONSOLE_BUNDLES = "/system/console/bundles";
    /**
     * The admin caller of the request this thread serves. Inheritable: the console installs and
     * updates bundles on a thread it starts for the request, and those events belong to that caller.
     */
    private static final InheritableThreadLocal<String> CALLER = new InheritableThreadLocal<>();

    /** Who may use the admin plane. */
    @ObjectClassDefinition(name = "Hutong admin plane access",
            description = "Credentials of the operator API and web console on the admin listener")
    public @interface Config {
        @AttributeDefinition(description = "File holding the bearer token (created, owner-only, when missing); "
                + "empty = <data>/admin-token")
        String token_file() default "";

        @AttributeDefinition(description = "Web console login name, also accepted as HTTP Basic on the API")
        String console_user() default "";

        @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
                description = "Web console password")
        String console_password() default "";
    }

    private final BundleContext context;
    private final AdminCredentials credentials;

    @Activate
    public AdminGuard(BundleContext context, Config config) {
        this.context = context;
        String token = null;
        String file = config.token_file();
        if (file.isBlank() && context.getProperty("hutong.data") != null) {
            file = Path.of(context.getProperty("hutong.data")).resolve(TOKEN_FILE).toString();
        }
        if (!file.isBlank()) {
            try {
                token = AdminCredentials.loadOrCreateToken(Path.of(file));
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "admin token file " + file + " is not readable; only the console login is accepted", e);
            }
        }
        credentials = new AdminCredentials(token, config.console_user(), config.console_password());
        if (!credentials.configured()) {
            LOG.severe("no admin credentials configured: the admin plane refuses every request");
        }
        context.addBundleListener(this);
    }

    /** A guard outside a framework (tests): no bundle events to audit. */
    AdminGuard(AdminCredentials credentials) {
        this.context = null;
        this.credentials = credentials;
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            context.removeBundleListener(this);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String method = req.getMethod().toUpperCase(java.util.Locale.ROOT);
        boolean changes = !SAFE_METHODS.contains(method);
        String action = method + " " + printable(req.getRequestURI());
        Optional<AdminCredentials.Caller> caller = credentials.authenticate(req.getHeader("Authorization"));
        if (caller.isEmpty()) {
            if (changes) {
                audit("-", action, 401, req);
            }
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"hutong-admin\"");
            answer(resp, 401, req.getHeader("Authorization") == null
                    ? "admin credentials required (Authorization: Bearer <data/admin-token>, or the console login)"
                    : "wrong admin credentials");
            return;
        }
        String who = caller.get().principal();
        if (changes) {
            String host = req.getHeader("Host");
            String own = req.getScheme() + "://" + (host == null ? req.getServerName() + ":" + req.getServerPort() : host);
            Optional<String> refused = AdminCredentials.crossSiteRefusal(caller.get().scheme(), req.getHeader("Origin"),
                    req.getHeader("Referer"), req.getHeader("Sec-Fetch-Site"), own);
            if (refused.isPresent()) {
                audit(who, action, 403, req);
                answer(resp, 403, refused.get());
                return;
            }
        }
        CALLER.set(who);
        EnvelopeOnError wrapped = new EnvelopeOnError(resp);
        try {
            chain.doFilter(req, wrapped);
        } catch (IOException | ServletException | RuntimeException e) {
            // what the console's own pages let escape (a file that is not a bundle, a plugin failure):
            // a readable message instead of Jetty's HTML 500, never the stack trace
            LOG.log(Level.WARNING, "admin request " + action + " failed", e);
            if (resp.isCommitted()) {
                throw e;
            }
            resp.reset();
            if ("POST".equals(method) && req.getRequestURI().startsWith(CONSOLE_BUNDLES)) {
                // the console reads the upload's manifest on the request thread and lets the failure escape
                answer(resp, 400, "the uploaded file is not an OSGi bundle (a jar whose manifest names a "
                        + "Bundle-SymbolicName): " + reason(e));
            } else {
                answer(resp, 500, "the request failed: " + reason(e));
            }
        } finally {
            CALLER.remove();
            if (changes) {
                audit(who, action, resp.getStatus(), req);
            }
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        Bundle system = context == null ? null : context.getBundle(0);
        // the framework starting or stopping moves every bundle; only changes made to a running node count
        if (what == null || system == null || system.getState() != Bundle.ACTIVE) {
            return;
        }
        // the event's origin names the installer only for INSTALLED; FileInstall starts, updates and
        // removes the bundles of deploy/ on its own watcher threads ("fileinstall-<dir>")
        Bundle origin = event.getOrigin();
        boolean deploy = origin != null && FILE_INSTALL.equals(origin.getSymbolicName()) && event.getType() == BundleEvent.INSTALLED
                || Thread.currentThread().getName().startsWith("fileinstall");
        String who = CALLER.get() != null ? CALLER.get() : deploy ? "deploy/" : "system";
        Bundle b = event.getBundle();
        AUDIT.info(() -> "who=" + printable(who) + " action=bundle-" + what + " bundle=" + printable(b.getSymbolicName())
                + " version=" + b.getVersion() + " id=" + b.getBundleId() + " location=" + printable(b.getLocation()));
    }

    private static void audit(String who, String action, int status, HttpServletRequest req) {
        AUDIT.info(() -> "who=" + printable(who) + " action=\"" + action + "\" status=" + status + " from=" + req.getRemoteAddr());
    }

    private static void answer(HttpServletResponse resp, int status, String msg) throws IOException {
        resp.setStatus(status);
        // A refused request's body is left unread, so Jetty closes the connection after the answer; saying so
        // keeps a client from sending its next request on a connection that is going away (seen as "header
        // parser received no bytes" by the JDK client).
        resp.setHeader("Connection", "close");
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        byte[] body = JSON.writeValueAsBytes(Envelope.error(status, msg));
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** @return the innermost message of {@code e} worth showing, without class names of internals */
    static String reason(Throwable e) {
        Throwable t = e;
        String msg = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                msg = t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return msg == null ? "unexpected " + e.getClass().getSimpleName() : printable(msg);
    }

    /** Keeps a log line one line: request paths and bundle names come from strangers. */
    static String printable(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? "?" : new String(Character.toChars(c))));
        return b.length() > 500 ? b.substring(0, 500) + "…" : b.toString();
    }

    /** Answers {@code sendError} with the envelope, where Jetty would write its HTML error page. */
    private static final class EnvelopeOnError extends HttpServletResponseWrapper {
        EnvelopeOnError(HttpServletResponse resp) {
            super(resp);
        }

        @Override
        public void sendError(int sc) throws IOException {
            sendError(sc, null);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            HttpServletResponse r = (HttpServletResponse) getResponse();
            if (r.isCommitted()) {
                r.sendError(sc, msg);
                return;
            }
            r.resetBuffer();
            String text = msg == null || msg.isBlank() ? defaultMessage(sc) : printable(msg);
            answer(r, sc, text);
            r.flushBuffer();
        }

        private static String defaultMessage(int sc) {
            return switch (sc) {
                case 400 -> "bad request";
                case 403 -> "forbidden";
                case 404 -> "not found";
                case 405 -> "method not allowed";
                default -> sc >= 500 ? "internal error" : "request refused";
            };
        }
    }
}
