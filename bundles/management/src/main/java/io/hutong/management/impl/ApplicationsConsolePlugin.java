/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;

/**
 * The "Governance" page of the Felix Web Console ({@code /system/console/governance}): incoming
 * applications waiting for the operator with Approve and Reject buttons, then every contract and
 * approval with its state. The buttons post to this page, which decides through the same
 * {@link Governance} calls as {@code POST /v1/admin/contracts/{id}/approve|reject} and
 * {@code POST /v1/admin/audits/{kind}/{id}/approve|reject}; the admin plane's guard checks the console
 * login and the form's origin (ADMIN2) before this servlet runs.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=governance",
        "felix.webconsole.title=Governance",
        "felix.webconsole.category=Hutong"})
public class ApplicationsConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    transient ManagementPlane plane;

    private static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        render(resp, req.getParameter("done"), null);
    }

    /**
     * A button of the pending list: {@code action=approve|reject}, {@code kind=contract} or an approval
     * kind ({@code dataset}, {@code project}, {@code flow}, {@code job}, {@code model}), {@code id}.
     * Success redirects to the page with the outcome (post/redirect/get: a reload decides nothing
     * twice); a refusal is the page again with the refusal's status and message (404 unknown id,
     * 409 decided already or applied for by this node).
     */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String action = String.valueOf(req.getParameter("action"));
        String kind = String.valueOf(req.getParameter("kind")).strip();
        String id = req.getParameter("id") == null ? "" : req.getParameter("id").strip();
        ApprovalStatus to = switch (action) {
            case "approve" -> ApprovalStatus.APPROVED;
            case "reject" -> ApprovalStatus.REJECTED;
            default -> null;
        };
        if (to == null) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            render(resp, null, "action must be approve or reject, not " + action);
            return;
        }
        if (id.isEmpty()) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            render(resp, null, "id is required");
            return;
        }
        Governance gov = plane.governance();
        String done;
        try {
            if ("contract".equals(kind)) {
                gov.decideContract(id, to, null);
                done = "contract " + id + " " + to;
            } else {
                AuditKind k = AuditKind.of(kind);
                gov.decideAudit(k, id, to);
                done = k.label() + " application " + id + " " + to;
            }
        } catch (WebApplicationException e) {
            // the API's refusals (Refusal): their status and message, on the page instead of the envelope
            resp.setStatus(e.getResponse().getStatus());
            render(resp, null, e.getMessage());
            return;
        }
        resp.sendRedirect(req.getRequestURI() + "?done=" + URLEncoder.encode(done + "; the applicant is told", StandardCharsets.UTF_8));
    }

    private void render(HttpServletResponse resp, String done, String error) throws IOException {
        GovernanceStore store = plane.governance().store;
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        if (error != null) {
            w.printf("<p class='statline ui-state-error'>%s</p>%n", esc(error));
        } else if (done != null && !done.isBlank()) {
            w.printf("<p class='statline ui-state-highlight'>%s</p>%n", esc(done));
        }
        w.println("<p class='statline'>Incoming applications wait for a decision: approve or reject them here, with "
                + "<code>bin/hutong contract approve|reject ID</code> or <code>bin/hutong approval approve|reject KIND ID</code>.</p>");
        w.println("<table class='nicetable'><thead><tr><th>Kind</th><th>Id</th><th>From node</th><th>Resource</th><th>Status</th>"
                + "<th>Received</th><th></th></tr></thead><tbody>");
        int pending = 0;
        for (GovernanceStore.Contract c : store.contracts()) {
            if (c.role().equals(Governance.PARTNER) && c.status() == ApprovalStatus.APPLIED) {
                pending++;
                w.printf("<tr><td>contract</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", esc(c.contractId()),
                        esc(c.peerNodeId()), esc(c.peerAddress()), c.status(), Instant.ofEpochMilli(c.createdAt()),
                        buttons("contract", c.contractId()));
            }
        }
        for (GovernanceStore.Audit a : store.audits()) {
            if (a.role().equals(Governance.OWNER) && a.status() == ApprovalStatus.APPLIED) {
                pending++;
                w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", a.kind().label(),
                        esc(a.auditId()), esc(a.peerNodeId()), esc(a.resourceId()), a.status(), Instant.ofEpochMilli(a.createdAt()),
                        buttons(a.kind().label(), a.auditId()));
            }
        }
        if (pending == 0) {
            w.println("<tr><td colspan='7'>No application is waiting.</td></tr>");
        }
        w.println("</tbody></table><h3>Contracts</h3><table class='nicetable'><thead><tr><th>Contract</th><th>Role</th><th>Partner</th>"
                + "<th>Address</th><th>Status</th></tr></thead><tbody>");
        for (GovernanceStore.Contract c : store.contracts()) {
            w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", esc(c.contractId()), c.role(),
                    esc(c.peerNodeId()), esc(c.peerAddress()), c.status());
        }
        w.println("</tbody></table><h3>Approvals</h3><table class='nicetable'><thead><tr><th>Kind</th><th>Audit</th><th>Role</th>"
                + "<th>Partner</th><th>Resource</th><th>Status</th><th>Permit</th></tr></thead><tbody>");
        for (GovernanceStore.Audit a : store.audits()) {
            w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", a.kind().label(),
                    esc(a.auditId()), a.role(), esc(a.peerNodeId()), esc(a.resourceId()), a.status(),
                    a.permitToken() == null ? "" : esc(a.permitToken()));
        }
        w.println("</tbody></table>");
    }

    /** The Approve and Reject buttons of one pending application: a form posted to this page. */
    private static String buttons(String kind, String id) {
        return "<form method='post'><input type='hidden' name='kind' value='" + esc(kind) + "'/>"
                + "<input type='hidden' name='id' value='" + esc(id) + "'/>"
                + "<button name='action' value='approve'>Approve</button> <button name='action' value='reject'>Reject</button></form>";
    }
}
