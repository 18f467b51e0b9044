/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port already taken fails the start at once, naming the port and its flag, for every listener. */
class ListenersTest {

    @TempDir
    Path home;

    @BeforeEach
    void features() throws IOException {
        Files.createDirectories(home.resolve("features"));
        Files.writeString(home.resolve("features/core.json"), """
                {"id": "t:core:1", "configurations": {"org.apache.felix.http~admin": {"org.osgi.service.http.port": "${hutong.port.admin}"}}}""");
        Files.writeString(home.resolve("features/transport.json"), """
                {"id": "t:transport:1", "configurations": {"org.apache.felix.http~admin": {"org.osgi.service.http.port": "${hutong.port.admin}"}}}""");
    }

    private static ServerSocket taken() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private Listeners listeners(String profile, String... flags) throws IOException {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        for (int i = 0; i < flags.length; i += 2) {
            given.put(flags[i].substring(2), flags[i + 1]);
        }
        NodeSettings s = NodeSettings.from(home, given);
        return Listeners.of(s, FeatureProfile.load(home.resolve("features"), profile));
    }

    private static String refusal(Listeners l) {
        return assertThrows(IllegalStateException.class, l::requireFree).getMessage();
    }

    @Test
    void eachListenerIsNamedByItsFlag() throws IOException {
        int ew = NodeSettingsTest.closedPort();
        int admin = NodeSettingsTest.closedPort();
        try (ServerSocket a = taken(); ServerSocket b = taken(); ServerSocket c = taken(); ServerSocket d = taken()) {
            assertEquals("port " + a.getLocalPort() + " (--port) is in use on 127.0.0.1",
                    refusal(listeners("core", "--port", "" + a.getLocalPort(), "--admin-port", "" + admin)));
            assertEquals("port " + b.getLocalPort() + " (--admin-port) is in use on 127.0.0.1",
                    refusal(listeners("core", "--port", "" + ew, "--admin-port", "" + b.getLocalPort())));
            assertEquals("port " + c.getLocalPort() + " (--grpc-port) is in use on 127.0.0.1",
                    refusal(listeners("transport", "--port", "" + ew, "--admin-port", "" + admin, "--grpc-port", "" + c.getLocalPort())));
            // the default gRPC port is the east-west port + 1: the case of a second node beside a first
            assertEquals("port " + d.getLocalPort() + " (--grpc-port, by default --port + 1) is in use on 127.0.0.1",
                    refusal(listeners("transport", "--port", "" + (d.getLocalPort() - 1), "--admin-port", "" + admin)));
        }
    }

    @Test
    void inAWebApplicationTheEastWestPortIsTheServersAndItsTlsTheServersToo() throws IOException {
        Files.writeString(home.resolve("features/war.json"), """
                {"id": "t:war:1", "framework-properties": {"hutong.http.bridge.plane": "east_west"},
                 "configurations": {"org.apache.felix.http~admin": {"org.osgi.service.http.port": "${hutong.port.admin}"}}}""");
        try (ServerSocket server = taken(); ServerSocket admin = taken()) {
            // the application server listens on the east-west port: that is where the node is served, not a conflict
            listeners("war", "--port", "" + server.getLocalPort(), "--admin-port", "" + NodeSettingsTest.closedPort()).requireFree();
            assertEquals("port " + admin.getLocalPort() + " (--admin-port) is in use on 127.0.0.1",
                    refusal(listeners("war", "--port", "" + server.getLocalPort(), "--admin-port", "" + admin.getLocalPort())),
                    "the admin plane keeps a listener of its own");
            NodeTls tlsPort = new NodeTls(NodeSettingsTest.closedPort(), 0, "ks.p12", "pw", "PKCS12", "", "", "PKCS12", "none");
            NodeSettings withTls = new NodeSettings(home, home.resolve("data"), home.resolve("logs"), "war", "alice",
                    "127.0.0.1", "127.0.0.1", server.getLocalPort(), NodeSettingsTest.closedPort(), 0, tlsPort);
            IllegalStateException tls = assertThrows(IllegalStateException.class,
                    () -> Listeners.of(withTls, FeatureProfile.load(home.resolve("features"), "war")));
            assertTrue(tls.getMessage().contains("HTTPS listener"), tls.getMessage());
        }
    }

