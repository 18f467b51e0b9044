/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;


/**
 * One running node: an OSGi framework holding the bundles of a feature profile, configured from the
 * node's settings. {@link #start()} returns once every bundle is active and both planes answer.
 */
public final class NodeRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodeRuntime.class.getName());

    /** The Felix Health Check API's package prefix. */
    private static final String HC_API = "org.apache.felix.hc.api.";

    /** The Felix HC tag of the checks that must pass before the node counts as ready. */
    private static final String SYSTEM_READY = "systemready";

    private final NodeSettings settings;
    private final FeatureProfile profile;
    private Framework framework;
    private String nodeId;
    private long readyMs;
    private String adminToken;
    private boolean copyBundles;
    private Listeners listeners;
    private final StartPhases phases = new StartPhases();

    public NodeRuntime(NodeSettings settings) throws IOException {
        this.settings = settings;
        this.profile = FeatureProfile.load(settings.home().resolve("features"), settings.profile());
    }

    /**
     * Makes the framework copy each bundle into its cache at install instead of reading it where it lies. A web
     * application needs this: its {@code system/} is the server's exploded archive, which a redeployment replaces
     * while the old node may still be stopping. A node of the distribution reads its own {@code system/} in place.
     *
     * @return this
     */
    public NodeRuntime copyBundles() {
        this.copyBundles = true;
        return this;
    }

    /** @return the node id (known once started) */
    public String nodeId() {
        return nodeId;
    }

    /** @return milliseconds from JVM start until the node was ready */
    public long readyMs() {
        return readyMs;
    }

    /**
     * Boots the framework, installs and starts the profile's bundles, waits for readiness and writes
     * {@code <data>/run/ready.json}.
     *
     * @throws IllegalStateException when the node does not become ready within {@code timeout},
     *                               naming what is missing
     */
    public void start(Duration timeout) throws IOException, BundleException, InterruptedException {
        start(timeout, context -> { });
    }

    /**
     * As {@link #start(Duration)}, and hands the framework's bundle context to {@code started} once every bundle has
     * started, before readiness is awaited: a web application connects the Felix HTTP bridge to its server there, so
     * that the plane it serves is ready when the deployment ends (decision WAR8).
     */
    public void start(Duration timeout, java.util.function.Consumer<BundleContext> started)
            throws IOException, BundleException, InterruptedException {
        Files.createDirectories(settings.data().resolve("run"));
        // the data directory holds the database, ConfigAdmin's files (route and console passwords), the
        // console login and the admin token: nobody but the node's user reads any of it (decision ADMIN3)
        AdminToken.ownerOnly(settings.data());
        Files.deleteIfExists(readyFile());
        applyEtcConfigurations(settings.home().resolve("etc"));
        // before any bundle starts: a listener that cannot bind would otherwise leave the node waiting
        // for readiness until the timeout, probing whatever else answers on that port
        listeners = Listeners.of(settings, profile);
        listeners.requireFree();
        LOG.info("ports free: " + listeners.listeners().stream().map(l -> l.port() + " (" + l.flag() + ")")
                .collect(java.util.stream.Collectors.joining(", ")));
        ConsoleCredentials console = ConsoleCredentials.loadOrCreate(settings.data());
        adminToken = AdminToken.loadOrCreate(settings.data());
        Map<String, String> vars = settings.placeholders(console.user());
        // $[env:…] and $[secret:…] are filled by ConfigAdmin's interpolation plugin when a component gets its
        // configuration; what it could not fill it would hand over as text, so the start stops here instead
        Path secrets = ExternalValues.secretsDirectory(profile.frameworkProperties(vars));
        if (secrets != null) {
            LauncherSecrets.write(secrets, console, settings.tls());
        }
        ExternalValues.requireFillable(profile.configurations(), System::getenv, secrets);

        Map<String, String> props = new HashMap<>(vars);
        props.put(Constants.FRAMEWORK_STORAGE, settings.data().resolve("felix-cache").toString());
        // Bundles come from the features at every start; what an admin adds at runtime lives in deploy/.
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("configurator.initial", profile.configuratorJson(vars));
        props.put("gosh.args", Terminal.shellMayReadStdin(settings.noShell()) ? "" : "--nointeractive");
        props.put("gosh.home", settings.home().toString());
        props.putAll(profile.frameworkProperties(vars));

        // Real start levels: each bundle gets its feature's start order as its start level, and the framework
        // rises to the highest one level by level, so a bundle starts only once every lower level has started
        // (the analyser checks at build time that nothing imports from a higher one, decision FM4).
        int beginning = profile.bundles().stream().mapToInt(FeatureProfile.BundleRef::startOrder).max().orElse(1);
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(beginning));

        // Felix from the launcher's own class loader, not the thread's: in a web application (io.hutong.webapp) the
        // thread context class loader is kept away from the app server's classes while bundles start (decision WAR3)
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, NodeRuntime.class.getClassLoader()).iterator().next();
        phases.end("launcher");
        framework = factory.newFramework(props);
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        ctx.addBundleListener(phases);
        // a bundle that fails to start at its level is reported by the framework as an event, not thrown:
        // log it with its cause; readiness then names every bundle that is not active
        ctx.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.ERROR && e.getBundle() != null && e.getBundle().getBundleId() != 0) {
                LOG.log(Level.SEVERE, "bundle " + e.getBundle().getSymbolicName() + " did not start: "
                        + (e.getThrowable() == null ? "" : e.getThrowable().getMessage()), e.getThrowable());
            }
        });
        Path repository = settings.home().resolve("system");
        for (FeatureProfile.BundleRef ref : profile.bundles()) {
            Path jar = ref.path(repository);
            if (!Files.isRegularFile(jar)) {
                throw new IOException("bundle " + ref.id() + " of feature " + ref.feature() + " is missing: " + jar);
            }
            // reference: the framework reads the jar where it lies instead of copying every jar into its cache at
            // every start (FRAMEWORK_STORAGE_CLEAN empties the cache each time), decision START4
            Bundle b = ctx.installBundle((copyBundles ? "" : "reference:") + jar.toUri());
            b.adapt(BundleStartLevel.class).setStartLevel(Math.max(1, ref.startOrder()));
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                // the framework is still at level 0: this only marks the bundle to be started at its level
                b.start();
            }
        }
        phases.end("install");
        // returns once the framework has reached the beginning level; within a level bundles start in the
        // order they were installed, which is the features' order
        framework.start();
        phases.levelsReached();
        ctx.removeBundleListener(phases);
        phases.end("bundles");
        started.accept(ctx);
        awaitReady(timeout);
        phases.end("readiness");
        readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("start phases: " + StartPhases.line(phases.phases()) + "; slowest bundles (ms, with their components): " + phases.slowest(5));
        writeReady();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String missing = "";
        String settled = null;
        long settledSince = 0;
        long answeringSince = 0;
        Listeners.LateTakers takers = listeners.lateTakers();
        while (System.nanoTime() < deadline) {
            takers.check(servedPorts(), System.nanoTime(), Listeners.LateTakers::answers, Listeners.LateTakers::holder);
            missing = notReady(http);
            if (missing.isEmpty()) {
                // Components and REST resources keep registering for a moment after the probes first
                // answer; "ready" waits until the service registry has been quiet for half a second,
                // so a script's first call after ready.json does not meet a 404 - but no longer than
                // 5 s, so a service that re-registers periodically cannot keep a node from being ready.
                long now = System.nanoTime();
                answeringSince = answeringSince == 0 ? now : answeringSince;
                String signature = registrySignature();
                if (!signature.equals(settled)) {
                    settled = signature;
                    settledSince = now;
                } else if (now - settledSince >= 500_000_000L) {
                    return;
                }
                if (now - answeringSince >= 5_000_000_000L) {
                    LOG.warning("service registry still changing 5 s after the node answered; declaring it ready");
                    return;
                }
            } else {
                settled = null;
                answeringSince = 0;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("node not ready after " + timeout.toSeconds() + " s: " + missing);
    }

    /** @return the number of registered services and the REST whiteboards' change counts */
    private String registrySignature() {
        BundleContext ctx = framework.getBundleContext();
        StringBuilder sig = new StringBuilder();
        try {
            ServiceReference<?>[] all = ctx.getAllServiceReferences(null, null);
            sig.append(all == null ? 0 : all.length);
            ServiceReference<?>[] rest = ctx.getAllServiceReferences("org.osgi.service.jakartars.runtime.JakartarsServiceRuntime", null);
            if (rest != null) {
                for (ServiceReference<?> r : rest) {
                    sig.append('/').append(r.getProperty(Constants.SERVICE_CHANGECOUNT));
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return sig.toString();
    }

    /** @return what is still missing, empty when the node is ready */
    private String notReady(HttpClient http) {
        List<String> inactive = new ArrayList<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() != Bundle.ACTIVE && !(fragment && b.getState() == Bundle.RESOLVED)) {
                inactive.add(b.getSymbolicName() + " " + b.getVersion());
            }
        }
        if (!inactive.isEmpty()) {
            return "bundles not active: " + inactive;
        }
        if (nodeId == null) {
            nodeId = lookUpNodeId();
            if (nodeId == null) {
                return "node identity not available (see " + settings.logs().resolve("hutong.log") + ")";
            }
        }
        if (profile.features().contains("transport") && !servicePorts().containsKey("grpc")) {
            return "transport gRPC listener not started (see " + settings.logs().resolve("hutong.log") + ")";
        }
        if (profile.features().contains("transport") && settings.tls().grpcPort() > 0 && !servicePorts().containsKey("grpc_tls")) {
            return "transport gRPC TLS listener not started (see " + settings.logs().resolve("hutong.log") + ")";
        }
        // in a web application the east-west plane is the application server's port, which serves the application
        // only once its deployment (this start) has ended: the REST whiteboard bound to the bridge is checked in-process
        String ew = profile.bridgedPlane() != null ? bridgedPlaneServing(profile.bridgedPlane())
                : probe(http, settings.host(), settings.eastWestPort(), "/v1/interconn/node/health", null,
                        Duration.ofSeconds(2), body -> null);
        if (ew != null) {
            return "east-west plane: " + ew;
        }
        if (settings.tls().eastWestPort() > 0 && !servesTls(settings.host(), settings.tls().eastWestPort())) {
            return "east-west HTTPS listener not serving TLS on port " + settings.tls().eastWestPort() + " (see "
                    + settings.logs().resolve("hutong.log") + ")";
        }
        String checks = systemReady();
        if (checks != null) {
            return checks;
        }
        if (profile.features().contains("console")) {
            // the admin listener answers, with this node's admin token (the checks above ran in-process)
            String admin = probe(http, settings.adminHost(), settings.adminPort(), "/v1/admin/endpoints", adminToken,
                    Duration.ofSeconds(5), body -> null);
            if (admin != null) {
                return "admin plane: " + admin;
            }
        }
        return "";
    }

    /**
     * @return null when a Jakarta REST whiteboard serves {@code plane} on the Felix HTTP bridge (io.hutong.http starts
     *         it once the bridge's runtime is connected to the server), else what is missing
     */
    private String bridgedPlaneServing(String plane) {
        try {
            ServiceReference<?>[] rest = framework.getBundleContext().getServiceReferences(
                    "org.osgi.service.jakartars.runtime.JakartarsServiceRuntime", "(hutong.plane=" + plane + ")");
            return rest != null ? null : "no REST whiteboard on the bridged " + plane + " plane yet (see "
                    + settings.logs().resolve("hutong.log") + ")";
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * GETs {@code path} and judges the answer: a status other than 200, no answer, or what {@code body}
     * finds wrong with the body.
     *
     * @param body null when the body is as it should be, else what is not
     * @return null when the answer is right, else what is not
     */
    private static String probe(HttpClient http, String host, int port, String path, String token, Duration timeout,
                                Function<String, String> body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + loopback(host) + ":" + port + path))
                    .timeout(timeout).GET();
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? body.apply(r.body()) : path + " answered " + r.statusCode();
        } catch (IOException e) {
            return path + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Runs the Felix Health Checks tagged {@code systemready} (bundles started, each layer's DS components
     * satisfied) in-process, through the framework's {@code HealthCheckExecutor}: the node is ready only when
     * every one is OK. The launcher sits outside the framework and does not share the Health Check API's
     * classes with it, so it calls the executor through the API classes of the bundle that registered it.
     *
     * @return null when ready, else what is not
     */
    private String systemReady() {
        BundleContext ctx = framework.getBundleContext();
        ServiceReference<?> ref = ctx.getServiceReference(HC_API + "execution.HealthCheckExecutor");
        Object executor = ref == null ? null : ctx.getService(ref);
        if (executor == null) {
            return "no Felix health check executor running";
        }
        try {
            Bundle hc = ref.getBundle();
            Class<?> selectorType = hc.loadClass(HC_API + "execution.HealthCheckSelector");
            Class<?> optionsType = hc.loadClass(HC_API + "execution.HealthCheckExecutionOptions");
            Class<?> resultType = hc.loadClass(HC_API + "execution.HealthCheckExecutionResult");
            Class<?> entryType = hc.loadClass(HC_API + "ResultLog$Entry");
            Object selector = selectorType.getMethod("tags", String[].class).invoke(null, (Object) new String[] {SYSTEM_READY});
            // run the checks now rather than read Felix's result cache, which may hold a result from before a start
            Object options = optionsType.getConstructor().newInstance();
            optionsType.getMethod("setForceInstantExecution", boolean.class).invoke(options, true);
            List<?> results = (List<?>) hc.loadClass(HC_API + "execution.HealthCheckExecutor")
                    .getMethod("execute", selectorType, optionsType).invoke(executor, selector, options);
            if (results.isEmpty()) {
                return "no system-ready health checks registered";
            }
            List<String> failing = new ArrayList<>();
            for (Object r : results) {
                Object result = resultType.getMethod("getHealthCheckResult").invoke(r);
                String status = String.valueOf(result.getClass().getMethod("getStatus").invoke(result));
                if (!"OK".equals(status)) {
                    Object metadata = resultType.getMethod("getHealthCheckMetadata").invoke(r);
                    List<String> messages = new ArrayList<>();
                    for (Object e : (Iterable<?>) result) {
                        if (!(Boolean) entryType.getMethod("isDebug").invoke(e)) {
                            messages.add(entryType.getMethod("getStatus").invoke(e) + " " + entryType.getMethod("getMessage").invoke(e));
                        }
                    }
                    failing.add(metadata.getClass().getMethod("getName").invoke(metadata) + " " + status + " " + messages);
                }
            }
            return failing.isEmpty() ? null : "system not ready: " + String.join("; ", failing);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // e.g. the health check bundles are being refreshed: not ready yet, and say why
            return "system-ready health checks not run: " + e;
        } finally {
            try {
                ctx.ungetService(ref);
            } catch (IllegalStateException frameworkStopping) {
                // nothing to release
            }
        }
    }

    /** @return the address to probe a listener bound to {@code host} at: loopback for a wildcard */
    private static String loopback(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    }

    /**
     * Whether {@code port} answers a TLS handshake. Jetty keeps the port of an HTTPS connector that
     * failed to start (e.g. a wrong store password) bound without serving, so a TCP connect is not
     * enough. The probe trusts any certificate: it only asks whether TLS is spoken, and sends nothing.
     * A refused client certificate (mTLS) is an answer too.
     */
    private static boolean servesTls(String host, int port) {
        String h = loopback(host);
        javax.net.ssl.TrustManager any = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        try {
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {any}, null);
            try (java.net.Socket raw = new java.net.Socket()) {
                raw.connect(new java.net.InetSocketAddress(h, port), 2000);
                raw.setSoTimeout(2000);
                try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket(raw, h, port, false)) {
                    s.startHandshake();
                    return true;
                }
            }
        } catch (javax.net.ssl.SSLException e) {
            return String.valueOf(e.getMessage()).contains("fatal alert");
        } catch (IOException | java.security.GeneralSecurityException e) {
            return false;
        }
    }

    // The identity service lives inside the framework; its interface is not on the launcher's
    // class path, so it is called by name.
    private String lookUpNodeId() {
        BundleContext ctx = framework.getBundleContext();
        ServiceReference<?> ref = ctx.getServiceReference("io.hutong.api.node.NodeIdentity");
        if (ref == null) {
            return profile.features().contains("management") ? null : settings.nodeId();
        }
        Object service = ctx.getService(ref);
        if (service == null) {
            // registered but its activation threw: SCR will not retry by itself, so waiting is pointless
            throw new IllegalStateException("node identity failed to start, see " + settings.logs().resolve("hutong.log"));
        }
        try {
            return String.valueOf(service.getClass().getMethod("nodeId").invoke(service));
        } catch (ReflectiveOperationException e) {
            return null;
        } finally {
            ctx.ungetService(ref);
        }
    }

    /**
     * Puts the operator's {@code etc/<pid>.cfg} files into the configurations applied before any
     * bundle starts. FileInstall watches {@code etc/} too, but it starts last: without this a
     * component would first activate without the operator's settings (the store would create an H2
     * database before learning it should use PostgreSQL). FileInstall then finds the same values and
     * changes nothing. Factory configurations ({@code pid-name.cfg}) and values with placeholders are
     * left to FileInstall.
     */
    private void applyEtcConfigurations(Path etc) throws IOException {
        if (!Files.isDirectory(etc)) {
            return;
        }
        try (var files = Files.list(etc)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".cfg")).sorted().toList()) {
                String pid = f.getFileName().toString().replaceFirst("\\.cfg$", "");
                if (pid.contains("-")) {
                    continue;
                }
                java.util.Properties p = new java.util.Properties();
                try (var in = Files.newBufferedReader(f)) {
                    p.load(in);
                }
                Map<String, Object> values = profile.configurations().computeIfAbsent(pid, k -> new LinkedHashMap<>());
                for (String key : p.stringPropertyNames()) {
                    String v = p.getProperty(key);
                    if (!v.contains("${")) {
                        values.put(key, v);
                    }
                }
            }
        }
    }

    /**
     * @return listeners that bundles announce with the service properties {@code hutong.port.name}
     *         and {@code hutong.port} (the transport's gRPC port), by name
     */
    private Map<String, Object> servicePorts() {
        Map<String, Object> ports = new LinkedHashMap<>();
        try {
            ServiceReference<?>[] refs = framework.getBundleContext().getAllServiceReferences(null, "(hutong.port.name=*)");
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    ports.put(String.valueOf(r.getProperty("hutong.port.name")), r.getProperty("hutong.port"));
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return ports;
    }

    /** @return the ports this node's HTTP listeners (their runtimes' endpoints) and transport listeners serve now */
    private java.util.Set<Integer> servedPorts() {
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (Object p : servicePorts().values()) {
            if (p instanceof Integer port) {
                ports.add(port);
            }
        }
        try {
            ServiceReference<?>[] http = framework.getBundleContext().getAllServiceReferences(
                    "org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
            for (ServiceReference<?> r : http == null ? new ServiceReference<?>[0] : http) {
                Object endpoints = r.getProperty("osgi.http.endpoint");
                Iterable<?> each = endpoints instanceof String[] a ? List.of(a)
                        : endpoints instanceof Iterable<?> i ? i : List.of(String.valueOf(endpoints));
                for (Object e : each) {
                    try {
                        int port = URI.create(String.valueOf(e)).getPort();
                        if (port > 0) {
                            ports.add(port);
                        }
                    } catch (IllegalArgumentException notAUri) {
                        // a relative endpoint (a bridged runtime's "/") serves no port of this node's
                    }
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return ports;
    }

    private Path readyFile() {
        return settings.data().resolve("run/ready.json");
    }

    private void writeReady() throws IOException {
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("east_west", settings.eastWestPort());
        if (profile.features().contains("console")) {
            ports.put("admin", settings.adminPort());
        }
        if (settings.tls().eastWestPort() > 0) {
            ports.put("east_west_tls", settings.tls().eastWestPort());
        }
        ports.putAll(servicePorts());
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("node_id", nodeId);
        ready.put("ports", ports);
        ready.put("pid", ProcessHandle.current().pid());
        ready.put("ready_ms", readyMs);
        ready.put("phases_ms", phases.phases());
        ready.put("slowest_bundles_ms", phases.slowest(5));
        ready.put("profile", profile.name());
        ready.put("home", settings.home().toString());
        ready.put("data", settings.data().toString());
        Path tmp = readyFile().resolveSibling("ready.json.tmp");
        Files.writeString(tmp, JsonText.write(ready, true));
        // atomic: a script polling for the file never reads half of it
        Files.move(tmp, readyFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Stops every bundle and the framework, then removes ready.json. */
    @Override
    public void close() throws Exception {
        try {
            Files.deleteIfExists(readyFile());
        } catch (IOException e) {
            LOG.warning("could not remove " + readyFile() + ": " + e);
        }
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }
}
