/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;

/** What a server sees when it deploys hutong.war and the node cannot start: a failed deployment, nothing left behind. */
class WebAppNodeTest {

    @TempDir
    Path tmp;

    private final String homeBefore = System.getProperty("hutong.home");

    @AfterEach
    void restore() {
        if (homeBefore == null) {
            System.clearProperty("hutong.home");
        } else {
            System.setProperty("hutong.home", homeBefore);
        }
    }

    /** A servlet context whose web application is exploded at {@code exploded} (null: not exploded); records servlets added. */
    private static ServletContext context(Path exploded, List<String> servletsAdded) {
        return (ServletContext) Proxy.newProxyInstance(WebAppNodeTest.class.getClassLoader(), new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRealPath" -> exploded == null ? null : exploded.resolve(((String) args[0]).substring(1)).toString();
                    case "addServlet" -> {
                        servletsAdded.add((String) args[0]);
                        yield null;
                    }
                    case "toString" -> "test context";
                    default -> null;
                });
    }

    @Test
    void aWarTheServerDoesNotExplodeIsRefusedSayingSo() {
        List<String> added = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new WebAppNode().contextInitialized(new ServletContextEvent(context(null, added))));
        assertTrue(e.getMessage().startsWith("hutong.war must be deployed exploded"), e.getMessage());
        assertTrue(added.isEmpty(), "no readiness servlet without a node");
    }

    @Test
    void aNodeThatCannotStartFailsTheDeploymentWithTheReasonAndLeavesTheServersLoggingAsItWas() throws Exception {
        Path war = tmp.resolve("war");
        Files.createDirectories(war.resolve("WEB-INF/hutong/features")); // no war.json: the profile cannot be read
        Files.createDirectories(war.resolve("WEB-INF/hutong/system"));
        Path home = tmp.resolve("home");
        System.setProperty("hutong.home", home.toString());
        int handlers = Logger.getLogger("").getHandlers().length;
        List<String> added = new ArrayList<>();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new WebAppNode().contextInitialized(new ServletContextEvent(context(war, added))));

        assertTrue(e.getMessage().startsWith("Hutong node did not start: "), e.getMessage());
        assertTrue(e.getMessage().contains("war.json"), "the reason names what is missing: " + e.getMessage());
        assertTrue(added.isEmpty(), "the server's port says nothing is ready");
        assertEquals(handlers, Logger.getLogger("").getHandlers().length, "the node's log files are taken out again");
        assertEquals(war.resolve("WEB-INF/hutong/system"), Files.readSymbolicLink(home.resolve("system")));
        assertTrue(Files.isDirectory(home.resolve("etc")) && Files.isDirectory(home.resolve("deploy")));
        assertFalse(Files.exists(home.resolve("data/run/ready.json")));
    }
}
