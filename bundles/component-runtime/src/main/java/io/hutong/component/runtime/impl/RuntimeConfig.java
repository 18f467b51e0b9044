/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How many tasks the in-process runtime runs, how long it remembers them, and where their files go (PID {@code io.hutong.component.runtime}). */
@ObjectClassDefinition(name = "Hutong component runtime",
        description = "Runs algorithm components in-process: task slots, retention of finished tasks, storage and log locations")
public @interface RuntimeConfig {

    @AttributeDefinition(name = "Running tasks", description = "Tasks that run at the same time; each holds one thread")
    int max_running_tasks() default 4;

    @AttributeDefinition(name = "Waiting tasks", description = "Tasks accepted beyond the running ones, started as slots free up (they report RUNNING while they wait); 0 = refuse a task when every slot is taken")
    int max_waiting_tasks() default 0;

    @AttributeDefinition(name = "Retention of finished tasks (minutes)", description = "How long a SUCCESS or FAILED task stays queryable (in memory; its log file stays on disk)")
    long finished_retention_minutes() default 1440;

    @AttributeDefinition(name = "Finished tasks kept", description = "At most this many finished tasks are kept; the oldest are forgotten first")
    int max_finished_tasks() default 1000;

    @AttributeDefinition(name = "Storage", description = "system.storage given to tasks that bring none; empty = file://<data dir>/storage/. file://<dir> or s3://host:port?bucket=…&username=…&password=…[&secure=true][&region=…] (bucket defaults to storage)", required = false)
    String storage() default "";

    @AttributeDefinition(name = "Task log root", description = "Directory holding <task_id>/task.log when a task brings no config.log.path; empty = <data dir>/logs/tasks", required = false)
    String log_root() default "";
}
