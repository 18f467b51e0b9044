/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.health.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.apache.felix.hc.api.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import io.hutong.api.health.Health;
import io.hutong.api.health.HealthContributor;

/** The checks {@link LayerHealthChecks} registers in a real (empty) Felix framework, in DS's binding orders. */
class LayerHealthChecksTest {

    @TempDir
    Path storage;
    private Framework framework;
    private BundleContext context;

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString()));
        framework.start();
        context = framework.getBundleContext();
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private static HealthContributor contributor(String layer, String name) {
        return new HealthContributor() {
            @Override
            public String layer() {
                return layer;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Health health() {
                return Health.up("ok", Map.of());
            }
        };
    }

    private List<String> checks() throws InvalidSyntaxException {
        List<String> names = new ArrayList<>();
        for (ServiceReference<HealthCheck> r : context.getServiceReferences(HealthCheck.class, null)) {
            names.add(r.getProperty(HealthCheck.NAME) + " " + String.join(",", (String[]) r.getProperty(HealthCheck.TAGS)));
        }
        names.sort(null);
        return names;
    }

    @Test
    void contributorsBoundBeforeActivationAreRegisteredToo() throws Exception {
        // DS binds the references a component has when it is created before it calls @Activate: these
        // contributors were lost (a null value in a ConcurrentHashMap threw in the bind method)
        LayerHealthChecks checks = new LayerHealthChecks();
        HealthContributor database = contributor("core", "database");
        checks.addContributor(database);
        checks.addContributor(contributor("transport", "queues"));
        checks.activate(context);
        checks.addContributor(contributor("tee", "uas"));
        assertEquals(List.of("core/database hutong,hutong.core", "tee/uas hutong,hutong.tee",
                "transport/queues hutong,hutong.transport"), checks());

        checks.removeContributor(database);
        assertEquals(2, checks().size(), "a contributor that leaves takes its check with it");
        checks.deactivate();
        assertEquals(List.of(), checks(), "none outlives the component");
    }
}