    @Test
    void tlsPortsAreCheckedToo() {
        List<Listeners.Listener> l = List.of(new Listeners.Listener("--port", "127.0.0.1", 1),
                new Listeners.Listener("--tls-port", "127.0.0.1", 2));
        assertEquals("--tls-port", l.get(1).flag());
        try (ServerSocket t = taken()) {
            int free = NodeSettingsTest.closedPort();
            assertEquals("port " + t.getLocalPort() + " (--tls-port) is in use on 127.0.0.1", refusal(new Listeners(List.of(
                    new Listeners.Listener("--port", "127.0.0.1", free), new Listeners.Listener("--tls-port", "127.0.0.1", t.getLocalPort())))));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoListenersOnOnePortAreRefused() throws IOException {
        int p = NodeSettingsTest.closedPort();
        assertEquals("port " + p + " is given to both (--port) and (--admin-port)",
                refusal(listeners("core", "--port", "" + p, "--admin-port", "" + p)));
        assertEquals("port " + (p + 1) + " is given to both (--admin-port) and (--grpc-port, by default --port + 1)",
                refusal(listeners("transport", "--port", "" + p, "--admin-port", "" + (p + 1))));
    }

    @Test
    void freePortsPassAndStayFree() throws IOException {
        Listeners l = listeners("transport", "--port", "" + NodeSettingsTest.closedPort(), "--admin-port", "" + NodeSettingsTest.closedPort(),
                "--grpc-port", "" + NodeSettingsTest.closedPort());
        assertEquals(List.of("--port", "--admin-port", "--grpc-port"), l.listeners().stream().map(Listeners.Listener::flag).toList());
        l.requireFree();
        l.requireFree(); // the check released what it bound
    }

    @Test
    void anUnknownHostIsNamed() {
        String m = refusal(new Listeners(List.of(new Listeners.Listener("--port", "no-such-host.invalid", 7304))));
        assertTrue(m.startsWith("host no-such-host.invalid of port 7304 (--port) is unknown"), m);
    }

    @Test
    void aNodeWhosePortIsTakenFailsAtOnceWithoutStartingTheFramework() throws Exception {
        try (ServerSocket t = taken()) {
            NodeSettings s = NodeSettings.from(home, Map.of("profile", "core", "data", home.resolve("data").toString(),
                    "port", "" + t.getLocalPort(), "admin-port", "" + NodeSettingsTest.closedPort()));
            long started = System.nanoTime();
            try (NodeRuntime node = new NodeRuntime(s)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> node.start(Duration.ofSeconds(120)));
                assertEquals("port " + t.getLocalPort() + " (--port) is in use on 127.0.0.1", e.getMessage());
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 60, "no readiness wait");
            assertFalse(Files.exists(home.resolve("data/felix-cache")), "the framework never started");
        }
    }

    @Test
    void whereTheHolderIsUnknownAPortTakenAfterTheCheckFailsTheStartOnceItHasAnsweredForTheGrace() throws IOException {
        int ew = NodeSettingsTest.closedPort();
        // a backlog for every probe: the stranger accepts nothing, and a full backlog would stop answering
        try (ServerSocket stranger = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int admin = stranger.getLocalPort();
            Listeners.LateTakers takers = new Listeners(List.of(new Listeners.Listener("--port", "127.0.0.1", ew),
                    new Listeners.Listener("--admin-port", "127.0.0.1", admin))).lateTakers();
            long grace = Listeners.LateTakers.GRACE.toNanos();
            Function<Listeners.Listener, Listeners.LateTakers.Holder> unknown = l -> Listeners.LateTakers.Holder.UNKNOWN;
            // the east-west listener serves its port; the admin port answers, but not from the node
            takers.check(Set.of(ew), 0, Listeners.LateTakers::answers, unknown);
            takers.check(Set.of(ew), grace - 1, Listeners.LateTakers::answers, unknown);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> takers.check(Set.of(ew), grace, Listeners.LateTakers::answers, unknown));
            assertTrue(e.getMessage().startsWith("port " + admin + " (--admin-port) is in use on 127.0.0.1: another process took it"),
                    e.getMessage());
        }
    }

    @Test
    void aPortTheNodeServesOrNobodyAnswersOnIsNeverTaken() throws IOException {
        int closed = NodeSettingsTest.closedPort();
        Listeners.Listener quiet = new Listeners.Listener("--port", "127.0.0.1", closed);
        assertFalse(Listeners.LateTakers.answers(quiet), "nothing listens on a closed port");
        Listeners.Listener ours = new Listeners.Listener("--admin-port", "127.0.0.1", closed + 1);
        Listeners.LateTakers takers = new Listeners(List.of(quiet, ours)).lateTakers();
        long grace = Listeners.LateTakers.GRACE.toNanos();
        Function<Listeners.Listener, Listeners.LateTakers.Holder> unknown = l -> Listeners.LateTakers.Holder.UNKNOWN;
        // a listener between binding and registering answers before the node serves it: only that moment, then served
        takers.check(Set.of(), 0, l -> true, unknown);
        takers.check(Set.of(closed, closed + 1), grace - 1, l -> true, unknown);
        takers.check(Set.of(closed, closed + 1), 10 * grace, l -> true, unknown);
        // answering again after a gap starts the grace anew: a listener that restarts (new configuration) is not a taker
        takers.check(Set.of(), 10 * grace + 1, l -> true, unknown);
        takers.check(Set.of(), 11 * grace, l -> true, unknown);
        // a port nobody answers on is the node's listener still starting: the readiness timeout covers it
        takers.check(Set.of(), 100 * grace, l -> false, unknown);
    }

