/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.ComponentLauncher;
import io.hutong.api.component.TaskContext;

/**
 * A registered external component as the runtime sees every component: an {@link AlgorithmComponent}
 * whose task is run by a {@link ComponentLauncher} outside the JVM. The runtime's thread waits for the
 * launched code; interrupting it (cancel, stop) kills it. Exit code 0 is SUCCESS, anything else FAILED
 * with the code in the reason (spec 30 §1).
 */
final class ExternalComponent implements AlgorithmComponent {

    private final ComponentRegistration registration;
    private final Function<String, Optional<ComponentLauncher>> launchers;

    /** @param launchers the installed launcher of a type, looked up when a task starts */
    ExternalComponent(ComponentRegistration registration, Function<String, Optional<ComponentLauncher>> launchers) {
        this.registration = registration;
        this.launchers = launchers;
    }

    ComponentRegistration registration() {
        return registration;
    }

    @Override
    public Map<String, Object> selfDescription() {
        return registration.selfDescription();
    }

    @Override
    public String developer() {
        return registration.provider();
    }

    @Override
    public Map<String, Object> extension() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imageUrl", registration.imageUrl());
        m.put("launch", registration.launch().type());
        return m;
    }

    @Override
    public void run(TaskContext context) throws Exception {
        String type = registration.launch().type();
        ComponentLauncher launcher = launchers.apply(type).orElseThrow(() -> new IllegalStateException(
                "no launcher of type " + type + " is installed on this node (component " + registration.componentName()
                        + " " + registration.version() + " was registered with launch.type " + type + ")"));
        context.progress(0.0, "launching");
        ComponentLauncher.Launched launched = launcher.launch(new ComponentLauncher.Launch(context.taskId(),
                registration.imageUrl(), registration.launch(), context.environment(), context.logPath(), context::log));
        context.progress(Double.NaN, "running");
        int code;
        try {
            code = launched.waitFor();
        } catch (InterruptedException e) {
            context.log("the task is stopped: ending the component's " + type);
            launched.kill();
            throw e;
        }
        if (code != 0) {
            throw new Exception("the component's " + type + " exited with code " + code);
        }
    }
}
