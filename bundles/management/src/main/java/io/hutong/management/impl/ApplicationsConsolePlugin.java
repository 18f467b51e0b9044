/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Governance" page of the Felix Web Console ({@code /system/console/governance}): incoming
 * applications waiting for the operator, then every contract and approval with its state.
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
        GovernanceStore store = plane.governance().store;
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        w.println("<p class='statline'>Incoming applications wait for a decision: approve or reject them with "
                + "<code>bin/hutong contract approve|reject ID</code> or <code>bin/hutong approval approve|reject KIND ID</code>.</p>");
        w.println("<table class='nicetable'><thead><tr><th>Kind</th><th>Id</th><th>From node</th><th>Resource</th><th>Status</th>"
                + "<th>Received</th></tr></thead><tbody>");
        int pending = 0;
        for (GovernanceStore.Contract c : store.contracts()) {
            if (c.role().equals(Governance.PARTNER) && c.status() == ApprovalStatus.APPLIED) {
                pending++;
                w.printf("<tr><td>contract</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", esc(c.contractId()),
                        esc(c.peerNodeId()), esc(c.peerAddress()), c.status(), Instant.ofEpochMilli(c.createdAt()));
            }
        }
        for (GovernanceStore.Audit a : store.audits()) {
            if (a.role().equals(Governance.OWNER) && a.status() == ApprovalStatus.APPLIED) {
                pending++;
                w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", a.kind().label(),
                        esc(a.auditId()), esc(a.peerNodeId()), esc(a.resourceId()), a.status(), Instant.ofEpochMilli(a.createdAt()));
            }
        }
        if (pending == 0) {
            w.println("<tr><td colspan='6'>No application is waiting.</td></tr>");
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
}
