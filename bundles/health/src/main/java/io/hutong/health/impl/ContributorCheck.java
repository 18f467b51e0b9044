/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.health.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

import io.hutong.api.health.Health;
import io.hutong.api.health.HealthContributor;

/** One layer's health contribution as a Felix Health Check. */
final class ContributorCheck implements HealthCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HealthContributor contributor;

    ContributorCheck(HealthContributor contributor) {
        this.contributor = contributor;
    }

    @Override
    public Result execute() {
        ResultLog log = new ResultLog();
        Health h;
        try {
            h = contributor.health();
        } catch (RuntimeException e) {
            // a contribution that throws is a failed check, not a failed executor
            log.add(new ResultLog.Entry(Result.Status.CRITICAL, "health check failed: " + e));
            return new Result(log);
        }
        log.add(new ResultLog.Entry(status(h.state()), h.message() == null ? h.state().name() : h.message()));
        // the contribution's details (queue depths, peers, key sizes …) as debug entries, name=<JSON value>:
        // readable in Felix's own views, and parsed back with their structure by the status endpoint
        h.details().forEach((k, v) -> log.add(new ResultLog.Entry(k + "=" + json(v), true)));
        return new Result(log);
    }

    /** @return {@code value} as JSON, or as a JSON string of its {@code toString()} when it has no JSON form */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            try {
                return JSON.writeValueAsString(String.valueOf(value));
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /** UP is OK, DEGRADED is WARN (working, needs attention), DOWN is CRITICAL. */
    static Result.Status status(Health.State state) {
        return switch (state) {
            case UP -> Result.Status.OK;
            case DEGRADED -> Result.Status.WARN;
            case DOWN -> Result.Status.CRITICAL;
        };
    }
}
