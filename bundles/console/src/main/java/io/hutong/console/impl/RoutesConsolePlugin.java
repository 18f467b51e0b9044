/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.console.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.transport.Route;
import io.hutong.api.transport.RoutingTable;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Routes" page of the Felix Web Console ({@code /system/console/routes}): the PTP routing table
 * with a form to add, edit and delete routes, working on the same {@link RoutingTable} service as
 * {@code GET/PUT/DELETE /v1/admin/routes}. It exists while a transport core provides the table.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=routes",
        "felix.webconsole.title=Routes",
        "felix.webconsole.category=Hutong"})
public class RoutesConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    transient RoutingTable table;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        render(req, resp, req.getParameter("done"), null);
    }

    /** {@code action=put} (node_id, address, protocol, mode, tls) or {@code action=delete} (node_id). */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String node = strip(req.getParameter("node_id"));
        String action = strip(req.getParameter("action"));
        try {
            if (node.isEmpty()) {
                throw new IllegalArgumentException("a node id is required");
            }
            String done;
            if ("delete".equals(action)) {
                if (!table.remove(node)) {
                    throw new IllegalArgumentException("no route to node " + node);
                }
                done = "deleted the route to " + node;
            } else if ("put".equals(action)) {
                table.put(route(node, req));
                done = "saved the route to " + node;
            } else {
                throw new IllegalArgumentException("action must be put or delete, not " + action);
            }
            // post/redirect/get: a reload does not repeat the change
            resp.sendRedirect(req.getRequestURI() + "?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            render(req, resp, null, e.getMessage());
        }
    }

    /** The same checks as the admin API's PUT. */
    private Route route(String node, HttpServletRequest req) {
        String address = strip(req.getParameter("address"));
        if (!address.matches("[^\\s:/]+:\\d{1,5}")) {
            throw new IllegalArgumentException("address must be host:port, not " + address);
        }
        if (node.equals(table.localNodeId())) {
            throw new IllegalArgumentException("node " + node + " is this node; it is always routed to its own queues");
        }
        // the page shows passwords masked; a form sent back with the mask keeps the stored password
        return new Route(node, address, strip(req.getParameter("protocol")), strip(req.getParameter("mode")),
                tls(strip(req.getParameter("tls")))).keepingSecretsOf(table.route(node).orElse(null));
    }

    /** @return {@code key=value} pairs separated by commas or new lines */
    static Map<String, String> tls(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : text.split("[,\\n]")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("TLS settings are key=value pairs, not " + p);
            }
            m.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
        }
        return m;
    }

    private void render(HttpServletRequest req, HttpServletResponse resp, String done, String error) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        List<Route> routes = table.routes();
        w.printf("<p class='statline'>Node <b>%s</b> is routed to its own queues; %d peer route(s). "
                + "The same table as <code>GET /v1/admin/routes</code>.</p>%n", esc(table.localNodeId()), routes.size());
        if (done != null && !done.isBlank()) {
            w.printf("<p class='statline ui-state-highlight'>%s</p>%n", esc(done));
        }
        if (error != null) {
            w.printf("<p class='statline ui-state-error'>Not saved: %s</p>%n", esc(error));
        }
        // one form per row, tied to its inputs by the form attribute: a form may not sit inside a table row
        String action = esc(req.getRequestURI());
        w.println("<table class='nicetable'><thead><tr><th>Node</th><th>Address</th><th>Protocol</th><th>Mode</th>"
                + "<th>TLS (key=value, …)</th><th></th></tr></thead><tbody>");
        int i = 0;
        for (Route r : routes) {
            String f = "route-" + i++;
            // secrets are never shown back (the REST API masks them the same way)
            String tls = r.maskedTls().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            w.printf("<tr><td>%s<input type='hidden' form='%s' name='node_id' value='%s'/></td>"
                    + "<td><input form='%s' name='address' value='%s'/></td><td>%s</td><td>%s</td><td><input form='%s' name='tls' value='%s'/></td>"
                    + "<td><button form='%s' name='action' value='put'>Save</button> <button form='%s' name='action' value='delete'>Delete</button></td></tr>%n",
                    esc(r.nodeId()), f, esc(r.nodeId()), f, esc(r.address()), select(f, "protocol", r.protocol(), Route.HTTP, Route.GRPC),
                    select(f, "mode", r.mode(), Route.ENCAPSULATION, Route.PASSTHROUGH, Route.ENCAPSULATION_JSON), f, esc(tls), f, f);
        }
        w.printf("<tr><td><input form='new-route' name='node_id' placeholder='node id'/></td>"
                + "<td><input form='new-route' name='address' placeholder='host:port'/></td><td>%s</td><td>%s</td>"
                + "<td><input form='new-route' name='tls' value=''/></td>"
                + "<td><button form='new-route' name='action' value='put'>Add</button></td></tr>%n",
                select("new-route", "protocol", Route.HTTP, Route.HTTP, Route.GRPC),
                select("new-route", "mode", Route.ENCAPSULATION, Route.ENCAPSULATION, Route.PASSTHROUGH, Route.ENCAPSULATION_JSON));
        w.println("</tbody></table>");
        for (int j = 0; j < i; j++) {
            w.printf("<form id='route-%d' method='post' action='%s'></form>%n", j, action);
        }
        w.printf("<form id='new-route' method='post' action='%s'></form>%n", action);
    }

    private static String select(String form, String name, String current, String... options) {
        StringBuilder b = new StringBuilder("<select form='" + form + "' name='" + name + "'>");
        for (String o : options) {
            b.append("<option").append(o.equals(current) ? " selected" : "").append(">").append(o).append("</option>");
        }
        return b.append("</select>").toString();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private static String esc(Object o) {
        return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }
}
