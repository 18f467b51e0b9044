/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.console.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * bundles and health, the same data as {@code GET /v1/admin/status}, and the newest dead letters with
 * buttons that replay or discard one (as {@code /v1/admin/dead-letters} and {@code hutong deadletters} do;
 * the admin plane's guard checks the console login and the form's origin before this servlet).
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
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        render(resp, req.getParameter("done"), null);
    }

    /** {@code action=replay} or {@code action=discard} of the dead letter {@code id}. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String id = req.getParameter("id") == null ? "" : req.getParameter("id").strip();
        String action = String.valueOf(req.getParameter("action"));
        String done;
        try {
            if ("replay".equals(action)) {
                done = status.replay(id) ? "replayed dead letter " + id : null;
            } else if ("discard".equals(action)) {
                done = status.discard(id) ? "discarded dead letter " + id : null;
            } else {
                resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                render(resp, null, "action must be replay or discard, not " + action);
                return;
            }
        } catch (IllegalStateException e) {
            resp.setStatus(HttpServletResponse.SC_CONFLICT);
            render(resp, null, "dead letter " + id + " cannot be replayed now: " + e.getMessage());
            return;
        }
        if (done == null) {
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            render(resp, null, "no dead letter " + id + " (replayed or discarded already?)");
            return;
        }
        // post/redirect/get: a reload does not repeat the replay
        resp.sendRedirect(req.getRequestURI() + "?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private void render(HttpServletResponse resp, String done, String error) throws IOException {
        Map<String, Object> s = status.snapshot();
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        if (error != null) {
            w.printf("<p class='statline ui-state-error'>%s</p>%n", esc(error));
        } else if (done != null && !done.isBlank()) {
            w.printf("<p class='statline ui-state-highlight'>%s</p>%n", esc(done));
        }
        w.printf("<p class='statline'>Node <b>%s</b> — %s — %s of %s bundles active</p>%n",
                esc(s.get("node_id")), esc(s.get("status")), s.get("bundles_active"), s.get("bundles_total"));
        w.println("<table class='nicetable'><thead><tr><th>Layer</th><th>Check</th><th>State</th><th>Message</th></tr></thead><tbody>");
        ((Map<String, List<Map<String, Object>>>) s.get("health")).forEach((layer, rows) -> rows.forEach(r ->
                w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
                        esc(layer), esc(r.get("name")), esc(r.get("state")), esc(r.get("message")))));
        w.println("</tbody></table><br/>");
        // the Felix Health Checks the node's readiness waits for (decision HC1)
        w.println("<table class='nicetable'><thead><tr><th>System ready</th><th>Tags</th><th>Status</th><th>Messages</th></tr></thead><tbody>");
        ((List<Map<String, Object>>) s.get("system_ready")).forEach(r ->
                w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", esc(r.get("name")),
                        esc(String.join(", ", (List<String>) r.get("tags"))), esc(r.get("status")),
                        esc(String.join("; ", (List<String>) r.get("messages")))));
        w.println("</tbody></table><br/>");
        Map<String, Object> dead = (Map<String, Object>) s.get("dead_letters");
        List<Map<String, Object>> newest = (List<Map<String, Object>>) dead.get("newest");
        w.printf("<p class='statline'>Dead letters: <b>%s</b>%s</p>%n", esc(dead.get("count")), newest.isEmpty() ? ""
                : " — replay or discard one here, with <code>hutong deadletters replay|discard ID</code> or the admin API"
                + " <code>/v1/admin/dead-letters</code>; the newest:");
        if (!newest.isEmpty()) {
            w.println("<table class='nicetable'><thead><tr><th>Id</th><th>Layer</th><th>Peer</th><th>What</th><th>Code</th>"
                    + "<th>Reason</th><th>Attempts</th><th>Given up at</th><th></th></tr></thead><tbody>");
            newest.forEach(r -> w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                    + "<td>%s</td><td><form method='post'><input type='hidden' name='id' value='%s'/>"
                    + "<button name='action' value='replay'>Replay</button> <button name='action' value='discard'>Discard</button>"
                    + "</form></td></tr>%n", esc(r.get("id")), esc(r.get("layer")), esc(r.get("peer")), esc(r.get("what")),
                    esc(r.get("code")), esc(r.get("reason")), esc(r.get("attempts")), esc(r.get("dead_at")), esc(r.get("id"))));
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
