/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the control layer (PID {@code io.hutong.control}). */
@ObjectClassDefinition(name = "Hutong control layer", description = "The scheduler and participant of jobs (spec 20).")
@interface ControlConfig {

    @AttributeDefinition(description = "Milliseconds between two rounds of the scheduler and participant work"
            + " (polling task states, starting ready tasks, pushing callbacks).", min = "20")
    long step_ms() default 250;

    @AttributeDefinition(description = "Milliseconds a round that found nothing to do waits before the next one;"
            + " any change to this node's jobs, tasks or runs starts the next round at once.", min = "20")
    long idle_step_ms() default 5000;

    @AttributeDefinition(description = "In callback mode, seconds a running task may go without a callback before"
            + " the scheduler polls it anyway (a callback lost while the scheduler was down).", min = "1")
    long callback_recheck_seconds() default 10;
}
