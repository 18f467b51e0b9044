/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /**
     * @return a watch for a port another process takes after {@link #requireFree()} found it free: the node binds its
     *         ports seconds later, when its bundles start, and what binds a port in between (a server on an ephemeral
     *         port of another program) leaves the node's listener unstarted while readiness probes the stranger
     */
    LateTakers lateTakers() {
        return new LateTakers(listeners);
    }

    /**
     * Fails the start when a port of the node is held by another process while none of the node's own listeners serves
     * it. Where the kernel says who holds a port ({@code /proc} on Linux): another process listening on it fails the
     * start at once; another process's connection using it as its local end (an outgoing connection is given a port of
     * the ephemeral range, where a command's port-0 picks come from) fails it once that has lasted {@link #GRACE}
     * with nobody serving the port, as the connection may end before the node's listener binds; a port this process
     * holds without serving it (a listener that bound and has not registered yet, or an HTTPS connector that failed
     * after binding) is left to the readiness wait, which explains it. Elsewhere a port that answers connections
     * without the node serving it for {@link #GRACE} counts as taken: a listener binds its port before it registers
     * itself in the framework, so that is only a moment's state in a healthy start.
     */
    static final class LateTakers {

        /** How long a port may be held unserved, where a listener of the node could still get it, before it counts as taken. */
        static final Duration GRACE = Duration.ofSeconds(10);

        /** How often a port nobody answers on is looked up in the kernel's tables (they can be long on a busy machine). */
        static final Duration LOOK_EVERY = Duration.ofSeconds(1);

        /** Who holds a port. */
        enum Holder {
            /** a socket of this process listens on it */
            THIS_PROCESS,
            /** another process listens on it */
            ANOTHER_PROCESS,
            /** another process's socket uses it as its local end without listening (an outgoing connection) */
            ANOTHER_CONNECTION,
            /** nobody, or there is no way to tell */
            UNKNOWN
        }

        private final List<Listener> listeners;
        private final Map<Listener, Long> heldSince = new HashMap<>();
        private final Map<Listener, Long> lookedAt = new HashMap<>();
        private final Map<Listener, Holder> lastHolder = new HashMap<>();

        private LateTakers(List<Listener> listeners) {
            this.listeners = listeners;
        }

        /**
         * @param served   the ports the node's own listeners serve now (from the framework's services)
         * @param nanoTime now, as {@link System#nanoTime()}
         * @param answers  whether something accepts connections on a listener's port
         * @param holder   who holds a listener's port
         * @throws IllegalStateException naming the port and its flag as {@link #requireFree()} does: another process
         *                               listens on it; or another process's connection has held it, or (holder unknown)
         *                               it has answered, for {@link #GRACE} with nobody of the node serving it
         */
        void check(Set<Integer> served, long nanoTime, Predicate<Listener> answers, Function<Listener, Holder> holder) {
            for (Listener l : listeners) {
                if (served.contains(l.port())) {
                    heldSince.remove(l);
                    continue;
                }
                boolean answering = answers.test(l);
                Holder h;
                Long last = lookedAt.get(l);
                if (!answering && last != null && nanoTime - last < LOOK_EVERY.toNanos()) {
                    h = lastHolder.get(l); // looked up less than a second ago
                } else {
                    h = holder.apply(l);
                    lookedAt.put(l, nanoTime);
                    lastHolder.put(l, h);
                }
                boolean held = answering ? h != Holder.THIS_PROCESS : h == Holder.ANOTHER_CONNECTION;
                if (!held) {
                    heldSince.remove(l);
                    continue;
                }
                long since = heldSince.computeIfAbsent(l, x -> nanoTime);
                if (h == Holder.ANOTHER_PROCESS || nanoTime - since >= GRACE.toNanos()) {
                    throw new IllegalStateException("port " + l.port() + " (" + l.flag() + ") is in use on " + l.host() + ": "
                            + (h == Holder.ANOTHER_CONNECTION ? "another process's connection took it as its own end"
                                    : "another process took it")
                            + " after the start had found it free, and the node's listener could not bind it");
                }
            }
        }

        /** @return whether a TCP connection to {@code l}'s port is accepted (on loopback for a wildcard host) */
        static boolean answers(Listener l) {
            String host = wildcard(l.host()) ? "127.0.0.1" : l.host();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, l.port()), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean wildcard(String host) {
            return "0.0.0.0".equals(host) || "::".equals(host);
        }

        /**
         * @return who holds {@code l}'s port: the kernel's socket tables ({@code /proc/net/tcp}, {@code tcp6}) give each
         *         socket's local address, state and inode, and this process's descriptors ({@code /proc/self/fd}) say
         *         which inodes are its own. A connection counts only where it stops the listener binding: its local
         *         address is the listener's, or the listener's is a wildcard. {@link Holder#UNKNOWN} where there is no
         *         {@code /proc} or nobody holds the port.
         */
        static Holder holder(Listener l) {
            Set<String> listening = new HashSet<>();
            Set<String> connected = new HashSet<>();
            String hexPort = String.format(Locale.ROOT, ":%04X", l.port());
            try {
                InetAddress own = wildcard(l.host()) ? null : InetAddress.getByName(l.host());
                for (Path table : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))) {
                    if (!Files.isReadable(table)) {
                        continue; // not Linux, or no IPv6
                    }
                    for (String line : Files.readAllLines(table)) {
                        String[] f = line.trim().split("\\s+");
                        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; inode 0: TIME_WAIT
                        if (f.length <= 9 || !f[1].endsWith(hexPort) || f[9].equals("0")) {
                            continue;
                        }
                        if (f[3].equals("0A")) {
                            listening.add("socket:[" + f[9] + "]");
                        } else if (own == null || own.equals(address(f[1].substring(0, f[1].indexOf(':'))))) {
                            connected.add("socket:[" + f[9] + "]");
                        }
                    }
                }
            } catch (IOException | NumberFormatException unreadable) {
                return Holder.UNKNOWN; // the tables say nothing this check can trust
            }
            if (listening.isEmpty() && connected.isEmpty()) {
                return Holder.UNKNOWN;
            }
            Optional<Set<String>> mine = ownSockets();
            if (mine.isEmpty()) {
                return Holder.UNKNOWN;
            }
            if (!listening.isEmpty()) {
                return listening.stream().anyMatch(mine.get()::contains) ? Holder.THIS_PROCESS : Holder.ANOTHER_PROCESS;
            }
            return mine.get().containsAll(connected) ? Holder.UNKNOWN : Holder.ANOTHER_CONNECTION;
        }

        /** @return what this process's descriptors point at ({@code socket:[inode]} for a socket), empty without {@code /proc} */
        private static Optional<Set<String>> ownSockets() {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return Optional.of(fds.map(LateTakers::target).flatMap(Optional::stream).collect(Collectors.toSet()));
            } catch (IOException | UncheckedIOException e) {
                return Optional.empty();
            }
        }

        /** @return what descriptor {@code fd} points at; empty when it was closed after {@code /proc/self/fd} was listed */
        private static Optional<String> target(Path fd) {
            try {
                return Optional.of(Files.readSymbolicLink(fd).toString());
            } catch (IOException closedMeanwhile) {
                return Optional.empty();
            }
        }

        /** @return the address of a {@code /proc/net/tcp[6]} local address field: 32-bit words in the kernel's byte order */
        static InetAddress address(String hex) throws UnknownHostException {
            byte[] b = new byte[hex.length() / 2];
            for (int word = 0; word < b.length / 4; word++) {
                for (int i = 0; i < 4; i++) {
                    // each word is written as the little-endian machine prints it: its bytes reversed
                    b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
                }
            }
            return InetAddress.getByAddress(b); // an IPv4-mapped IPv6 address comes back as the IPv4 address
        }
    }
}
