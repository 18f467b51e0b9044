/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.webapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.hutong.launcher.NodeRuntime;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET <context>/ready} on the application server's port: whether the web application's node is up, for the
 * server's health checks and load balancers. It says nothing else (no ports, paths or ids): the server's port may be
 * reachable by anyone, and the node's planes are not served there.
 */
final class NodeReadiness extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient NodeRuntime node;

    NodeReadiness(NodeRuntime node) {
        this.node = node;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setStatus(HttpServletResponse.SC_OK);
        byte[] body = ("{\"status\":\"ready\",\"ready_ms\":" + node.readyMs() + "}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
