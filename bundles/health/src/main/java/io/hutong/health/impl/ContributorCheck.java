/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.health.impl;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

import io.hutong.api.health.Health;
import io.hutong.api.health.HealthContributor;

/** One layer's health contribution as a Felix Health Check. */
final class ContributorCheck implements HealthCheck {

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
        // the contribution's details (queue depths, peers, key sizes …) as debug entries, name=value
        h.details().forEach((k, v) -> log.add(new ResultLog.Entry(k + "=" + v, true)));
        return new Result(log);
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
