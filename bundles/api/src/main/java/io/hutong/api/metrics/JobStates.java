/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.metrics;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The jobs this node's scheduler knows, counted by state, registered as a service by the control layer
 * and read by the metrics bundle at each scrape ({@code hutong_jobs{state}}).
 */
@ConsumerType
public interface JobStates {

    /**
     * @return the number of jobs in each state the store holds ({@code PENDING}, {@code READY},
     *         {@code RUNNING}, {@code FINISHED}, {@code FAILED}…); a state without jobs may be left out
     */
    Map<String, Long> countByState();
}
