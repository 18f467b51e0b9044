/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Starts one task of an external component (one registered with {@code component/register}, spec 20
 * N8) outside the node's JVM: the SPI between the component runtime and what runs the component's code.
 *
 * <p>The runtime ships the process launcher ({@code type} {@code process}: runs a command on this
 * host). A container launcher (Docker, Kubernetes) is another bundle registering a service of this type
 * with its own {@link #type()}; a registration whose {@code launch.type} names it is then started by it.
 * The runtime keeps everything else: the task's state, its log, the callback, cancellation.
 */
@ConsumerType
public interface ComponentLauncher {

    /** The service property naming the launch type a launcher serves, equal to {@link #type()}. */
    String TYPE = "hutong.launcher.type";

    /** @return the {@code launch.type} this launcher starts, e.g. {@code process} or {@code docker} */
    String type();

    /**
     * Checks a launch spec when the component is registered, before any task of it runs.
     *
     * @throws IllegalArgumentException naming what is wrong, in the operator's terms
     */
    default void check(LaunchSpec spec) {
    }

    /**
     * Starts the task. Must not block until it ends.
     *
     * @throws IOException when it cannot be started (the task ends FAILED with the message)
     */
    Launched launch(Launch launch) throws IOException;

    /**
     * How a registered component is started, as the operator gave it in {@code launch}.
     *
     * @param type      the launcher type ({@code process} by default)
     * @param command   the command and its arguments (for {@code process}; a container launcher may use
     *                  it as the container's command)
     * @param directory the working directory, or null for the task's log directory
     */
    record LaunchSpec(String type, List<String> command, String directory) {
        public LaunchSpec {
            Objects.requireNonNull(type, "type");
            command = command == null ? List.of() : List.copyOf(command);
        }
    }

    /**
     * One task to start.
     *
     * @param taskId      {@code config.task_id}
     * @param imageUrl    the image the component was registered with
     * @param spec        the registration's launch spec
     * @param environment the environment contract of spec 30 §3, exactly the keys the component is to see
     * @param logPath     {@code config.log.path}, which exists
     * @param output      takes the component's output, one line per call (stdout and stderr)
     */
    record Launch(String taskId, String imageUrl, LaunchSpec spec, Map<String, String> environment, Path logPath,
            Consumer<String> output) {
        public Launch {
            environment = Map.copyOf(environment);
        }
    }

    /** A started task's code. */
    interface Launched {

        /**
         * Waits for the end; every line of output has been given to {@link Launch#output()} when it returns.
         *
         * @return the exit code: 0 success, &gt; 0 failure
         */
        int waitFor() throws InterruptedException;

        /** Ends it and everything it started (the process tree, the container), and waits a little for that. */
        void kill();
    }
}
