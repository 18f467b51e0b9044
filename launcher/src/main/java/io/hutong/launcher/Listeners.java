/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ports a node is about to listen on, each with the flag that sets it, checked before the
 * framework starts so a taken port fails the start at once and by name
 * ({@code port 7312 (--port) is in use}) instead of after the readiness timeout.
 */
final class Listeners {

    /** One listener: what sets it, where it binds. */
    record Listener(String flag, String host, int port) {
    }

    private final List<Listener> listeners;

    Listeners(List<Listener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** @return the listeners {@code settings} give a node of {@code profile} (after {@code etc/*.cfg} are applied to it) */
    static Listeners of(NodeSettings settings, FeatureProfile profile) {
        List<Listener> l = new ArrayList<>();
        boolean bridged = profile.bridgedPlane() != null;
        if (bridged && settings.tls().eastWestPort() > 0) {
            throw new IllegalStateException("--tls-port " + settings.tls().eastWestPort() + " is not used in a web "
                    + "application: its east-west plane is the application server's port, whose HTTPS is the server's "
                    + "HTTPS listener (decision WAR6)");
        }
        if (!bridged) {
            // in a web application the east-west port is the application server's, in use by it (decision WAR6)
            l.add(new Listener("--port", settings.host(), settings.eastWestPort()));
        }
        if (profile.configurations().containsKey("org.apache.felix.http~admin")) {
            l.add(new Listener("--admin-port", settings.adminHost(), settings.adminPort()));
        }
        if (settings.tls().eastWestPort() > 0) {
            l.add(new Listener("--tls-port", settings.host(), settings.tls().eastWestPort()));
        }
        if (profile.features().contains("transport")) {
            // the transport's own configuration wins over the flag (README, Listeners table)
            Object configured = profile.configurations().getOrDefault("io.hutong.transport.grpc", Map.of()).get("port");
            int etc = configured == null ? 0 : parse(String.valueOf(configured));
            if (etc > 0) {
                l.add(new Listener("port in etc/io.hutong.transport.grpc.cfg", settings.host(), etc));
            } else if (settings.grpcPort() > 0) {
                l.add(new Listener("--grpc-port", settings.host(), settings.grpcPort()));
            } else {
                l.add(new Listener("--grpc-port, by default --port + 1", settings.host(), settings.eastWestPort() + 1));
            }
            if (settings.tls().grpcPort() > 0) {
                l.add(new Listener("--grpc-tls-port", settings.host(), settings.tls().grpcPort()));
            }
        }
        return new Listeners(l);
    }

    private static int parse(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return 0; // a placeholder or nonsense: the transport reports it itself
        }
    }

    /** @return the listeners, in the order they are checked */
    List<Listener> listeners() {
        return listeners;
    }

    /**
     * @throws IllegalStateException naming the port and its flag when two listeners share a port or a
     *                               port cannot be bound now (another process listens on it)
     */
    void requireFree() {
        for (int i = 0; i < listeners.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (listeners.get(i).port() == listeners.get(j).port()) {
                    throw new IllegalStateException("port " + listeners.get(i).port() + " is given to both ("
                            + listeners.get(j).flag() + ") and (" + listeners.get(i).flag() + ")");
                }
            }
        }
        for (Listener l : listeners) {
            InetAddress address;
            try {
                address = InetAddress.getByName(l.host());
            } catch (UnknownHostException e) {
                throw new IllegalStateException("host " + l.host() + " of port " + l.port() + " (" + l.flag() + ") is unknown");
            }
            try (ServerSocket s = new ServerSocket()) {
                // as Jetty and Netty bind: a port with connections in TIME_WAIT is free, one with a listener is not
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(address, l.port()));
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new IllegalStateException(why.contains("in use")
                        ? "port " + l.port() + " (" + l.flag() + ") is in use on " + l.host()
                        // not ours to bind: an address of another machine, a privileged port
                        : "port " + l.port() + " (" + l.flag() + ") cannot be bound on " + l.host() + ": " + why);
            }
        }
    }
}
