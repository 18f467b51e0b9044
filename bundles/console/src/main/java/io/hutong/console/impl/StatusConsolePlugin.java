/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.console.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Hutong" page of the Felix Web Console ({@code /system/console/hutong}): node id, each layer's
 * bundles and health, the same data as {@code GET /v1/admin/status}.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=hutong",
        "felix.webconsole.title=Hutong node",
        "felix.webconsole.category=Hutong"})
public class StatusConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    transient NodeStatus status;

    @Override
    @SuppressWarnings("unchecked")
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> s = status.snapshot();
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        w.printf("<p class='statline'>Node <b>%s</b> — %s — %s of %s bundles active</p>%n",
                esc(s.get("node_id")), esc(s.get("status")), s.get("bundles_active"), s.get("bundles_total"));
        w.println("<table class='nicetable'><thead><tr><th>Layer</th><th>Check</th><th>State</th><th>Message</th></tr></thead><tbody>");
        ((Map<String, List<Map<String, Object>>>) s.get("health")).forEach((layer, rows) -> rows.forEach(r ->
                w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
                        esc(layer), esc(r.get("name")), esc(r.get("state")), esc(r.get("message")))));
        w.println("</tbody></table><br/>");
        Map<String, Object> dead = (Map<String, Object>) s.get("dead_letters");
        List<Map<String, Object>> newest = (List<Map<String, Object>>) dead.get("newest");
        w.printf("<p class='statline'>Dead letters: <b>%s</b>%s</p>%n", esc(dead.get("count")), newest.isEmpty() ? ""
                : " — replay or discard with <code>hutong deadletters replay|discard ID</code> (or the admin API"
                + " <code>/v1/admin/dead-letters</code>); the newest:");
        if (!newest.isEmpty()) {
            w.println("<table class='nicetable'><thead><tr><th>Id</th><th>Layer</th><th>Peer</th><th>What</th><th>Code</th>"
                    + "<th>Reason</th><th>Attempts</th><th>Given up at</th></tr></thead><tbody>");
            newest.forEach(r -> w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                    + "<td>%s</td></tr>%n", esc(r.get("id")), esc(r.get("layer")), esc(r.get("peer")), esc(r.get("what")),
                    esc(r.get("code")), esc(r.get("reason")), esc(r.get("attempts")), esc(r.get("dead_at"))));
            w.println("</tbody></table>");
        }
        w.println("<br/>");
        w.println("<table class='nicetable'><thead><tr><th>Layer</th><th>Bundle</th><th>Version</th><th>State</th></tr></thead><tbody>");
        ((Map<String, List<Map<String, Object>>>) s.get("layers")).forEach((layer, rows) -> rows.forEach(r ->
                w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
                        esc(layer), esc(r.get("symbolic_name")), esc(r.get("version")), esc(r.get("state")))));
        w.println("</tbody></table>");
    }

    private static String esc(Object o) {
        return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }
}
