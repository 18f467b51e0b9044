/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.control.impl;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.hutong.api.metrics.JobStates;

/** The scheduler's jobs counted by status, for the node's metrics ({@code hutong_jobs{state}}). */
@Component
public class JobStateCounts implements JobStates {

    private final ControlPlane plane;

    @Activate
    public JobStateCounts(@Reference ControlPlane plane) {
        // static: the counts leave with the scheduler, and the metrics stop showing jobs rather than stale ones
        this.plane = plane;
    }

    @Override
    public Map<String, Long> countByState() {
        return plane.jobCountsByStatus();
    }
}