    @Test
    void whereTheKernelSaysWhoListensAStrangerFailsTheStartAtOnceAndThisProcessNever() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd")),
                "who holds a port is read from /proc (Linux)");
        int closed = NodeSettingsTest.closedPort();
        assertEquals(Listeners.LateTakers.Holder.UNKNOWN, Listeners.LateTakers.holder(loopback("--port", closed)), "nobody");
        Process stranger = stranger("listen", 0);
        try (ServerSocket own = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(stranger.getInputStream()))) {
            int theirs = Integer.parseInt(out.readLine().strip());
            assertEquals(Listeners.LateTakers.Holder.ANOTHER_PROCESS, Listeners.LateTakers.holder(loopback("--port", theirs)));
            assertEquals(Listeners.LateTakers.Holder.THIS_PROCESS, Listeners.LateTakers.holder(loopback("--admin-port", own.getLocalPort())));
            // this process's socket is a listener of the node's own that has not registered: never a taker
            Listeners.LateTakers mine = new Listeners(List.of(loopback("--admin-port", own.getLocalPort()))).lateTakers();
            mine.check(Set.of(), 0, Listeners.LateTakers::answers, Listeners.LateTakers::holder);
            mine.check(Set.of(), 100 * Listeners.LateTakers.GRACE.toNanos(), Listeners.LateTakers::answers, Listeners.LateTakers::holder);
            // the stranger's port fails the start at the first look, without waiting for the grace
            Listeners.LateTakers takers = new Listeners(List.of(loopback("--port", theirs))).lateTakers();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> takers.check(Set.of(), 0, Listeners.LateTakers::answers, Listeners.LateTakers::holder));
            assertTrue(e.getMessage().startsWith("port " + theirs + " (--port) is in use on 127.0.0.1: another process took it"),
                    e.getMessage());
        } finally {
            stranger.destroy();
            stranger.waitFor();
        }
    }

    @Test
    void anotherProcesssConnectionOnTheNodesPortFailsTheStartWhenNobodyHasServedItForTheGrace() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd")),
                "who holds a port is read from /proc (Linux)");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // another JVM connects here: the kernel gives its end a port of the ephemeral range, as a command's port-0
            // pick for a node might have been
            Process stranger = stranger("connect", server.getLocalPort());
            try (java.net.Socket accepted = server.accept();
                 java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(stranger.getInputStream()))) {
                int theirs = Integer.parseInt(out.readLine().strip());
                assertEquals(theirs, accepted.getPort());
                Listeners.Listener l = loopback("--admin-port", theirs);
                assertEquals(Listeners.LateTakers.Holder.ANOTHER_CONNECTION, Listeners.LateTakers.holder(l));
                // a listener on another address could bind that port: the connection does not stand in its way
                assertEquals(Listeners.LateTakers.Holder.UNKNOWN,
                        Listeners.LateTakers.holder(new Listeners.Listener("--admin-port", "127.0.0.2", theirs)));
                Listeners.LateTakers takers = new Listeners(List.of(l)).lateTakers();
                long grace = Listeners.LateTakers.GRACE.toNanos();
                takers.check(Set.of(), 0, Listeners.LateTakers::answers, Listeners.LateTakers::holder);
                takers.check(Set.of(), grace - 1, Listeners.LateTakers::answers, Listeners.LateTakers::holder);
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> takers.check(Set.of(), grace, Listeners.LateTakers::answers, Listeners.LateTakers::holder));
                assertTrue(e.getMessage().startsWith("port " + theirs + " (--admin-port) is in use on 127.0.0.1: another process's "
                        + "connection took it"), e.getMessage());
                // served in time (the connection ended before the listener bound): no taker
                Listeners.LateTakers served = new Listeners(List.of(l)).lateTakers();
                served.check(Set.of(), 0, Listeners.LateTakers::answers, Listeners.LateTakers::holder);
                served.check(Set.of(theirs), grace, Listeners.LateTakers::answers, Listeners.LateTakers::holder);
            } finally {
                stranger.destroy();
                stranger.waitFor();
            }
        }
    }

    @Test
    void theKernelsAddressesAreReadInItsByteOrder() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"), Listeners.LateTakers.address("0100007F"));
        assertEquals(InetAddress.getByName("127.0.0.1"), Listeners.LateTakers.address("0000000000000000FFFF00000100007F"));
        assertEquals(InetAddress.getByName("::1"), Listeners.LateTakers.address("00000000000000000000000001000000"));
        assertEquals(InetAddress.getByName("10.1.2.3"), Listeners.LateTakers.address("0302010A"));
    }

    private static Listeners.Listener loopback(String flag, int port) {
        return new Listeners.Listener(flag, "127.0.0.1", port);
    }

    /** @return another JVM that listens on a port of its own ({@code listen}) or connects to {@code port}, and prints its port */
    private static Process stranger(String mode, int port) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Stranger.class.getName(), mode, Integer.toString(port))
                .redirectErrorStream(true).start();
    }

    /** Another process holding a port: prints it and waits to be killed. */
    static final class Stranger {
        public static void main(String[] args) throws Exception {
            if (args[0].equals("listen")) {
                try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                    System.out.println(s.getLocalPort());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
            } else {
                try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]))) {
                    System.out.println(s.getLocalPort());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
        }
    }
}
