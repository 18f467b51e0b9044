/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.algorithm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.ComponentDescription;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.transport.TransportSession;

/**
 * A test algorithm: copies its input to its output with a line saying which code ran it; waits for a
 * file named by a parameter first (so a test controls timing), and fails on request.
 *
 * <p>A Declarative Services component, as an algorithm bundle is written (design §7.3): bnd turns the
 * annotations into {@code OSGI-INF/io.hutong.itests.algorithm.CopyAlgorithm.xml} when the test classes are
 * built, and {@code TestBundles.writeComponents} packs it into the bundle the tests deploy.
 */
@Component(service = {AlgorithmComponent.class, ComponentDescription.class})
public class CopyAlgorithm implements AlgorithmComponent {

    /** The manifest header naming the version the deployed bundle registers. */
    public static final String VERSION_HEADER = "Algorithm-Version";
    /** A component property that wins over {@link #VERSION_HEADER} when configured. */
    public static final String VERSION_PROPERTY = "algorithm.version";

    private final String version;

    /** Takes the version from the configuration, else from the bundle's {@value #VERSION_HEADER} header. */
    @Activate
    public CopyAlgorithm(BundleContext context, Map<String, Object> properties) {
        Object configured = properties.get(VERSION_PROPERTY);
        this.version = configured != null ? configured.toString()
                : context.getBundle().getHeaders().get(VERSION_HEADER);
    }

    @Override
    public Map<String, Object> selfDescription() {
        return Map.of("componentName", "itest_copy", "title", "Copy (test)", "provider", "HUTONG",
                "version", version, "roleList", List.of("guest", "host"), "storageEngine", List.of("file"),
                "inputParam", List.of(Map.of("name", "wait_for", "type", "string"), Map.of("name", "fail", "type", "string")),
                "inputData", List.of(Map.of("name", "data", "category", "dataset")),
                "outputData", List.of(Map.of("name", "result", "category", "dataset")));
    }

    @Override
    public void run(TaskContext context) throws Exception {
        context.log("copy " + version + " starts");
        String waitFor = context.parameter("wait_for").orElse("");
        if (!waitFor.isEmpty()) {
            context.progress(0.1, "waiting for " + waitFor);
            Path go = Path.of(waitFor);
            while (!Files.exists(go)) {
                Thread.sleep(50); // interruption (cancel, removal) ends the wait
            }
        }
        String fail = context.parameter("fail").orElse("");
        if (!fail.isEmpty()) {
            throw new IllegalStateException(fail);
        }
        context.progress(0.5, "copying");
        // A class first loaded only now, after the wait: it shows whether the task's class loader still works.
        String late = new LateLoaded().describe();
        String echo = "";
        String peer = context.parameter("echo_to").orElse("");
        if (!peer.isEmpty()) {
            // through the node's transport: pushed towards the peer's node, popped from this node's queue
            TransportSession session = context.transport(peer);
            session.push(("hello from " + context.selfRole()).getBytes(StandardCharsets.UTF_8), Map.of(), "itest");
            echo = session.pop(Duration.ofSeconds(30), "itest").map(b -> new String(b, StandardCharsets.UTF_8))
                    .orElseThrow(() -> new IllegalStateException("no echo within 30 s"));
        }
        DataRef in = context.inputs().get("data");
        String body = in == null ? "" : Files.readString(context.storage().read(in), StandardCharsets.UTF_8);
        Path out = context.storage().write(context.outputs().get("result"));
        Files.writeString(out, "version=" + version + "\nloader=" + System.identityHashCode(getClass().getClassLoader())
                + "\nlate=" + late + "\n" + (echo.isEmpty() ? "" : "echo=" + echo + "\n") + body, StandardCharsets.UTF_8);
        context.log("copy " + version + " wrote " + out);
    }
}
